import { BadUserInputError } from "../errors";

/** Every type reachable through `node(id:)`. The names appear in global IDs: never rename. */
export const NODE_TYPES = [
  "Event",
  "Person",
  "CollectiveActor",
  "Statement",
  "Position",
  "Topic",
  "Source",
  "Place",
  "Role",
] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

export function toGlobalId(type: NodeTypeName, id: number): string {
  return Buffer.from(`${type}:${id}`, "utf8").toString("base64url");
}

export function fromGlobalId(globalId: string, argumentName = "id"): { type: NodeTypeName; id: number } {
  const decoded = /^[A-Za-z0-9_-]+$/.test(globalId) ? Buffer.from(globalId, "base64url").toString("utf8") : "";
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(decoded);
  const type = match?.[1] as NodeTypeName | undefined;
  if (!match || !type || !NODE_TYPES.includes(type) || Number(match[2]) > 2147483647) {
    throw new BadUserInputError(
      `"${globalId}" is not an ID issued by this server. Use the \`id\` field of an object you fetched.`,
      argumentName,
    );
  }
  return { type, id: Number(match[2]) };
}

/** Decodes a global ID that must name one type, e.g. `source(id:)`. */
export function fromGlobalIdOf(type: NodeTypeName, globalId: string, argumentName = "id"): number {
  const decoded = fromGlobalId(globalId, argumentName);
  if (decoded.type !== type) {
    throw new BadUserInputError(
      `ID "${globalId}" is the ID of type ${decoded.type}; a ${type} ID is expected here.`,
      argumentName,
    );
  }
  return decoded.id;
}

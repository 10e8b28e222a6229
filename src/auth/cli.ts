import "reflect-metadata";
import { parseArgs } from "node:util";
import type { Db } from "../db/client";
import { runCommand } from "../db/command";
import type { ApiKeyRecord, Scope } from "./keys";
import { createApiKey, keyRequestProblem, listApiKeys, revokeApiKey, SCOPE_DESCRIPTIONS, SCOPES } from "./keys";

const USAGE = `usage:
  npm run keys -- create --name "newsroom pipeline" --scope context:write [--scope ...]
  npm run keys -- list
  npm run keys -- revoke <id or prefix>

scopes:
${SCOPES.map((scope) => `  ${scope.padEnd(15)} ${SCOPE_DESCRIPTIONS[scope]}`).join("\n")}`;

class UsageError extends Error {}

function line(key: ApiKeyRecord): string {
  const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : "active";
  return `${String(key.id).padStart(4)}  ${key.prefix}…  ${key.scopes.join(",").padEnd(30)}  ${state.padEnd(32)}  ${key.name}`;
}

async function run(db: Db, command: string | undefined, rest: string[]): Promise<void> {
  if (command === "create") {
    const { values } = parseArgs({
      args: rest,
      options: { name: { type: "string" }, scope: { type: "string", multiple: true } },
      strict: true,
    });
    const scopes = values.scope ?? [];
    const problem = keyRequestProblem(values.name ?? "", scopes);
    if (problem) throw new UsageError(problem);
    const { key, record } = await createApiKey(db, values.name!, scopes as Scope[]);
    console.log(`Created key ${record.id} "${record.name}" with ${record.scopes.join(", ")}.`);
    console.log("This is the only time the key is shown: keep it now. The server stores its SHA-256 digest only.");
    // Alone on the last line, so that a script can take it: `KEY=$(npm run -s keys -- create ... | tail -1)`.
    console.log(key);
  } else if (command === "list") {
    if (rest.length > 0) throw new UsageError(`list takes no arguments (got "${rest[0]}")`);
    const keys = await listApiKeys(db);
    if (keys.length === 0) console.log("No API keys yet; `npm run keys -- create` makes one.");
    for (const key of keys) console.log(line(key));
  } else if (command === "revoke") {
    if (rest.length !== 1) throw new UsageError("revoke takes one key id or prefix");
    const which = /^\d+$/.test(rest[0]!) ? Number(rest[0]) : rest[0]!.replace(/…$/, "");
    const revoked = await revokeApiKey(db, which);
    if (!revoked)
      throw new UsageError(`no key has id or prefix "${rest[0]!.slice(0, 40)}"; \`npm run keys -- list\` shows them`);
    console.log(line(revoked));
  } else if (command === "help" || command === "--help" || command === "-h") {
    console.log(USAGE);
  } else {
    throw new UsageError(command === undefined ? "a command is needed" : `unknown command "${command.slice(0, 40)}"`);
  }
}

/** `npm run keys -- create|list|revoke`: manages API keys in the database the server uses. */
runCommand(async (db) => {
  const [command, ...rest] = process.argv.slice(2);
  try {
    await run(db, command, rest);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError && "code" in error)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
});

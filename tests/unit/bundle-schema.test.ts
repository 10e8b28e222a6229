import { readFileSync } from "node:fs";
import path from "node:path";
import { bundleJsonSchema, bundleSchema } from "../../src/bundle/schema";
import { prepareBundle } from "../../src/bundle/verify";

const ROOT = path.join(__dirname, "../..");
const read = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), "utf8")) as Record<string, unknown>;

describe("the context-bundle format", () => {
  it("the committed JSON Schema is the one the zod schema gives", () => {
    expect(bundleJsonSchema()).toEqual(read("schemas/context-bundle.schema.json"));
  });

  it("the seed bundle is a valid bundle, points editors at the committed schema, and its spans hold", async () => {
    const seed = read("seed/anchorage-summit.bundle.json");
    expect(seed.$schema).toBe("../schemas/context-bundle.schema.json");
    expect(bundleSchema.safeParse(seed).error).toBeUndefined();
    const prepared = await prepareBundle(seed);
    expect(prepared.statementSpans).toHaveLength(15);
    expect(prepared.external).toEqual({ places: [], actors: [], topics: [], events: [] });
  });

  it("the committed JSON Schema lists the seed's top-level fields and allows nothing else", () => {
    const schema = read("schemas/context-bundle.schema.json") as {
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: boolean;
    };
    const seed = read("seed/anchorage-summit.bundle.json");
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(seed).filter((field) => !(field in schema.properties))).toEqual([]);
    expect(schema.required.filter((field) => !(field in seed))).toEqual([]);
  });
});

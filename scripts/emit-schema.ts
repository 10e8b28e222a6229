import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { lexicographicSortSchema, printSchema } from "graphql";
import { getSchema } from "../src/schema";

const HEADER = "# Generated from the type-graphql classes in src/ by `npm run schema:emit`. Do not edit.\n\n";
const target = path.resolve(__dirname, "..", "schema.graphql");

async function main(): Promise<void> {
  const sdl = HEADER + printSchema(lexicographicSortSchema(await getSchema())) + "\n";
  if (process.argv.includes("--check")) {
    const committed = readFileSync(target, "utf8");
    if (committed !== sdl) {
      console.error(
        "schema.graphql differs from the schema the code builds. Run `npm run schema:emit` and commit the result.",
      );
      process.exit(1);
    }
    console.log("schema.graphql matches the code.");
    return;
  }
  writeFileSync(target, sdl);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

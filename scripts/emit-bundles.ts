/**
 * Writes what is generated from the context-bundle schema and the hand-written seed:
 *
 *   npm run bundles            schemas/context-bundle.schema.json and seed/*.bundle.json
 *   npm run bundles -- --check fail if either differs from what the code and the YAML give
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bundleJsonSchema } from "../src/bundle/schema";
import { readContextFile } from "../src/seed/context-file";
import { contextFileToBundle } from "../src/seed/to-bundle";

const ROOT = path.resolve(__dirname, "..");
const SCHEMA_FILE = path.join(ROOT, "schemas", "context-bundle.schema.json");
const SEED_DIR = path.join(ROOT, "seed");

function outputs(): Map<string, string> {
  const files = new Map<string, string>();
  files.set(SCHEMA_FILE, JSON.stringify(bundleJsonSchema(), null, 2) + "\n");
  for (const name of readdirSync(SEED_DIR).filter((file) => file.endsWith(".context.yaml"))) {
    const bundle = contextFileToBundle(
      readContextFile(path.join(SEED_DIR, name)),
      "../schemas/context-bundle.schema.json",
    );
    files.set(
      path.join(SEED_DIR, name.replace(/\.context\.yaml$/, ".bundle.json")),
      JSON.stringify(bundle, null, 2) + "\n",
    );
  }
  return files;
}

function main(): void {
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  for (const [file, content] of outputs()) {
    const relative = path.relative(ROOT, file);
    if (check) {
      let committed: string | undefined;
      try {
        committed = readFileSync(file, "utf8");
      } catch {
        committed = undefined;
      }
      if (committed !== content) stale.push(relative);
    } else {
      writeFileSync(file, content);
      console.log(`wrote ${relative}`);
    }
  }
  if (stale.length > 0) {
    console.error(
      `${stale.join(", ")} differ from what the bundle schema and seed/*.context.yaml give. Run \`npm run bundles\` and commit the result.`,
    );
    process.exit(1);
  }
  if (check) console.log("the bundle schema and the seed bundles match the code and the YAML.");
}

main();

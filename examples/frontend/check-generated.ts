/**
 * Exits 1 when src/generated differs from what the schema and the operations give now, or when
 * an operation no longer validates against the schema.
 *
 * It regenerates in memory and formats the result as the config's prettier hook does. The CLI's
 * own `--check` compares the unformatted output with the file, so it would always call the
 * formatted file stale.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { generate } from "@graphql-codegen/cli";
import { format, resolveConfig } from "prettier";
import config from "./codegen";

async function main(): Promise<number> {
  let outputs: Awaited<ReturnType<typeof generate>>;
  try {
    outputs = await generate({ ...config, hooks: {}, silent: true }, false);
  } catch (error) {
    const details = error instanceof AggregateError ? error.errors : [error];
    console.error("frontend:check: code generation failed:");
    for (const detail of details) console.error(detail instanceof Error ? detail.message : String(detail));
    return 1;
  }

  const stale: string[] = [];
  for (const output of outputs) {
    const options = (await resolveConfig(output.filename)) ?? {};
    const expected = await format(output.content, { ...options, filepath: output.filename });
    const committed = await readFile(output.filename, "utf8").catch(() => undefined);
    if (committed !== expected) stale.push(path.relative(process.cwd(), output.filename));
  }
  if (stale.length > 0) {
    console.error(`frontend:check: stale generated files (run \`npm run frontend:codegen\`): ${stale.join(", ")}`);
    return 1;
  }
  console.log(`frontend:check: ${outputs.length} generated file(s) up to date`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);

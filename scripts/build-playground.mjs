// Builds the self-hosted GraphiQL playground into dist-playground/ (served at GET / by
// src/playground/playground.ts): playground/ is the page, examples/operations/*.graphql its examples.
// Everything the page loads is in the output, Monaco's workers included: it makes no request to any
// other origin than the server's. Runs at `npm install` (postinstall); skips itself when the
// devDependencies are not installed (`npm ci --omit=dev`), in which case GET / answers 503.
import console from "node:console";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PAGE_DIR = path.join(ROOT, "playground");
const EXAMPLES_DIR = path.join(ROOT, "examples", "operations");
const SCHEMA_FILE = path.join(ROOT, "schema.graphql");
const OUT_DIR = path.join(ROOT, "dist-playground");
const EXAMPLES_MODULE = "playground:examples";
const TITLE_LINE = /^#\s*Title:\s*(\S.*?)\s*$/;

class ExampleError extends Error {}

const BUILD_PACKAGES = ["esbuild", "graphiql", "@graphiql/react", "react", "react-dom"];

function isInstalled(packageName) {
  try {
    createRequire(import.meta.url).resolve(`${packageName}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** Reads, parses and validates every example; throws ExampleError naming the file on any problem. */
function readExamples(graphql) {
  if (!existsSync(EXAMPLES_DIR)) return [];
  const schema = existsSync(SCHEMA_FILE) ? graphql.buildSchema(readFileSync(SCHEMA_FILE, "utf8")) : null;
  // Listed in file-name order; an optional numeric prefix ("1-summit-context.graphql") orders them
  // and is not part of the example's name.
  const files = readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith(".graphql"))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return files.map((file) => {
    const where = path.relative(ROOT, path.join(EXAMPLES_DIR, file));
    const stem = file.slice(0, -".graphql".length);
    const name = stem.replace(/^\d+[-_.]/, "");
    const lines = readFileSync(path.join(EXAMPLES_DIR, file), "utf8").split("\n");
    const titleIndex = lines.findIndex((line) => line.trim() !== "");
    const title = TITLE_LINE.exec(lines[titleIndex] ?? "")?.[1];
    if (!title) throw new ExampleError(`${where}: the first line must be "# Title: <what this example shows>"`);
    const query = lines
      .slice(titleIndex + 1)
      .join("\n")
      .replace(/^\s*\n/, "");

    let document;
    try {
      document = graphql.parse(query);
    } catch (error) {
      throw new ExampleError(`${where}: ${error.message}`);
    }
    const operations = document.definitions.filter(
      (definition) => definition.kind === graphql.Kind.OPERATION_DEFINITION,
    );
    if (operations.length !== 1) {
      throw new ExampleError(`${where}: holds ${operations.length} operations; put exactly one in each file`);
    }
    const [operation] = operations;
    if (schema) {
      const errors = graphql.validate(schema, document);
      if (errors.length > 0) {
        const details = errors.map((error) => `  ${error.message}`).join("\n");
        throw new ExampleError(`${where}: does not validate against schema.graphql:\n${details}`);
      }
    }

    const variablesFile = path.join(EXAMPLES_DIR, `${stem}.variables.json`);
    let variables = "";
    if (existsSync(variablesFile)) {
      let value;
      try {
        value = JSON.parse(readFileSync(variablesFile, "utf8"));
      } catch (error) {
        throw new ExampleError(`${path.relative(ROOT, variablesFile)}: ${error.message}`);
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new ExampleError(`${path.relative(ROOT, variablesFile)}: must hold a JSON object`);
      }
      variables = JSON.stringify(value, null, 2);
    }
    const given = variables ? JSON.parse(variables) : {};
    for (const definition of operation.variableDefinitions ?? []) {
      const variable = definition.variable.name.value;
      if (definition.type.kind === graphql.Kind.NON_NULL_TYPE && !definition.defaultValue && !(variable in given)) {
        throw new ExampleError(
          `${where}: $${variable} is required; give it a default or set it in ${stem}.variables.json`,
        );
      }
    }

    return {
      name,
      title,
      operationType: operation.operation,
      operationName: operation.name?.value ?? null,
      query,
      variables,
    };
  });
}

/** Serves `import examples from "playground:examples"` to the page's bundle. */
function examplesPlugin(examples) {
  return {
    name: "playground-examples",
    setup(build) {
      build.onResolve({ filter: /^playground:examples$/ }, () => ({ path: EXAMPLES_MODULE, namespace: "examples" }));
      build.onLoad({ filter: /.*/, namespace: "examples" }, () => ({
        contents: `export default ${JSON.stringify(examples)};`,
        loader: "js",
        watchFiles: [],
        watchDirs: [EXAMPLES_DIR],
      }));
    },
  };
}

/**
 * Monaco's modules import their own CSS; graphiql/style.css already carries all of it (its icon
 * font inlined), and esbuild would split the rest into files nothing loads. The stylesheet is
 * built from playground/playground.css instead.
 */
const ignoreCssImportedFromJs = {
  name: "ignore-css-imported-from-js",
  setup(build) {
    build.onResolve({ filter: /\.css$/ }, (args) =>
      args.kind === "import-statement" || args.kind === "dynamic-import" || args.kind === "require-call"
        ? { path: args.path, namespace: "ignored-css" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "ignored-css" }, () => ({ contents: "", loader: "js" }));
  },
};

function directorySize(dir) {
  return readdirSync(dir, { withFileTypes: true }).reduce((total, entry) => {
    const full = path.join(dir, entry.name);
    return total + (entry.isDirectory() ? directorySize(full) : statSync(full).size);
  }, 0);
}

async function main() {
  const started = Date.now();
  const missing = BUILD_PACKAGES.filter((name) => !isInstalled(name));
  if (missing.length > 0) {
    console.warn(
      `playground: not built, ${missing.join(", ")} not installed (devDependencies omitted?); GET / will answer 503`,
    );
    return;
  }
  const esbuild = await import("esbuild");
  const graphql = await import("graphql");

  let examples;
  try {
    examples = readExamples(graphql);
  } catch (error) {
    if (!(error instanceof ExampleError)) throw error;
    console.error(`playground: ${error.message}`);
    process.exitCode = 1;
    return;
  }

  const staging = `${OUT_DIR}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.join(staging, "assets"), { recursive: true });
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    legalComments: "linked",
    target: ["es2022", "chrome111", "firefox115", "safari16.4"],
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
  };
  try {
    await Promise.all([
      esbuild.build({
        ...common,
        entryPoints: { main: path.join(PAGE_DIR, "main.tsx") },
        outdir: path.join(staging, "assets"),
        format: "esm",
        splitting: true,
        chunkNames: "chunks/[name]-[hash]",
        jsx: "automatic",
        plugins: [examplesPlugin(examples), ignoreCssImportedFromJs],
      }),
      esbuild.build({
        ...common,
        entryPoints: {
          "editor.worker": "monaco-editor/esm/vs/editor/editor.worker.js",
          "json.worker": "monaco-editor/esm/vs/language/json/json.worker.js",
          "graphql.worker": "monaco-graphql/esm/graphql.worker.js",
        },
        outdir: path.join(staging, "assets"),
        format: "iife",
      }),
      esbuild.build({
        ...common,
        entryPoints: { playground: path.join(PAGE_DIR, "playground.css") },
        outdir: path.join(staging, "assets"),
        loader: { ".ttf": "file", ".woff": "file", ".woff2": "file", ".svg": "file", ".png": "file" },
      }),
    ]);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(path.join(staging, "index.html"), readFileSync(path.join(PAGE_DIR, "index.html")));

  // Swap in the new build whole, so a running server never serves half of one.
  rmSync(OUT_DIR, { recursive: true, force: true });
  renameSync(staging, OUT_DIR);

  const megabytes = (directorySize(OUT_DIR) / 1e6).toFixed(1);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const names = examples.map((example) => example.name).join(", ") || "none";
  console.log(
    `playground: built ${path.relative(ROOT, OUT_DIR)}/ (${megabytes} MB) in ${seconds} s; examples: ${names}`,
  );
}

main().catch((error) => {
  console.error(`playground: build failed: ${error?.stack ?? error}`);
  process.exitCode = 1;
});

/**
 * GraphQL Code Generator config: typed operations for the example queries in ../operations,
 * checked against the committed ../../schema.graphql. Run `npm run frontend:codegen` after
 * changing either; `npm run frontend:check` fails when the committed output is stale.
 */
import path from "node:path";
import type { CodegenConfig } from "@graphql-codegen/cli";

/** The generated file, also read by check-generated.ts. */
export const OUTPUT = path.join(__dirname, "src/generated/graphql.ts");

const config: CodegenConfig = {
  schema: path.join(__dirname, "../../schema.graphql"),
  documents: path.join(__dirname, "../operations/*.graphql"),
  generates: {
    [OUTPUT]: {
      // typescript-operations 6 emits the enums and input types the operations use by itself,
      // so the `typescript` plugin (every schema type) is not needed.
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        // DateTime and LocalDate travel as JSON strings, JSON as any JSON value; a new scalar fails generation until mapped here.
        scalars: { DateTime: "string", LocalDate: "string", JSON: "unknown" },
        strictScalars: true,
        useTypeImports: true,
      },
    },
  },
  // Formatted like the rest of the repository; check-generated.ts formats the same way.
  hooks: { afterOneFileWrite: ["prettier --write"] },
};

export default config;

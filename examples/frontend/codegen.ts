import path from "node:path";
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: path.join(__dirname, "../../schema.graphql"),
  documents: path.join(__dirname, "../operations/*.graphql"),
  generates: {
    [path.join(__dirname, "src/generated/graphql.ts")]: {
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        scalars: { DateTime: "string", LocalDate: "string" },
        strictScalars: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;

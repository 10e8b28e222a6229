import { defineConfig } from "prisma/config";

// Only `prisma generate` is run through the CLI; migrations go through scripts/db-migrate.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
});

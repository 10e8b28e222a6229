import "reflect-metadata";
import { runCommand } from "../db/command";
import { DEFAULT_BUNDLE_FILE, seedFile } from "./seed";

/** `npm run seed [-- file.bundle.json | file.context.yaml]`: loads a bundle (the seed's by default) into the configured database. */
runCommand(async (db) => {
  console.log(JSON.stringify(await seedFile(db, process.argv[2] ?? DEFAULT_BUNDLE_FILE)));
  return 0;
});

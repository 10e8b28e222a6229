import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../config";
import type { Db } from "../db/client";
import type { Author, IngestSummary } from "../ingest/ingest";
import { ingestBundle } from "../ingest/ingest";
import type { ContextFile } from "./context-file";
import { readContextFile } from "./context-file";
import { contextFileToBundle } from "./to-bundle";

/** The seed: the context bundle made from seed/anchorage-summit.context.yaml by `npm run bundles`. */
export const DEFAULT_BUNDLE_FILE = path.join(projectRoot, "seed", "anchorage-summit.bundle.json");
export const DEFAULT_CONTEXT_FILE = path.join(projectRoot, "seed", "anchorage-summit.context.yaml");

const SEED_AUTHOR: Author = { apiKeyId: null, name: "seed", operation: "seed" };

export interface SeedSummary {
  source: string;
  places: number;
  actors: number;
  topics: number;
  events: number;
  statements: number;
  positions: number;
  /** False when the same bundle had been loaded already, and nothing was written. */
  changed: boolean;
}

/** What the seed holds, in the words start-up logs. */
function seedSummary(summary: IngestSummary): SeedSummary {
  const total = (kind: "places" | "actors" | "topics" | "events" | "statements" | "positions") =>
    summary.created[kind] + summary.updated[kind] + summary.unchanged[kind];
  return {
    source: summary.source,
    places: total("places"),
    actors: total("actors"),
    topics: total("topics"),
    events: total("events"),
    statements: total("statements"),
    positions: total("positions"),
    changed: summary.changed,
  };
}

/** Loads a bundle file (`*.bundle.json`) or a hand-written context file (`*.context.yaml`). */
export async function seedFile(db: Db, file: string): Promise<SeedSummary> {
  const bundle = file.endsWith(".json")
    ? (JSON.parse(readFileSync(file, "utf8")) as unknown)
    : contextFileToBundle(readContextFile(file), "");
  return seedSummary(await ingestBundle(db, bundle, { author: SEED_AUTHOR }));
}

/** Writes a parsed context file, as the bundle it converts to. */
export async function seedContext(db: Db, file: ContextFile): Promise<SeedSummary> {
  return seedSummary(await ingestBundle(db, contextFileToBundle(file, ""), { author: SEED_AUTHOR }));
}

export async function seedDefault(db: Db): Promise<SeedSummary> {
  return seedFile(db, DEFAULT_BUNDLE_FILE);
}

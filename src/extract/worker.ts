/** The extraction worker thread's task: one text in, its draft out (see pool.ts). */
import type { DraftBundle, ExtractOptions } from "./draft";
import { extractDraft } from "./draft";

export interface ExtractTask {
  text: string;
  options: ExtractOptions;
}

// Warmed as the thread loads, before the pool calls it ready: compromise builds its lexicon on
// its first text, and that first cost should not count against a request's deadline.
extractDraft('"We are ready," the mayor said on Tuesday.', { publishedOn: "2026-01-01" });

export default function extract({ text, options }: ExtractTask): DraftBundle {
  return extractDraft(text, options);
}

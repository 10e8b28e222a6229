/** The extraction worker thread's task: one text in, its draft out (see pool.ts). */
import type { DraftBundle, ExtractOptions } from "./draft";
import { extractDraft } from "./draft";

export interface ExtractTask {
  text: string;
  options: ExtractOptions;
}

export default function extract({ text, options }: ExtractTask): DraftBundle {
  return extractDraft(text, options);
}

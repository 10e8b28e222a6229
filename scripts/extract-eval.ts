/**
 * Scores the extractor against the gold set in tests/extraction/: quote-span precision and recall
 * (a prediction matches a gold quote when it covers ≥ 80 % of the gold span), speaker accuracy on
 * matched quotes whose gold speaker is named, and the share of gold-unattributed quotes predicted
 * unattributed; overall and per pattern.
 */
import { extractDraft } from "../src/extract/draft";
import type { GoldPassage } from "../tests/extraction/gold";
import { loadGoldSet, SPLITS } from "../tests/extraction/gold";

export { loadGoldSet };
export type { GoldPassage };

const normal = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .split(/\s+/)
    .filter(Boolean);

/** Same name after normalising, or one's words a whole-word suffix of the other's ("Trump", "Donald Trump"). */
export function sameSpeaker(predicted: string, gold: string): boolean {
  const a = normal(predicted);
  const b = normal(gold);
  if (!a.length || !b.length) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.every((w, i) => long[long.length - short.length + i] === w);
}

interface Tally {
  predicted: number;
  matchedPredicted: number;
  gold: number;
  found: number;
  named: number;
  namedRight: number;
  unattributed: number;
  unattributedKept: number;
}
const empty = (): Tally => ({
  predicted: 0,
  matchedPredicted: 0,
  gold: 0,
  found: 0,
  named: 0,
  namedRight: 0,
  unattributed: 0,
  unattributedKept: 0,
});

export function evaluate(passages: GoldPassage[]) {
  const total = empty();
  const byPattern = new Map<string, Tally>();
  const bySplit = new Map<string, Tally>();
  const misses: string[] = [];
  for (const p of passages) {
    const extracted = extractDraft(p.text, { publishedOn: p.publishedOn });
    // Scored are the direct quotes; reported speech (PARAPHRASE candidates) is not in the gold set.
    const draft = { ...extracted, statements: extracted.statements.filter((s) => s.kind === "DIRECT_QUOTE") };
    const names = new Map(draft.actors.map((a) => [a.slug, a.name]));
    const tallies = [
      total,
      bySplit.get(p.split) ?? bySplit.set(p.split, empty()).get(p.split)!,
      ...p.patterns.map((name) => byPattern.get(name) ?? byPattern.set(name, empty()).get(name)!),
    ];
    const covers = (s: { start: number; end: number }, g: { start: number; end: number }) =>
      Math.max(0, Math.min(s.end, g.end) - Math.max(s.start, g.start)) >= 0.8 * (g.end - g.start);
    for (const t of tallies) {
      t.predicted += draft.statements.length;
      t.matchedPredicted += draft.statements.filter((s) => p.quotes.some((g) => covers(s, g))).length;
    }
    for (const s of draft.statements)
      if (p.split !== "heldout" && !p.quotes.some((g) => covers(s, g)))
        misses.push(`${p.id}: extra quote "${s.exact}"`);
    for (const g of p.quotes) {
      const match = draft.statements.find((s) => covers(s, g));
      const speaker = match?.speaker ? (names.get(match.speaker) ?? match.speaker) : null;
      for (const t of tallies) {
        t.gold += 1;
        if (!match) continue;
        t.found += 1;
        if (g.speaker !== null) {
          t.named += 1;
          if (speaker !== null && sameSpeaker(speaker, g.speaker)) t.namedRight += 1;
        } else {
          t.unattributed += 1;
          if (speaker === null) t.unattributedKept += 1;
        }
      }
      // A held-out passage's misses are not told: its scores stay an estimate for unseen text.
      if (p.split === "heldout") continue;
      if (!match) misses.push(`${p.id}: missed "${g.exact}"`);
      else if (g.speaker !== null && !(speaker && sameSpeaker(speaker, g.speaker)))
        misses.push(`${p.id}: "${g.exact}" given to ${speaker ?? "nobody"}, not ${g.speaker}`);
      else if (g.speaker === null && speaker !== null)
        misses.push(`${p.id}: "${g.exact}" given to ${speaker}, not left unattributed`);
    }
  }
  return { total, byPattern, bySplit, misses };
}

const ratio = (a: number, b: number) => (b === 0 ? "  n/a" : (a / b).toFixed(3));
const row = (name: string, t: Tally) =>
  `${name.padEnd(28)} ${ratio(t.matchedPredicted, t.predicted)}     ${ratio(t.found, t.gold)}   ${ratio(t.namedRight, t.named)} (${t.namedRight}/${t.named})   ${ratio(t.unattributedKept, t.unattributed)} (${t.unattributedKept}/${t.unattributed})`;

if (require.main === module) {
  const passages = loadGoldSet();
  const { total, byPattern, bySplit, misses } = evaluate(passages);
  const lines = [
    `${passages.length} passages, ${total.gold} gold quotes, ${total.predicted} predicted`,
    `${"".padEnd(28)} precision recall  speaker         unattributed kept`,
    row("all", total),
    ...SPLITS.filter((name) => bySplit.has(name)).map((name) => row(`  split: ${name}`, bySplit.get(name)!)),
    ...[...byPattern.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, t]) => row(`  ${name}`, t)),
    "",
    ...misses,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

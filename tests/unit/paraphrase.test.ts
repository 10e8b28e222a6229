/**
 * Reported speech drafted as PARAPHRASE candidates: on the seed article, each one lies inside a
 * paraphrase of the hand-made seed and names its speaker; on an invented passage, every form
 * (`said on Tuesday that`, `told reporters that`, `…, X said`, `according to X`, a participle) and what is left out.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { prepareBundle } from "../../src/bundle/verify";
import { extractDraft } from "../../src/extract/draft";

const ROOT = path.join(__dirname, "../..");

/** Fictional, written for this test. */
const PASSAGE = [
  "KESTON — Board chair Marisol Ventana told reporters that rationing would begin in March unless the spring rains arrived.",
  "Farmers would be the first to feel the cuts, Ventana said.",
  "Ventana said on Tuesday that the wells in the north had run dry.",
  "According to the state climate office, the dry spell is likely to last into the summer.",
  'Opposition councillor Dev Raman, who argues that the board acted too late, called the plan "a half measure."',
  "It has been said that the valley never recovers quickly.",
  "Raman said the council would vote on an emergency fund next week, but he warned that the fund could not cover every farm.",
].join("\n");

const paraphrases = (text: string, publishedOn?: string) =>
  extractDraft(text, { publishedOn }).statements.filter((s) => s.kind === "PARAPHRASE");

describe("paraphrase candidates", () => {
  it("the seed article: seven claims, each inside one of the seed's paraphrases, by the same speaker", () => {
    const text = readFileSync(path.join(ROOT, "seed/anchorage-summit.txt"), "utf8");
    const seed = JSON.parse(readFileSync(path.join(ROOT, "seed/anchorage-summit.bundle.json"), "utf8")) as {
      statements: { kind: string; speaker: string; span: { start: number; end: number } }[];
    };
    const found = paraphrases(text, "2025-08-15");
    expect(found.map(({ exact, speaker, verb }) => [exact, speaker, verb])).toEqual([
      [
        "a joint press conference will follow the summit to discuss the outcomes of the meeting",
        "karoline-leavitt",
        "according to",
      ],
      [
        "he will not be open to expanding commercial ties until the violence in Ukraine ceases",
        "donald-trump",
        "made it clear",
      ],
      [
        "there would be serious repercussions if no progress is made toward ending the war",
        "donald-trump",
        "indicating",
      ],
      ["this would not entail Ukraine joining NATO", "donald-trump", "noted"],
      ["ceding territory would violate Ukraine's constitution", "volodymyr-zelenskyy", "argues"],
      ["discussions about potential land exchanges would be on the agenda", "donald-trump", "acknowledged"],
      ["the decision ultimately lies with Ukraine", "donald-trump", "emphasized"],
    ]);
    const seedParaphrases = seed.statements.filter((s) => s.kind === "PARAPHRASE");
    for (const p of found) {
      const holder = seedParaphrases.find((s) => s.span.start <= p.start && p.end <= s.span.end);
      expect(holder?.speaker).toBe(p.speaker);
      expect([...text].slice(p.start, p.end).join("")).toBe(p.exact);
    }
  });

  it("drafts every form of reported speech, with a flag each, and leaves out quoted and unattributed sentences", () => {
    const draft = extractDraft(PASSAGE, { publishedOn: "2026-03-04" });
    const found = draft.statements.filter((s) => s.kind === "PARAPHRASE");
    const at = (exact: string) => [...PASSAGE.slice(0, PASSAGE.indexOf(exact))].length;
    const candidate = (exact: string, speaker: string, verb: string, speakerMention: string, confidence: number) => ({
      kind: "PARAPHRASE",
      text: `${exact[0]!.toUpperCase()}${exact.slice(1)}.`,
      exact,
      start: at(exact),
      end: at(exact) + [...exact].length,
      speaker,
      verb,
      speakerMention,
      confidence,
    });
    expect(
      found.map(({ kind, text, exact, start, end, speaker, verb, speakerMention, confidence }) => ({
        kind,
        text,
        exact,
        start,
        end,
        speaker,
        verb,
        speakerMention,
        confidence,
      })),
    ).toEqual([
      candidate(
        "rationing would begin in March unless the spring rains arrived",
        "marisol-ventana",
        "told",
        "Board chair Marisol Ventana",
        0.95,
      ),
      candidate("Farmers would be the first to feel the cuts", "marisol-ventana", "said", "Ventana", 0.95),
      candidate("the wells in the north had run dry", "marisol-ventana", "said", "Ventana", 0.95),
      candidate(
        "the dry spell is likely to last into the summer",
        "state-climate-office",
        "according to",
        "the state climate office",
        0.85,
      ),
      candidate("the council would vote on an emergency fund next week", "dev-raman", "said", "Raman", 0.95),
      candidate("the fund could not cover every farm", "dev-raman", "warned", "he", 0.85),
    ]);
    // When it was said is read around the claim, not inside it ("in March" is the claim's).
    expect(found.map((s) => s.saidAt ?? null)).toEqual([null, null, "2026-03-03T00:00:00Z", null, null, null]);
    expect(draft.review.filter((r) => r.flag === "PARAPHRASE_CANDIDATE")).toEqual(
      found.map((s) => ({
        path: `statements[${draft.statements.indexOf(s)}]`,
        flag: "PARAPHRASE_CANDIDATE",
        message: `reported speech (${s.verb}), drafted as a paraphrase: keep it with \`text\` stating the claim in neutral words, or drop it`,
      })),
    );
  });

  it("a claim whose speaker is only a guess is flagged LOW_CONFIDENCE besides PARAPHRASE_CANDIDATE", () => {
    // Fictional: "the mayor" is no one the text names, so the claim goes to the last subject, for review.
    const text =
      "Harbour master Jonas Weir closed the north pier on Monday. The mayor told the council that the pier would reopen in May.";
    const draft = extractDraft(text);
    expect(draft.statements.map(({ kind, exact, speaker, confidence }) => [kind, exact, speaker, confidence])).toEqual([
      ["PARAPHRASE", "the pier would reopen in May", "jonas-weir", 0.55],
    ]);
    expect(draft.review.filter((r) => r.path.startsWith("statements"))).toEqual([
      {
        path: "statements[0]",
        flag: "PARAPHRASE_CANDIDATE",
        message:
          "reported speech (told), drafted as a paraphrase: keep it with `text` stating the claim in neutral words, or drop it",
      },
      {
        path: "statements[0].speaker",
        flag: "LOW_CONFIDENCE",
        message: 'speaker jonas-weir at confidence 0.55: "The mayor" taken as the most recent subject, Jonas Weir',
      },
    ]);
  });

  it("a reviewed draft with paraphrases is a valid bundle", async () => {
    const draft = extractDraft(PASSAGE, { publishedOn: "2026-03-04", sourceSlug: "fictional-keston-water" });
    const reviewed = {
      ...draft,
      source: { ...draft.source, title: "Keston water board plans rationing (fictional test passage)" },
      statements: draft.statements.filter((s) => s.speaker !== null),
      review: [],
    };
    const prepared = await prepareBundle(reviewed);
    expect(prepared.bundle.statements?.filter((s) => s.kind === "PARAPHRASE")).toHaveLength(6);
  });
});

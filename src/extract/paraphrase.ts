import type { Attribution, Attributor } from "./attribution";
import { MENTION } from "./attribution";
import type { Quote } from "./quotes";
import type { Range } from "./text";
import { wordCount } from "./text";

/** Reported speech: a claim the text attributes without quoting it, drafted as a paraphrase for review. */
export interface Reported {
  /** Offsets of the claim's words (UTF-16 units), without the final stop. */
  start: number;
  end: number;
  exact: string;
  attribution: Attribution;
}

/** Verbs that report a claim in a `that` clause ("warned that …"), in their reported and participle forms. */
const REPORTING =
  "said|says|saying|told|tells|telling|warned|warns|warning|argued|argues|arguing|claimed|claims|claiming|insisted|insists|insisting|noted|notes|noting|stated|states|added|adds|adding|announced|announces|acknowledged|acknowledges|conceded|concedes|admitted|admits|indicated|indicates|indicating|emphasized|emphasised|emphasizes|emphasizing|emphasising|stressed|stresses|stressing|suggested|suggests|suggesting|predicted|predicts|promised|promises|vowed|vows|explained|explains|confirmed|confirms|maintained|maintains|contended|contends|reiterated|reiterates|asserted|asserts|cautioned|pledged|pledges|signalled|signaled|signals|believes|believed|made\\s+(?:it\\s+)?clear|pointed\\s+out|wrote|writes|reported|reports|testified|alleged|alleges|complained|denied";
/** Verbs that take a claim without `that` in news prose ("said the plan would fail"). */
const BARE = "said|says|told|tells|warned|added|argued|insisted|claimed|believes";
/** Who is told, between a verb and its claim ("told reporters that"). */
const HEARER =
  "(?:\\s+(?:reporters|journalists|lawmakers|legislators|investors|analysts|supporters|delegates|members|parliament|the\\s+\\p{Ll}+|him|her|them|us|me|\\p{Lu}[\\p{L}'’-]*(?:\\s+\\p{Lu}[\\p{L}'’-]*)*))?";
/** A time or setting between verb and claim ("said on Tuesday", "said in a statement"). */
const SETTING = "(?:,?\\s+(?:on|in|at|during|after|before|late|earlier|last|this)\\s+[^,;]{1,40}?,?)?";

const THAT_CLAUSE = new RegExp(`\\b(${REPORTING})${HEARER}${SETTING}\\s+that\\s+`, "gu");
const BARE_CLAUSE = new RegExp(
  `\\b(${BARE})${HEARER}${SETTING}\\s+(?=(?:the|a|an|it|he|she|they|we|this|that|there|his|her|their|its|no|\\p{Lu}[\\p{L}'’-]*)\\s)`,
  "gu",
);
const SUBJECT_BEFORE = new RegExp(
  `(${MENTION})(?:,[^,]{1,80},)?(?:\\s+(?:\\p{Ll}+ly|also|later|then|again|once|has|had|have|previously|repeatedly|publicly|privately|earlier))*\\s*$`,
  "u",
);
const WHO_BEFORE = new RegExp(`(${MENTION}),\\s+who(?:\\s+\\p{Ll}+ly)?\\s*$`, "u");
const CLAUSE_THEN_SPEAKER = new RegExp(
  `^(.+?),\\s+(?:(${MENTION})\\s+(${BARE}|added|noted|explained)|(${BARE}|added|noted|explained)\\s+(${MENTION}))(?:,[^,]*)?$`,
  "u",
);
const ACCORDING_FIRST = new RegExp(`^According\\s+to\\s+(${MENTION}),\\s+(.+)$`, "u");
const ACCORDING_LAST = new RegExp(`^(.+?),\\s+according\\s+to\\s+(${MENTION})(?:,[^,]*)?$`, "u");

/** Where a claim stops: the sentence's end, or a clause joined by "but" or a semicolon. */
const CLAUSE_END = /,\s+(?:but|while|although|though|whereas)\s|;\s|\s[—–]\s/u;

/**
 * Claims the text reports without quoting (`X said that …`, `…, X said`, `according to X, …`),
 * in sentences that hold no quotation, each with its speaker; a claim whose speaker cannot be
 * resolved is left out.
 */
export function findReported(text: string, sentences: Range[], quotes: Quote[], attributor: Attributor): Reported[] {
  const found: Reported[] = [];
  for (const s of sentences) {
    if (quotes.some((q) => q.open < s.end && q.close >= s.start)) continue;
    const body = text.slice(s.start, s.end).replace(/[.!?]+["”’')]*$/u, "");
    const add = (from: number, to: number, mention: string, mentionAt: number, verb: string) => {
      let claim = body.slice(from, to);
      const cut = CLAUSE_END.exec(claim);
      if (cut) claim = claim.slice(0, cut.index);
      const lead = claim.length - claim.trimStart().length;
      claim = claim.trim().replace(/,$/, "");
      if (wordCount(claim) < 4) return;
      const attribution = attributor.resolve(mention, verb, s.start + mentionAt);
      if (!attribution.speaker) return;
      const start = s.start + from + lead;
      if (found.some((r) => r.start < start + claim.length && start < r.end)) return;
      found.push({ start, end: start + claim.length, exact: claim, attribution });
    };

    let m = ACCORDING_FIRST.exec(body);
    if (m) {
      add(body.length - m[2]!.length, body.length, m[1]!, "According to ".length, "according to");
      continue;
    }
    m = ACCORDING_LAST.exec(body);
    if (m) {
      add(0, m[1]!.length, m[2]!, body.lastIndexOf(m[2]!), "according to");
      continue;
    }
    m = CLAUSE_THEN_SPEAKER.exec(body);
    if (m && /\s/.test(m[1]!)) {
      const mention = m[2] ?? m[5]!;
      add(0, m[1]!.length, mention, body.lastIndexOf(mention), m[3] ?? m[4]!);
      continue;
    }
    for (const pattern of [THAT_CLAUSE, BARE_CLAUSE]) {
      pattern.lastIndex = 0;
      for (let v = pattern.exec(body); v; v = pattern.exec(body)) {
        const head = body.slice(0, v.index);
        // A participle ("…, indicating that") reports for the sentence's subject.
        const participle = /ing$/.test(v[1]!) && /,\s*$/.test(head);
        const subject = participle
          ? new RegExp(`^(?:[^,]*,\\s+)?(${MENTION})(?![\\p{L}'’])`, "u").exec(head)
          : SUBJECT_BEFORE.exec(head);
        const who = participle ? null : WHO_BEFORE.exec(head);
        const mention = who?.[1] ?? subject?.[1];
        if (!mention) continue;
        const mentionAt = participle ? head.indexOf(mention) : head.lastIndexOf(mention);
        add(v.index + v[0].length, body.length, mention, mentionAt, v[1]!.replace(/\s+/g, " "));
      }
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

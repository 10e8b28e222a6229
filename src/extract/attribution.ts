import type { Actor, ActorRegistry } from "./actors";
import { ROLE_NOUNS, slugify } from "./actors";
import type { Quote } from "./quotes";
import { insideQuote } from "./quotes";
import type { Range } from "./text";
import { OPINION_VERBS, SPEECH_VERB, ANY_SPEECH_VERB, anySpeechVerbPattern } from "./verbs";

export interface Attribution {
  speaker: Actor | null;
  /** The words the attribution rests on ("he", "the senator", "Jane Doe"), or null when none. */
  speakerMention: string | null;
  verb: string | null;
  confidence: number;
  /** Why the speaker is null or uncertain, for the review flags. */
  note: string | null;
}

export const PERSON_NOUNS = `trustee|pharmacist|organiser|organizer|commander|engineer|nurse|teacher|curator|principal|dean|sheriff|councillor|councilor|inspector|head|senator|minister|president|mayor|governor|official|spokesperson|spokesman|spokeswoman|secretary|chancellor|director|judge|chief|executive|leader|lawmaker|congressman|congresswoman|ambassador|commissioner|premier|coach|officer|professor|scientist|doctor|author|researcher|economist|analyst|chairman|chairwoman|chair|manager|founder|candidate|prosecutor|lawyer|attorney|general|captain|superintendent|diplomat|negotiator|envoy|king|queen|prince|princess|woman|man|${ROLE_NOUNS}`;
const ORG_NOUNS = `company|agency|ministry|group|organisation|organization|firm|department|government|union|council|party|bank|commission|committee|board|office|institute|university|airline|campaign|team|league|court|coalition|alliance|administration|authority|service|police|military|army|embassy|federation|association|foundation|network|charity|hospital|club|carmaker|manufacturer|retailer|insurer|operator|regulator|utility|bloc|body|cooperative|co-operative|trust|museum|zoo|theatre|theater|festival|library|school|church|council|county|city|state|bureau|watchdog|ministry|lender|bank|developer|contractor|builder|producer|supplier|broadcaster|newspaper|publisher|studio|brand|chain|exchange|refinery|miner|startup|consortium`;
const PRONOUN = "he|she|they|it|we|I";
export const MENTION = `(?:(?:${PRONOUN})(?![\\p{L}'’])|[A-Z][\\p{L}.'’-]*['’]s\\s+(?:[\\p{Ll}-]+\\s+){0,2}?(?:${PERSON_NOUNS}|${ORG_NOUNS})s?(?![\\p{L}'’])|(?:[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\\s+(?:[\\p{L}'’-]+\\s+){0,2}?(?:${PERSON_NOUNS}|${ORG_NOUNS})s?(?![\\p{L}'’])|[Tt]he\\s+(?:[\\p{L}'’-]+\\s+){0,3}?(?:${PERSON_NOUNS}|${ORG_NOUNS})s?(?![\\p{L}'’])|(?:[\\p{L}'’-]+\\s+){0,3}?\\b(?:${PERSON_NOUNS})\\s+(?:Sir\\s+|Dame\\s+|Dr\\.\\s+)?(?=[A-Z])[A-Z][\\p{L}.'’-]*(?:\\s+(?:[A-Z][\\p{L}.'’-]*|de|van|von|al|Mac|bin))*|(?<![\\p{L}])(?:[Oo]ne|[Aa]n?|[Aa]nother|[Ss]ome|[Tt]wo|[Tt]hree|[Ss]everal)\\s+(?:[\\p{L}-]+\\s+){0,2}?[\\p{L}-]+|(?:\\p{Ll}[\\p{L}'’-]*\\s+){1,2}(?=\\p{Lu})[A-Z][\\p{L}.'’-]*(?:\\s+[A-Z][\\p{L}.'’-]*)+(?![\\p{L}'’])|(?:[Tt]he\\s+)?[A-Z][\\p{L}.'’-]*(?:\\s+(?:[A-Z][\\p{L}.'’-]*|of(?:\\s+the)?|de|van|von|al|&))*(?:\\s+[a-z]+s(?![\\p{L}]))?)`;
/** What may stand between a speaker and the verb: an apposition ("Jane Doe, 44,", "the owner, Acme Corp,") or a relative clause. */
const APPOSITION = `(?:,\\s+(?:who|which|whose)\\s[^,"“”‘’]*,|,\\s+(?:an?|the|his|her|their|its)\\s[^,"“”‘’]{1,120},|,\\s+(?:the\\s+)?\\p{Lu}[^,"“”‘’]{0,60},|,\\s+(?:aged\\s+)?\\d{1,3},|,)?`;
const VERB_AFTER = new RegExp(`^[\\s,—–-]*(${SPEECH_VERB})\\s+(${MENTION})`, "u");
const MENTION_VERB_AFTER = new RegExp(
  `^[\\s,—–-]*(${MENTION})${APPOSITION}\\s+(?:(?:also|later|then|again|once|had|has|have|was|were)\\s+)?(${SPEECH_VERB})\\b`,
  "u",
);
/** "according to Ana Ruiz", "according to a statement from the sheriff's office": the statement's author. */
const ACCORDING = new RegExp(
  `\\baccording\\s+to\\s+(?:(?:a|an|the)\\s+(?:\\p{Ll}+\\s+)?(?:statement|release|report|letter|post|email|filing|notice)\\s+(?:from|by|issued\\s+by)\\s+)?(${MENTION})`,
  "u",
);
const MENTION_VERB_BEFORE = new RegExp(
  `(${MENTION})${APPOSITION}\\s+(?:(?:also|later|then|again|has|had|have|was|were|once|previously|repeatedly)\\s+)?(${ANY_SPEECH_VERB})\\b[^"“”‘]*$`,
  "u",
);
/** Any verb that puts a fragment in its subject's mouth: speech, description and belief. */
const FRAGMENT_VERB = new RegExp(`\\b(${ANY_SPEECH_VERB}|${OPINION_VERBS.join("|")})\\b`, "giu");

const FRAGMENT_SUBJECT = new RegExp(
  `(${MENTION})\\s*(?:,[^,]*,\\s*)?(?:\\s+(?:\\w+ly|earlier|later|also|once|then|again|previously|has|had|have|was|were|would|will))*\\s*$`,
  "u",
);

/** The sentence subjects in order: for pronouns and descriptions, the discourse's most recent subject. */
interface Subject {
  actor: Actor;
  at: number;
}

/** Descriptions of a business, and the last words of bodies that are none. */
const BUSINESS_NOUN =
  /^(?:company|firm|airline|carmaker|manufacturer|retailer|insurer|operator|lender|developer|contractor|builder|producer|supplier|broadcaster|publisher|studio|brand|chain|startup|refinery|utility|bank|miner|owner)$/i;
const BODY_NAME =
  /(?:^|\s)(?:Union|Federation|Council|Ministry|Department|Committee|Commission|Party|Association|Authority|Agency|Court|Senate|Congress|Parliament|Coalition|League|Board|Police|Government|Office|Bureau|Administration|Assembly|Society|Movement|Alliance|Caucus|Trust|Foundation)$/;
const personNoun = new RegExp(`(?:${PERSON_NOUNS})s?$`, "i");
const orgNoun = new RegExp(`(?:${ORG_NOUNS})s?$`, "i");

/** What may open a sentence before its subject: a dateline, a conjunction, then a fronted clause up to its comma. */
const FRONTED =
  /^(?:\p{Lu}{2,}[\p{L}\s,.'’]*(?:\([^()\n]{1,40}\))?\s*[—–]\s*)?(?:(?:But|And|Yet|So|Still|Then|Now|However|Meanwhile),?\s+)?(?:(?:Asked|After|When|While|As|Although|Though|Under|In|On|At|Outside|Inside|Before|Since|Despite|During|Earlier|Later|Last|Like|Unlike|If|Once|Until|With|Without|For|From|By|\p{Lu}\p{Ll}+ing|\p{Lu}\p{Ll}+ed)\b(?:[^,"“”‘’]|’(?=\p{L})){0,120},\s+)?/u;
/** The words a subject's name may stand behind: a description ("defense attorney"), an apposition's head ("The council leader,"). */
const SUBJECT_GAP = /^(?:[\p{L}'’.-]+\s+){0,4}(?:,\s+)?$/u;
/** From a possessive subject to the name in apposition to what it owns ("Duffy's lawyer, "). */
const OWNED_GAP = /^\p{Lu}[^\s,]*(?:\s+\p{Lu}[^\s,]*)*['’]s\s+(?:[\p{L}-]+\s+){0,3}?[\p{L}-]+,\s+$/u;
const SUBJECT_WORD = new RegExp(
  `^(?:(he|she)\\b|((?:one|an?|another)\\s+(?:[\\p{L}-]+\\s+){0,3}?(${PERSON_NOUNS}|mother|father|wife|husband|daughter|son|sister|brother|grandmother|grandfather))(?![\\p{L}'’]))`,
  "iu",
);

/** What follows a possessive that is no speaker itself: a description, maybe the name in apposition ("'s assistant, Tom Ure"). */
const POSSESSED =
  /^\s+(?:[\p{Ll}-]+\s+){0,3}?[\p{Ll}-]+(?:,\s+(\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*)*)(?=[,.;]|\s*$)|(?![\p{L},]))/u;
const POSSESSIVE = /\b(his|himself|herself|her)\b(?:\s+(\p{Ll}+))?/giu;
/** Words after "her" that make it an object ("told her that"), not a possessive. */
const NOT_POSSESSED =
  /^(?:for|to|and|as|in|on|at|with|that|the|a|an|of|by|from|about|after|before|into|over|up|down|off|out|back|again|when|if|but|or|was|is|had|has|would|will|this|it|so|not|last|on)$/;
const ANY_VERB = new RegExp(`\\b(?:${ANY_SPEECH_VERB})\\b`, "iu");
const REPLY = /^(?:replied|replies|responded|responds|answered|answers|retorted|countered|counters)$/i;
const LEAD_MENTION = new RegExp(`^(${MENTION})(?![\\p{L}'’])`, "u");

export class Attributor {
  private readonly subjects: Subject[] = [];
  /** People the text introduces without a name ("one man"): a pronoun for them has no speaker. */
  private readonly unnamed = new WeakSet<Actor>();
  /** Unnamed people whom the text names a sentence later (see `nameLede`). */
  private readonly named = new Map<Actor, Actor>();
  /** Each sentence's grammatical subject, by the sentence's start, where `promoteSubject` found one. */
  private readonly grammatical = new Map<number, Actor>();

  constructor(
    private readonly text: string,
    private readonly registry: ActorRegistry,
    private readonly sentenceList: Range[],
    private readonly quotes: Quote[],
  ) {
    this.learnGenders();
    for (const s of sentenceList) {
      // A sentence opening on a description ("The president met …") has that person as its subject.
      const lead = new RegExp(`^[Tt]he\\s+(?:[\\p{L}'’-]+\\s+){0,2}?(?:${PERSON_NOUNS})\\b(?![\\p{L}'’])`, "u").exec(
        this.text.slice(s.start, s.end),
      );
      if (lead) {
        const a = this.resolve(lead[0], "", s.start);
        if (a.speaker) this.subjects.push({ actor: a.speaker, at: s.start });
      }
      const from = this.subjects.length;
      for (const m of this.outside(s.start, s.end)) this.subjects.push({ actor: m.actor, at: s.start });
      this.promoteSubject(s, from);
      this.describedGroups(s);
    }
    this.nameLede();
  }

  /**
   * A lede that introduces its person by description ("A former minister accused …") and names
   * them in the next sentence ("Dame Harriet Cole, who …, said"): the description is that person.
   * Only before anyone is named, so that "one resident" later in a story stays unnamed.
   */
  private nameLede() {
    const k = this.sentenceList.findIndex((s) => this.outside(s.start, s.end).length || this.grammatical.has(s.start));
    const s = this.sentenceList[k];
    const next = this.sentenceList[k + 1];
    const marker = s && this.grammatical.get(s.start);
    if (!s || !next || !marker || !this.unnamed.has(marker) || !/^an?\s/i.test(marker.name)) return;
    if (this.outside(s.start, s.end).length) return;
    const named = this.grammatical.get(next.start);
    if (!named || this.unnamed.has(named) || named.kind !== "PERSON") return;
    if (named.mentions.some((m) => m.start < next.start)) return;
    this.named.set(marker, named);
    for (const x of this.subjects) if (x.actor === marker) x.actor = named;
  }

  /** The words opening a sentence's main clause when they name its subject ("she", "the commissioner", "Ana Ruiz"). */
  private leadMention(s: Range): { text: string; at: number } | null {
    const body = this.text.slice(s.start, s.end);
    const lead = FRONTED.exec(body)!;
    const m = LEAD_MENTION.exec(body.slice(lead[0].length));
    return m ? { text: m[1]!, at: s.start + lead[0].length } : null;
  }

  /**
   * Puts the sentence's grammatical subject first among its actors: the words after a fronted
   * clause ("Asked about Aherne's comments, Stott smiled"), a pronoun standing for the subject
   * before it ("…, she paused" continues the previous sentence's person), or an unnamed person
   * ("One man in a red coat was blunter"), whom a later "he" then points at instead of a named one.
   */
  private promoteSubject(s: Range, from: number) {
    const body = this.text.slice(s.start, s.end);
    const lead = FRONTED.exec(body)!;
    const restAt = s.start + lead[0].length;
    const opening = this.quotes.find((q) => restAt >= q.open && restAt <= q.close);
    if (opening) {
      // ""…," said Tom Ure.": the speaker after the quote is the sentence's subject.
      const tail = this.text.slice(opening.close + 1, s.end);
      const m = VERB_AFTER.exec(tail);
      const n = m ? null : MENTION_VERB_AFTER.exec(tail);
      const found = m
        ? this.resolve(m[2]!, m[1]!, opening.close + 1 + m.index + m[0].length - m[2]!.length)
        : n
          ? this.resolve(n[1]!, n[2]!, opening.close + 1 + n[0].indexOf(n[1]!))
          : null;
      if (found?.speaker) {
        const i = this.subjects.findIndex((x, j) => j >= from && x.actor === found.speaker);
        if (i >= 0) this.subjects.splice(i, 1);
        this.subjects.splice(from, 0, { actor: found.speaker, at: s.start });
        this.grammatical.set(s.start, found.speaker);
      }
      return;
    }
    const rest = body.slice(lead[0].length);
    const mentions = this.outside(restAt, s.end);
    let first = mentions[0];
    let gap = first && SUBJECT_GAP.test(this.text.slice(restAt, first.at));
    // "Duffy's lawyer, Simon Reed, said": the owner is no subject; the name in apposition is.
    if (first && first.at === restAt && /^\p{Lu}[\p{L}.-]*(?:\s+\p{Lu}[\p{L}.-]*)*['’]s\s/u.test(rest)) {
      const second = mentions.find((x) => x.actor !== first!.actor);
      first = second && OWNED_GAP.test(this.text.slice(restAt, second.at)) ? second : undefined;
      if (!first) return;
      gap = true;
    }
    if (first && gap) {
      const i = this.subjects.findIndex((x, j) => j >= from && x.actor === first.actor);
      if (i > from) this.subjects.splice(from, 0, ...this.subjects.splice(i, 1));
      this.grammatical.set(s.start, first.actor);
      return;
    }
    const m = SUBJECT_WORD.exec(rest);
    if (!m) return;
    let actor: Actor | undefined;
    if (m[1]) {
      const gender = /^he$/i.test(m[1]) ? "male" : "female";
      actor = this.recent(s.start - 1, (a) => a.kind === "PERSON" && (a.gender === gender || a.gender === null));
    } else {
      const noun = m[3]!.toLowerCase();
      const gender = /^(?:woman|mother|wife|daughter|sister|grandmother)$/.test(noun)
        ? "female"
        : /^(?:man|father|husband|son|brother|grandfather)$/.test(noun)
          ? "male"
          : null;
      actor = { slug: "", kind: "PERSON", name: m[2]!, gender, roles: [], mentions: [] };
      this.unnamed.add(actor);
    }
    if (actor) {
      this.subjects.splice(from, 0, { actor, at: s.start });
      this.grammatical.set(s.start, actor);
    }
  }

  /**
   * A person of unknown gender whom "he" or "she" plainly points at takes that gender: the pronoun
   * opens a sentence or reports speech, and the only person named before it (in its sentence, or
   * else in the sentence before) is that one.
   */
  private learnGenders() {
    const votes = new Map<Actor, number>();
    const pronoun = new RegExp(
      `\\b([Hh]e|[Ss]he)\\s+(?:\\p{Ll}+ly\\s+)?(?:${SPEECH_VERB})\\b|^([Hh]e|[Ss]he)\\b`,
      "gu",
    );
    this.sentenceList.forEach((s, i) => {
      const body = this.text.slice(s.start, s.end);
      for (let m = pronoun.exec(body); m; m = pronoun.exec(body)) {
        const at = s.start + m.index;
        if (insideQuote(this.quotes, at)) continue;
        let people = this.outside(s.start, at).filter((x) => x.actor.kind === "PERSON");
        // Evidence from the sentence before counts half as much as from the pronoun's own.
        let weight = 2;
        const prev = this.sentenceList[i - 1];
        if (!people.length && prev) {
          people = this.outside(prev.start, prev.end).filter((x) => x.actor.kind === "PERSON");
          weight = 1;
        }
        const actors = new Set(people.map((x) => x.actor));
        if (actors.size !== 1) continue;
        const actor = [...actors][0]!;
        if (actor.gender !== null) continue;
        votes.set(actor, (votes.get(actor) ?? 0) + (/^[Ss]he$/.test(m[1] ?? m[2]!) ? weight : -weight));
      }
      // "Amanfo said his team …", "Kerr blamed herself": a possessive or reflexive after the only
      // person named before it in the sentence is theirs ("praised her" may be someone else's).
      for (const m of body.matchAll(POSSESSIVE)) {
        if (m[1]!.toLowerCase() === "her" && (!m[2] || NOT_POSSESSED.test(m[2]))) continue;
        const at = s.start + m.index;
        if (insideQuote(this.quotes, at)) continue;
        const actors = new Set(
          this.outside(s.start, at)
            .filter((x) => x.actor.kind === "PERSON")
            .map((x) => x.actor),
        );
        const actor = [...actors][0];
        if (actors.size !== 1 || actor!.gender !== null) continue;
        votes.set(actor!, (votes.get(actor!) ?? 0) + (/^h(?:is|imself)$/i.test(m[1]!) ? -2 : 2));
      }
    });
    for (const [actor, vote] of votes) if (vote !== 0) actor.gender = vote > 0 ? "female" : "male";
  }

  /**
   * Groups and bodies the text names only by a description: "the state health department",
   * "Trade ministers from the … Compact" (a plural role with where they come from).
   */
  private describedGroups(s: Range) {
    const body = this.text.slice(s.start, s.end);
    const from = new RegExp(
      `^(?:[\\p{Lu}\\s,.'’-]+—\\s*)?(\\p{Lu}\\p{Ll}+\\s+(?:${PERSON_NOUNS})s\\s+(?:from|of)\\s+(?:the\\s+|\\p{Ll}+\\s+)?(?:\\p{Lu}[\\p{L}'’-]*\\s+)*\\p{Lu}[\\p{L}'’-]*(?:\\s+\\p{Ll}+\\s+\\p{Ll}+s\\b|\\s+\\p{Ll}+s\\b)?)`,
      "u",
    ).exec(body);
    if (from) this.pushGroup(from[1]!, s.start + from[0].length - from[1]!.length);
    // "the museum's trustees": the plural role of a body named before.
    const owned = new RegExp(
      `\\b[Tt]he\\s+(\\p{Ll}[\\p{L}-]*)['’]s\\s+((?:\\p{Ll}+\\s+)?(?:${PERSON_NOUNS})s)\\b`,
      "gu",
    );
    for (let m = owned.exec(body); m; m = owned.exec(body)) {
      const at = s.start + m.index;
      if (insideQuote(this.quotes, at)) continue;
      const noun = m[1]!.toLowerCase();
      const owner = this.registry.actors.find(
        (a) => a.kind === "ORGANIZATION" && a.name.toLowerCase().includes(noun) && a.mentions.some((x) => x.start < at),
      );
      if (owner) this.pushGroup(`${owner.name} ${m[2]!}`, at);
    }
    const described = new RegExp(
      `\\b[Tt]he\\s+((?:\\p{Ll}[\\p{L}'’-]*\\s+){1,3}?(?:${ORG_NOUNS}))(?![\\p{L}'’])`,
      "gu",
    );
    for (let m = described.exec(body); m; m = described.exec(body)) {
      const at = s.start + m.index;
      if (insideQuote(this.quotes, at)) continue;
      const noun = m[1]!.split(/\s+/).pop()!;
      if (this.registry.actors.some((a) => a.kind !== "PERSON" && a.name.toLowerCase().includes(noun))) continue;
      // A description is adjectives and nouns: "the mayor told the council" names no body.
      if (/\b(?:the|a|an|and|or|to|of|his|her|their|its)\s/i.test(m[1]!) || anySpeechVerbPattern.test(m[1]!)) continue;
      // "the players' union, the Footballers' Guild,": the name in apposition is the body.
      const appos = /^,\s+(?:the\s+)?\p{Lu}/u.exec(body.slice(m.index + m[0].length));
      if (appos) {
        const nameAt = at + m[0].length + appos[0].length - 1;
        if (this.registry.at(nameAt, nameAt + 1)?.kind === "ORGANIZATION") continue;
      }
      this.pushGroup(m[1]!, at);
    }
  }

  private pushGroup(name: string, at: number): Actor {
    const actor = this.registry.group(name, slugify(name), at);
    const sentence = this.sentenceOf(at);
    let i = this.subjects.length;
    while (i > 0 && this.subjects[i - 1]!.at >= sentence.start) i -= 1;
    if (!this.subjects.some((x) => x.actor === actor && x.at === sentence.start))
      this.subjects.splice(i, 0, { actor, at: sentence.start });
    return actor;
  }

  /** Actors mentioned in [start, end) outside quotation marks. */
  private outside(start: number, end: number) {
    return this.registry.within(start, end).filter((m) => !insideQuote(this.quotes, m.at));
  }

  private sentenceOf(at: number): Range {
    return this.sentenceList.find((s) => s.start <= at && at < s.end) ?? { start: at, end: at };
  }

  /** The speaker of each quote, in order. */
  attribute(): Attribution[] {
    const out: Attribution[] = [];
    this.quotes.forEach((q, i) =>
      out.push(this.direct(q, i ? { quote: this.quotes[i - 1]!, attribution: out[i - 1]! } : undefined)),
    );
    // Parts of a split quote share their speaker; a later quote of the same paragraph without its own attribution continues the one before.
    this.quotes.forEach((q, i) => {
      if (q.group !== null && out[i]!.speakerMention === null) {
        const first = this.quotes.findIndex((p, j) => p.group === q.group && out[j]!.speakerMention !== null);
        if (first >= 0) out[i] = { ...out[first]!, confidence: out[first]!.confidence };
      }
    });
    // "…," the statement said: whoever the text said issued the statement.
    this.quotes.forEach((q, i) => {
      if (
        out[i]!.speaker ||
        !/^the\s+(?:statement|letter|release|note|report|post|email)$/i.test(out[i]!.speakerMention ?? "")
      )
        return;
      for (let j = i - 1; j >= 0; j -= 1) {
        const s = this.sentenceOf(this.quotes[j]!.open);
        if (
          out[j]!.speaker &&
          /\b(?:statement|letter|release|note|report|post|email)\b/i.test(
            this.text.slice(s.start, this.quotes[j]!.open),
          )
        ) {
          out[i] = { ...out[i]!, speaker: out[j]!.speaker, confidence: 0.7, note: null };
          return;
        }
      }
    });
    // "Ana Ruiz was blunt. "We cannot go on."": a quoted sentence with no attribution of its own,
    // after a sentence without quotes whose subject is a person or body, in the same paragraph or
    // as the paragraph's only words after it, is that subject's.
    this.quotes.forEach((q, i) => {
      if (out[i]!.speaker || out[i]!.speakerMention !== null || q.fragment) return;
      const k = this.sentenceList.findIndex((x) => x.start <= q.open && q.open < x.end);
      const sentence = this.sentenceList[k];
      const prev = this.sentenceList[k - 1];
      if (!sentence || !prev || this.text.slice(sentence.start, q.open).trim() !== "") return;
      // An attribution the rules could not read names someone else, most likely.
      if (ANY_VERB.test(this.text.slice(q.close + 1, sentence.end))) return;
      if (this.quotes.some((p) => p.close >= prev.start && p.open < prev.end)) return;
      const gap = this.text.slice(prev.end, sentence.start);
      if (gap.split("\n").length > 3) return;
      const lineEnd = this.text.indexOf("\n", q.close);
      const rest = this.text.slice(q.close + 1, lineEnd < 0 ? undefined : lineEnd);
      if (gap.includes("\n") && !/^[\s"”’'.,]*(?:["“‘'][^]*)?$/.test(rest)) return;
      const subject = this.grammatical.get(prev.start);
      if (!subject) return;
      const unnamed = this.unnamed.has(subject);
      out[i] = {
        speaker: unnamed ? null : subject,
        speakerMention: null,
        verb: null,
        confidence: unnamed ? 0 : 0.5,
        note: unnamed
          ? `after a sentence about ${subject.name}, unnamed`
          : `taken as the subject of the sentence before, ${subject.name}`,
      };
    });
    this.quotes.forEach((q, i) => {
      if (out[i]!.speakerMention !== null || i === 0) return;
      const prev = this.quotes[i - 1]!;
      const between = this.text.slice(prev.close + 1, q.open);
      const sameParagraph = !between.includes("\n");
      if (
        sameParagraph &&
        out[i - 1]!.speaker &&
        !q.fragment &&
        this.outside(prev.close, q.open).every((m) => m.actor === out[i - 1]!.speaker)
      ) {
        out[i] = { ...out[i - 1]!, confidence: 0.8, note: null };
        return;
      }
      const lineStart = this.text.lastIndexOf("\n", q.open) + 1;
      const lineEnd = this.text.indexOf("\n", q.close);
      const own = `${this.text.slice(lineStart, q.open)}${this.text.slice(q.close + 1, lineEnd < 0 ? undefined : lineEnd)}`;
      const quoteOnly = /^[\s"“”‘’'.,]*$/.test(own);
      if (
        !sameParagraph &&
        quoteOnly &&
        out[i - 1]!.speaker &&
        between.split("\n").length <= 2 &&
        /^[\s"”’']*$/.test(
          this.text.slice(prev.close + 1, this.text.indexOf("\n", prev.close)).replace(/[^\n]*[.!?]\s*$/, ""),
        )
      ) {
        out[i] = {
          ...out[i - 1]!,
          confidence: 0.55,
          note: "a paragraph of quotation only, taken to continue the previous speaker",
        };
      }
    });
    return out;
  }

  /** `previous` is the attribution of the quote before, whom a reply ("she replied") answers. */
  private direct(q: Quote, previous?: { quote: Quote; attribution: Attribution }): Attribution {
    const sentence = this.sentenceOf(q.open);
    const closing = this.sentenceOf(q.close);
    const prevQuote = this.quotes.filter((p) => p.close < q.open && p.close >= sentence.start).pop();
    let end = Math.max(sentence.end, closing.end);
    // "…, aren't you?" Tran asked.: a question or an exclamation ends the sentence before its attribution.
    if (/[?!]$/.test(q.exact) && /^["”’'\s]*$/.test(this.text.slice(q.close + 1, end))) {
      const next = this.sentenceList.find((x) => x.start >= end);
      if (next && !this.text.slice(end, next.start).includes("\n")) end = next.end;
    }
    const nextQuote = this.quotes.find((p) => p.open > q.close && p.open < end);
    const after = this.text.slice(q.close + 1, nextQuote ? nextQuote.open : end);
    const before = this.text.slice(prevQuote ? prevQuote.close + 1 : sentence.start, q.open);
    const afterAt = q.close + 1;
    const beforeAt = prevQuote ? prevQuote.close + 1 : sentence.start;
    const none: Attribution = {
      speaker: null,
      speakerMention: null,
      verb: null,
      confidence: 0,
      note: "no attribution found",
    };

    // A reply answers someone: "she replied" after another's question is not the questioner again.
    const answered =
      previous && (q.group === null || previous.quote.group !== q.group) ? previous.attribution.speaker : null;
    const said = (mention: string, verb: string, at: number) => {
      // ""We're done," one protester shouted. "We'll be back," she added.": still the unnamed one.
      const before = previous?.attribution;
      if (
        /^(?:he|she)$/i.test(mention.trim()) &&
        before &&
        !before.speaker &&
        /^(?:one|an?|another)\s/i.test(before.speakerMention ?? "") &&
        !this.text.slice(previous.quote.close, q.open).includes("\n") &&
        !this.outside(previous.quote.close, q.open).length
      )
        return { ...before, speakerMention: mention.trim(), verb: verb.replace(/\s+/g, " ") };
      return this.resolve(mention, verb, at, REPLY.test(verb) ? answered : null);
    };
    if (!q.fragment) {
      let m = VERB_AFTER.exec(after);
      if (m) return said(m[2]!, m[1]!, afterAt + m.index + m[0].length - m[2]!.length);
      m = MENTION_VERB_AFTER.exec(after);
      if (m) return said(m[1]!, m[2]!, afterAt + m[0].indexOf(m[1]!));
      const inBefore = ACCORDING.exec(before);
      m = inBefore ?? ACCORDING.exec(after);
      if (m)
        return this.resolve(
          m[1]!,
          "according to",
          (inBefore ? beforeAt : afterAt) + m.index + m[0].length - m[1]!.length,
        );
      m = MENTION_VERB_BEFORE.exec(before);
      if (m) return this.resolve(m[1]!, m[2]!, beforeAt + m.index);
      return none;
    }
    // A fragment: the subject of the clause whose verb reports it speaks ("the mayor, who met
    // Ana Ruiz, said it was "…"", "she resisted calls to resign, saying it would be "…"").
    const head = this.text.slice(sentence.start, q.open);
    const inHead = ACCORDING.exec(head);
    const acc = inHead ?? ACCORDING.exec(after);
    if (acc)
      return this.resolve(
        acc[1]!,
        "according to",
        (inHead ? sentence.start : afterAt) + acc.index + acc[0].length - acc[1]!.length,
      );
    const verbs = [...head.matchAll(FRAGMENT_VERB)];
    const afterVerb = new RegExp(FRAGMENT_VERB.source, "iu").exec(after);
    if (!verbs.length && !afterVerb) return { ...none, note: "a fragment in a sentence with no speech verb" };
    // ""…," Ruiz said" after a fragment with no reporting verb before it; else that verb's subject
    // ("Brandt accused Reyes of "…," a charge she denied" is Brandt's).
    const m = MENTION_VERB_AFTER.exec(after);
    if (m && !verbs.length) return this.resolve(m[1]!, m[2]!, afterAt + m[0].indexOf(m[1]!));
    for (const verb of verbs) {
      const subject = FRAGMENT_SUBJECT.exec(head.slice(0, verb.index));
      if (subject) return { ...this.resolve(subject[1]!, verb[1]!, sentence.start + subject.index), confidence: 0.75 };
      // A participle ("…, saying", "…, calling it") hangs on the subject of the main clause.
      if (/ing$/i.test(verb[1]!)) {
        const lead = this.leadMention(sentence);
        if (lead && lead.at < sentence.start + verb.index!)
          return { ...this.resolve(lead.text, verb[1]!, lead.at), confidence: 0.7 };
      }
    }
    if (m) return this.resolve(m[1]!, m[2]!, afterAt + m[0].indexOf(m[1]!));
    const verb = verbs[verbs.length - 1] ?? afterVerb!;
    const first = this.outside(sentence.start, q.open)[0];
    if (first)
      return { speaker: first.actor, speakerMention: first.actor.name, verb: verb[1]!, confidence: 0.6, note: null };
    return { ...none, verb: verb[1]! };
  }

  /** The actor a mention points at, at offset `at`: a name, a pronoun or a description. */
  resolve(mention: string, verb: string, at: number, answered: Actor | null = null): Attribution {
    const found = this.point(mention, verb, at, answered);
    if (!found.speaker || !this.unnamed.has(found.speaker)) return found;
    return {
      ...found,
      speaker: null,
      confidence: 0,
      note: `"${found.speakerMention}" is ${found.speaker.name}, unnamed`,
    };
  }

  private point(mention: string, verb: string, at: number, answered: Actor | null): Attribution {
    const words = mention.trim().replace(/[,.]$/, "");
    const base = { speakerMention: words, verb: verb.replace(/\s+/g, " ") };
    // A description with its name in apposition ("the refinery's owner, Meridia Energy, said"): the name speaks.
    if (this.text.startsWith(mention, at)) {
      // The name closes with a comma or with the sentence ("…," said the festival's director, Ana Ruiz.).
      const end = Math.min(at + mention.length + 80, this.sentenceOf(at).end);
      const appos = /^\s*,\s+(?:the\s+)?(\p{Lu}[^,"“”‘’]{0,60}?)(?:,|[.!?]?\s*$)/u.exec(
        this.text.slice(at + mention.length, end),
      );
      if (appos) {
        const nameAt = at + mention.length + appos[0].lastIndexOf(appos[1]!);
        const actor = this.registry.at(nameAt, nameAt + appos[1]!.length) ?? this.registry.match(appos[1]!);
        if (actor) return { ...base, speakerMention: appos[1]!, speaker: actor, confidence: 0.9, note: null };
      }
    }
    // "Hale's assistant, Tom Ure": the name in apposition; "Hale's assistant" alone names no one.
    const owner = /^\p{Lu}[\p{L}.'’-]*?['’]s(?=\s|$)/u.exec(words);
    if (owner && this.text.startsWith(words, at)) {
      const tail = this.text.slice(at + owner[0].length, this.sentenceOf(at).end);
      const role = POSSESSED.exec(tail);
      if (role) {
        const name = role[1]?.replace(/\.$/, "");
        const nameAt = at + owner[0].length + role[0].length - (role[1]?.length ?? 0);
        const actor = name ? (this.registry.at(nameAt, nameAt + name.length) ?? this.registry.match(name)) : undefined;
        return actor
          ? { ...base, speakerMention: name!, speaker: actor, confidence: 0.9, note: null }
          : { ...base, speaker: null, confidence: 0, note: `"${owner[0]}${role[0].replace(/,.*$/, "")}" is not named` };
      }
    }
    // "its director", "her spokesman": a description like "the director".
    const lower = words.toLowerCase().replace(/^(?:his|her|its|their)\s+/, "the ");
    if (
      /^(?:one|a|an|another|some|two|three|several)\s/.test(lower) &&
      !/^an?\s+(?:statement|letter|post|interview)/.test(lower)
    ) {
      const marker = this.grammatical.get(this.sentenceOf(at).start);
      const named = marker && this.named.get(marker);
      if (named && this.text.startsWith(marker.name, at))
        return {
          ...base,
          speaker: named,
          confidence: 0.6,
          note: `"${words}" named in the next sentence, ${named.name}`,
        };
      return { ...base, speaker: null, confidence: 0, note: `an unnamed speaker ("${words}")` };
    }
    if (/^(?:he|she)$/.test(lower)) {
      const gender = lower === "he" ? "male" : "female";
      const subject = this.recent(
        at,
        (a) => a.kind === "PERSON" && (a.gender === gender || a.gender === null) && a !== answered,
      );
      return subject
        ? { ...base, speaker: subject, confidence: 0.85, note: null }
        : { ...base, speaker: null, confidence: 0, note: `no one for "${words}" to point at` };
    }
    if (/^(?:they|it|we)$/.test(lower)) {
      const subject = this.recent(at, (a) => a.kind !== "PERSON");
      return subject
        ? { ...base, speaker: subject, confidence: 0.7, note: null }
        : { ...base, speaker: null, confidence: 0, note: `no organisation or group for "${words}" to point at` };
    }
    if (lower === "i") return { ...base, speaker: null, confidence: 0, note: "first person in the reporter's text" };
    if (/^the\s/.test(lower)) {
      const last = lower.split(/\s+/).pop()!;
      const noun = last.replace(/s$/, "");
      if (personNoun.test(noun) && last !== noun && !/ss$/.test(last)) {
        // A plural role is a group: one already named, or the description ("the competition's judges").
        const group = this.recent(at, (a) => a.kind !== "PERSON" && a.name.toLowerCase().includes(last));
        if (group) return { ...base, speaker: group, confidence: 0.8, note: null };
        const possessive = /^the\s+([\p{L}-]+)['’]s\s+(.+)$/iu.exec(words);
        let name = words.replace(/^the\s+/i, "");
        if (possessive) {
          const owner = this.recent(
            at,
            (a) => a.kind !== "PERSON" && a.name.toLowerCase().includes(possessive[1]!.toLowerCase()),
          );
          if (owner) name = `${owner.name} ${possessive[2]!}`;
        } else if (!/\s/.test(name)) {
          return { ...base, speaker: null, confidence: 0, note: `no group for "${words}" to point at` };
        }
        return { ...base, speaker: this.pushGroup(name, at), confidence: 0.75, note: null };
      }
      if (personNoun.test(noun)) {
        // "the engineer" after "one engineer": the unnamed person again.
        const unnamed = new RegExp(`\\b(?:one|an?|another)\\s+(?:[\\p{L}-]+\\s+){0,2}?${noun}\\b`, "iu");
        if (
          unnamed.test(this.text.slice(0, at)) &&
          !this.recent(at, (a) => a.kind === "PERSON" && a.roles.some((r) => r.title.toLowerCase().includes(noun)))
        )
          return { ...base, speaker: null, confidence: 0, note: `"${words}" is the unnamed one introduced before` };
        // "the opposition leader" is not the one titled "council leader": qualifiers that differ exclude.
        const qualifiers = (title: string) =>
          title
            .toLowerCase()
            .split(/\s+/)
            .filter((w) => w !== "the" && w !== noun && w !== last && !/['’]s$/.test(w) && !personNoun.test(w));
        const own = qualifiers(lower);
        const fits = (r: { title: string }) => {
          if (!r.title.toLowerCase().includes(noun)) return false;
          const theirs = qualifiers(r.title);
          return !own.length || !theirs.length || own.some((w) => theirs.includes(w));
        };
        const titled = this.recent(at, (a) => a.kind === "PERSON" && a.roles.some(fits));
        if (titled) return { ...base, speaker: titled, confidence: 0.85, note: null };
        // A lede's description before the name ("the authority's leader accused …", then "The
        // council leader, Jane Roe, …"): the person the next sentences give that title.
        const nextParagraphEnd = at + /^[^\n]*(?:\n\s*[^\n]*)?/.exec(this.text.slice(at))![0].length;
        const ahead = this.registry.actors.find(
          (a) =>
            a.kind === "PERSON" &&
            a.roles.some((r) => fits(r) && r.start > at && r.start < nextParagraphEnd) &&
            !a.mentions.some((x) => x.start < at),
        );
        if (ahead)
          return { ...base, speaker: ahead, confidence: 0.7, note: `"${words}" named after it, ${ahead.name}` };
        const any = this.recent(at, (a) => a.kind === "PERSON");
        return any
          ? {
              ...base,
              speaker: any,
              confidence: 0.55,
              note: `"${words}" taken as the most recent subject, ${any.name}`,
            }
          : { ...base, speaker: null, confidence: 0, note: `no one for "${words}" to point at` };
      }
      if (orgNoun.test(noun)) {
        const named = this.recent(at, (a) => a.kind !== "PERSON" && a.name.toLowerCase().includes(noun));
        if (named) return { ...base, speaker: named, confidence: 0.85, note: null };
        // "the airline" is a business: not the union, the council or the ministry named last.
        const business = BUSINESS_NOUN.test(noun);
        const any = this.recent(at, (a) => a.kind !== "PERSON" && !(business && BODY_NAME.test(a.name)));
        return any
          ? {
              ...base,
              speaker: any,
              confidence: 0.6,
              note: `"${words}" taken as the most recent organisation, ${any.name}`,
            }
          : { ...base, speaker: null, confidence: 0, note: `no organisation for "${words}" to point at` };
      }
    }
    // "Lena Park of Halvard University": the person, not where they work.
    const of = /^(.+?)\s+of\s+(?:the\s+)?\p{Lu}/u.exec(words);
    if (of) {
      const person = this.registry.at(at, at + of[1]!.length);
      if (person?.kind === "PERSON" && this.text.startsWith(words, at))
        return { ...base, speaker: person, confidence: 0.9, note: null };
    }
    // A name behind its description ("fire chief Orla Delgado", "Federation leader Tariq Lindahl").
    const described = /^(?:[\p{L}'’-]+\s+)*?(?:\p{Ll}[\p{L}'’-]*\s+)(?:(?:Sir|Dame|Dr\.)\s+)?(\p{Lu}.*)$/u.exec(words);
    if (described && !/^the\s/i.test(words)) {
      const name = described[1]!;
      const nameAt = at + words.lastIndexOf(name);
      const actor = this.registry.at(nameAt, nameAt + name.length) ?? this.registry.match(name);
      if (actor) return { ...base, speaker: actor, confidence: 0.95, note: null };
    }
    const named =
      this.registry.at(at, at + words.length) ??
      this.registry.match(words) ??
      this.registry.match(words.replace(/^\S+\s+/, "")) ??
      this.registry.orgByFirstWord(words);
    if (named) return { ...base, speaker: named, confidence: 0.95, note: null };
    if (/^[A-Z][\p{L}-]*\s+[a-z]+s$/u.test(words)) {
      // A group named by the text ("European leaders").
      const group = this.registry.group(words, slugify(words), at);
      return { ...base, speaker: group, confidence: 0.8, note: null };
    }
    return { ...base, speaker: null, confidence: 0, note: `"${words}" is no actor the text names` };
  }

  /** The most recent sentence's first actor that fits (a sentence's first mention is most likely its subject). */
  private recent(at: number, fits: (actor: Actor) => boolean): Actor | undefined {
    let i = this.subjects.length - 1;
    while (i >= 0) {
      const sentenceAt = this.subjects[i]!.at;
      let j = i;
      while (j > 0 && this.subjects[j - 1]!.at === sentenceAt) j -= 1;
      if (sentenceAt <= at) {
        const first = this.subjects.slice(j, i + 1).find((s) => fits(s.actor));
        if (first) return first.actor;
      }
      i = j - 1;
    }
    return undefined;
  }
}

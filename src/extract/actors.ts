import nlp from "compromise";

export type Gender = "male" | "female" | null;
export type Kind = "PERSON" | "ORGANIZATION";

/** A person or organisation named in the text, its mentions merged. */
export interface Actor {
  slug: string;
  kind: Kind;
  name: string;
  gender: Gender;
  /** Titles the text gives them ("White House Press Secretary"), with the span of title and name. */
  roles: { title: string; start: number; end: number }[];
  mentions: { start: number; end: number }[];
}

const TITLE_WORDS =
  "President|Vice President|Prime Minister|Minister|Secretary|Press Secretary|Senator|Sen\\.|Representative|Rep\\.|Governor|Gov\\.|Mayor|Chancellor|Director|Commissioner|Chairman|Chairwoman|Chair|Chief Executive|CEO|Spokesperson|Spokesman|Spokeswoman|Judge|Justice|General|Gen\\.|Ambassador|Dr\\.|Dr|Professor|Prof\\.|Mr\\.|Mrs\\.|Ms\\.|Mr|Mrs|Ms|Mx|Cllr|King|Queen|Pope|Councillor|Councilwoman|Councilman|Sheriff|Chief|Inspector|Coach|Captain|Officer|Leader|Speaker|MP|MEP|MSP|Attorney|Attorney General|District Attorney|Detective|Superintendent|Owner|Founder|Sir|Dame|Lord|Lady";
const ORG_WORDS =
  "Ministry|Agency|Department|Corp\\.?|Corporation|Inc\\.?|Ltd\\.?|Company|Co\\.|Council|Union|Organization|Organisation|Bank|Party|Association|Commission|Committee|Institute|University|Group|Authority|Service|Office|Police|Board|Federation|Fund|Coalition|League|Court|Senate|Congress|Parliament|Foundation|Society|Network|Airlines|Motors|Systems|Industries|Partners|Alliance|Bureau|Administration|Assembly|Forces|Army|Navy|Hospital|School|Club|Times|Post|News|Front|Movement|Rail|Railways|Airways|Energy|Mining|Media|Health|Labs|Technologies|Pharma|Holdings|Capital|Resources|Communications|Telecom|Foods|Works|Group|Trust|Museum|Gallery|Library|Zoo|Theatre|Theater|Playhouse|Orchestra|Festival|Cooperative|Co-operative|Semiconductor|Semiconductors|Rovers|United|Athletic|Wanderers|Albion|FC|Guild|Water|Gas|Power|Steel|Oil|Petroleum|Chemicals|Insurance|Bancorp|Brewery|Securities|Pharmaceuticals|Therapeutics|Logistics|Shipping|Airlines|Ferries|Minerals|Electric|Air|Airport Authority|Institution|Academy|Secretariat|Tribunal|Exchange|Reserve|Guard|Coastguard|Brigade|Caucus|Agency";
/** Heads of a name that goes on with "of" ("Bank of Calvaria", "University of Y", "City of Z"). */
const OF_HEADS = `${ORG_WORDS}|City|Town|County|Borough|Province|State|Republic|Kingdom|Port|Church|Diocese|Order|Chamber|Friends|Daughters|Sons`;
/** Last words of a place, a time or a facility, never a person ("Alaska Time", "Joint Base X", "Quay Street"). */
const PLACE_WORDS =
  /(?:^|\s)(?:Time|Standard|Daylight|ET|PT|CT|MT|GMT|UTC|BST|CET|Base|Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Highway|Motorway|Square|Plaza|Creek|Canyon|Valley|Mountains|Island|Islands|Peninsula|Airport|Station|Stadium|Arena|Centre|Center|Building|Heights|Springs|Quay|Pier|Terminal|Cathedral|Palace|Province|County|District|Region|Territory)$/;
/** Words that make a name a place or a time wherever they stand in it ("Joint Base Elmendorf-Richardson"). */
const PLACE_INSIDE = /(?:^|\s)(?:Base|Street|Avenue|Road|Boulevard|Highway|Airport|Station|Stadium|Time)(?:\s|$)/;
/** Lowercase nouns that describe a person's role ("fire chief", "health officer"). */
export const ROLE_NOUNS =
  "member|librarian|volunteer|worker|activist|campaigner|historian|expert|architect|planner|adviser|advisor|consultant|pilot|firefighter|paramedic|surgeon|physician|midwife|priest|pastor|rabbi|imam|bishop|artist|actor|actress|singer|writer|novelist|poet|director|producer|player|striker|goalkeeper|athlete|runner|champion|referee|witness|victim|survivor|passenger|driver|commuter|shopkeeper|rancher|fisherman|fishermen|landlord|tenant|parent|mother|father|veteran|detective|constable|trooper|deputy|agent|auditor|regulator|banker|investor|trader|strategist|pollster|trustee|pharmacist|organiser|organizer|commander|engineer|nurse|teacher|curator|principal|dean|sheriff|councillor|councilor|inspector|senator|minister|president|mayor|governor|official|spokesperson|spokesman|spokeswoman|secretary|chancellor|director|judge|chief|executive|leader|lawmaker|ambassador|commissioner|premier|coach|officer|professor|scientist|doctor|researcher|economist|analyst|chairman|chairwoman|chair|manager|founder|candidate|prosecutor|lawyer|attorney|captain|superintendent|diplomat|negotiator|envoy|owner|head|star|rival|porter|organiser|student|resident|baker|farmer|painter|sculptor|photographer|trainer|jockey|chef|boss|treasurer|assistant|aide";
const GENDER: Record<string, Gender> = {
  "Mr.": "male",
  "Mrs.": "female",
  "Ms.": "female",
  Mr: "male",
  Mrs: "female",
  Ms: "female",
  King: "male",
  Queen: "female",
  Sir: "male",
  Dame: "female",
  Lord: "male",
  Lady: "female",
};
/** A gendered role word in a title or description ("spokeswoman", "Chairman", "Dame"). */
function roleGender(title: string | null): Gender {
  if (!title) return null;
  const words = title.split(/\s+/);
  if (
    words.some((w) =>
      /^(?:\p{L}*wom[ae]n|Queen|Princess|Duchess|Countess|Baroness|Dame|Lady|Mrs\.?|Ms\.?|actress|mother|sister|daughter|wife|grandmother)$/iu.test(
        w,
      ),
    )
  )
    return "female";
  if (
    words.some(
      (w) =>
        /^(?:\p{L}*m[ae]n|King|Prince|Duke|Earl|Baron|Sir|Lord|Mr\.?|actor|father|brother|son|husband|grandfather)$/iu.test(
          w,
        ) && !/^(?:German|Roman|human|Oman|Omani|shaman|Truman|woman|women)$/i.test(w),
    )
  )
    return "male";
  return null;
}
const NOT_NAMES = new Set(
  "The A An In On At For But And Or If As When While After Before During Since Until His Her Their Its Our We They He She It I You This That These Those Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December Look Yes No Asked According Meanwhile However Still Also Then Now There Here What Why How Where Who Earlier Later Today Tomorrow Yesterday Last Next Some Many Most Both Each Every One Two Three".split(
    " ",
  ),
);

export function slugify(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 200);
}

/** A capitalised word of a name; a plural possessive inside one ("Teachers' Association") too. */
const CAP = "(?:[A-Z][\\p{L}'’.-]*\\p{L}(?:\\.|(?<=s)['’](?=\\s+[A-Z]))?|[A-Z]\\.)";
const NAME_RUN = new RegExp(`${CAP}(?:\\s+(?:(?:de|da|van|von|der|al|bin|la|le|del|&)\\s+)?${CAP})*`, "gu");
const TITLE_PREFIX = new RegExp(`^((?:[A-Z][\\p{L}.-]*\\s+)*(?:${TITLE_WORDS}))\\s+(.+)$`, "u");
const ORG_PATTERN = new RegExp(`(?:^|\\s)(?:${ORG_WORDS})$`, "u");
const OF_HEAD = new RegExp(`(?:^|\\s)(?:${OF_HEADS})$`, "u");
/** Nouns that describe a business or a body ("the airline", "a charity"), next to whose name no person stands. */
const BUSINESS_NOUNS =
  "company|firm|airline|carrier|carmaker|chipmaker|manufacturer|retailer|insurer|operator|regulator|lender|bank|developer|contractor|builder|producer|supplier|broadcaster|publisher|studio|brand|chain|startup|refinery|utility|miner|group|agency|union|charity|foundation|association|network|club|newspaper|consortium|conglomerate|subsidiary|maker";
const BUSINESS_BEFORE = new RegExp(`\\b(?:${BUSINESS_NOUNS})(?:,\\s*|\\s+)$`, "u");
const BUSINESS_AFTER = new RegExp(
  `^,\\s+(?:the|a|an|its|their)\\s+(?:[\\p{L}'’-]+\\s+){0,3}?(?:${BUSINESS_NOUNS})(?![\\p{L}'’])`,
  "u",
);
/** A relative in apposition before a given name ("his wife, Grace,"). */
const KIN_BEFORE =
  /\b(?:his|her|their|my|our)\s+(?:\p{Ll}+\s+)?(wife|husband|son|daughter|mother|father|brother|sister|partner|grandson|granddaughter|grandmother|grandfather|niece|nephew|cousin|aunt|uncle|widow|widower),\s*$/iu;
const KIN_GENDER: Record<string, Gender> = {
  wife: "female",
  daughter: "female",
  mother: "female",
  sister: "female",
  granddaughter: "female",
  grandmother: "female",
  niece: "female",
  aunt: "female",
  widow: "female",
  husband: "male",
  son: "male",
  father: "male",
  brother: "male",
  grandson: "male",
  grandfather: "male",
  nephew: "male",
  uncle: "male",
  widower: "male",
};
const ROLE_NOUN = new RegExp(`^(?:${ROLE_NOUNS})$`, "i");
const ACRONYM = /^[A-Z]{2,6}$/;
/** Time zones as news copy abbreviates them ("3 p.m. ET"): no organisation. */
const TIME_ZONE =
  /^(?:UTC|GMT|BST|IST|CET|CEST|EET|EEST|MSK|JST|KST|AEST|AEDT|NZST|NZDT|[ECMPA]K?[SD]?T|AKST|AKDT|HST)$/;

function givenGender(first: string): Gender {
  const female =
    /^(?:Mary|Anna|Anne|Maria|Elena|Sarah|Laura|Karoline|Jane|Emma|Olivia|Sophie|Claire|Linda|Susan|Karen|Nancy|Lisa|Julia|Ursula|Kamala|Hillary|Angela|Marta|Priya|Aisha|Fatima|Helen|Ruth|Grace|Rosa|Ines|Ingrid|Nadia|Leila|Mei|Yuki|Amara|Chloe|Hannah|Rachel|Rebecca|Margaret|Elizabeth|Catherine|Kathryn|Kate|Jennifer|Jessica|Amy|Emily|Alice|Irene|Lucia|Carmen|Beatriz|Teresa|Monica|Diana|Dana|Tara|Nora|Vera|Olga|Tatiana|Svetlana|Natalia)$/;
  if (female.test(first)) return "female";
  if (compromiseGender(first) === "female") return "female";
  if (compromiseGender(first) === "male") return "male";
  return null;
}

function compromiseGender(first: string): Gender {
  const doc = nlp(first);
  if (doc.has("#FemaleName")) return "female";
  if (doc.has("#MaleName")) return "male";
  return null;
}

/** People and organisations named in a text, deduplicated: "President Trump" and "Trump" are one. */
export class ActorRegistry {
  readonly actors: Actor[] = [];

  constructor(readonly text: string) {
    this.scan();
  }

  private scan() {
    const text = this.text;
    const places = new Set(
      nlp(text)
        .places()
        .out("array")
        .map((p: string) => p.replace(/[.,;:!?]+$/, "")),
    );
    const orgHints = new Set(
      nlp(text)
        .organizations()
        .out("array")
        .map((p: string) => p.replace(/[.,;:!?’']+$/, "").replace(/^the\s+/i, "")),
    );
    const ofTail = new RegExp(`\\s+of\\s+(?:the\\s+)?${CAP}(?:\\s+${CAP})*`, "uy");
    for (let m = NAME_RUN.exec(text); m; m = NAME_RUN.exec(text)) {
      const cut = /(?<!\b(?:[A-Z]|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St|Lt|Col))\.\s/.exec(m[0]);
      if (cut) NAME_RUN.lastIndex = m.index + cut.index + 1;
      // "Bank of Calvaria", "Elsworth Museum of World Cultures": a head word goes on with "of".
      ofTail.lastIndex = m.index + m[0].length;
      const of = cut ? null : ofTail.exec(text);
      if (of && OF_HEAD.test(m[0])) {
        NAME_RUN.lastIndex = m.index + m[0].length + of[0].length;
      }
      let run = (
        cut ? m[0].slice(0, cut.index) : of && NAME_RUN.lastIndex > m.index + m[0].length ? m[0] + of[0] : m[0]
      )
        .replace(/[’']s$/, "")
        .replace(/([^A-Z])\.$/, (all, ch: string) => (/\b(?:Jr|Sr|Inc|Corp|Co|Ltd)\.$/.test(all) ? all : ch));
      let start = m.index;
      // Drop a sentence-initial function word ("The", "But") that the run caught.
      const words = run.split(/\s+/);
      while (words.length && NOT_NAMES.has(words[0]!.replace(/\.$/, ""))) {
        start +=
          words[0]!.length + (run.slice(words[0]!.length).length - run.slice(words[0]!.length).trimStart().length);
        run = run.slice(words[0]!.length).trimStart();
        words.shift();
      }
      if (!words.length) continue;
      const end = start + run.length;
      // A title or a name in marks ("Brass Tacks," a film, a nickname) names no actor.
      if (/["“‘']$/.test(text.slice(Math.max(0, start - 1), start))) {
        const closeAt = text.slice(end).search(/["”’']/);
        if (closeAt >= 0 && closeAt <= 40 && !/[.!?]\s/.test(text.slice(end, end + closeAt))) continue;
      }
      // A dateline ("KESTON —", "KESTON, Ruritania (Reuters) —") names a place, and its agency no speaker.
      const dateline = /^\s*(?:,\s*[A-Z][\p{L}.]*(?:\s+[A-Z][\p{L}.]*)*\s*)?(?:\([^()\n]{1,40}\)\s*)?[—–-]/u;
      if (/^[A-Z\s,.-]+$/.test(run) && dateline.test(text.slice(end, end + 60))) continue;
      if (text[start - 1] === "(" && /^\)\s*[—–-]/.test(text.slice(end, end + 3))) continue;
      if (
        TIME_ZONE.test(run) &&
        /\d(?:\s*(?:a\.m\.|p\.m\.|am|pm|h))?[\s(]*$/i.test(text.slice(Math.max(0, start - 12), start))
      )
        continue;
      // Words in capitals (a headline's "FICTIONAL EXAMPLE") name no one; acronyms are single words.
      if (words.length > 1 && /^[A-Z\s.,'’-]+$/.test(run)) continue;
      const head = run.replace(/\s+of\s+.*$/, "");
      const ofOrg = head !== run && OF_HEAD.test(head);
      if (ofOrg) {
        this.add("ORGANIZATION", run, start, end, null, null);
        continue;
      }
      if (
        /^the\s+$/i.test(text.slice(Math.max(0, start - 4), start)) ||
        ORG_PATTERN.test(run) ||
        orgHints.has(run) ||
        (ACRONYM.test(run) && !places.has(run))
      ) {
        if (words.length === 1 && !ACRONYM.test(run) && !ORG_PATTERN.test(run) && !orgHints.has(run)) continue;
        if (!ORG_PATTERN.test(run) && !orgHints.has(run) && !ACRONYM.test(run)) continue;
        this.add("ORGANIZATION", run, start, end, null, null);
        continue;
      }
      const titled = TITLE_PREFIX.exec(run);
      let name = run;
      let title: string | null = null;
      if (titled) {
        title = titled[1]!;
        name = titled[2]!;
      } else {
        // A role word capitalised at a sentence's start ("Nurse Ilse Marr said"): a description, not a given name.
        const role = /^(\p{Lu}\p{Ll}+)\s+(\S+\s+\S+.*)$/u.exec(run);
        if (role && ROLE_NOUN.test(role[1]!)) {
          title = role[1]!;
          name = role[2]!;
        }
      }
      const nameWords = name.split(/\s+/);
      if (nameWords.some((w) => NOT_NAMES.has(w))) continue;
      if (PLACE_WORDS.test(name) || PLACE_INSIDE.test(name)) continue;
      // compromise takes some people for places ("Helena Marsh"): a known given name or a title outweighs it.
      if ((places.has(name) || places.has(run)) && !(title || (nameWords.length > 1 && givenGender(nameWords[0]!))))
        continue;
      // "the country's largest airline, Condor Azul", "Condor Azul, a regional carrier,": a business's name.
      if (
        !titled &&
        (BUSINESS_BEFORE.test(text.slice(Math.max(0, start - 30), start)) ||
          BUSINESS_AFTER.test(text.slice(end, end + 60)))
      ) {
        this.add("ORGANIZATION", run, start, end, null, null);
        continue;
      }
      // "His wife, Grace, said": a given name alone, in apposition to a relative.
      const kin =
        nameWords.length === 1 && !title && text[end] === ","
          ? KIN_BEFORE.exec(text.slice(Math.max(0, start - 40), start))
          : null;
      if (kin) {
        this.add("PERSON", name, start, end, KIN_GENDER[kin[1]!.toLowerCase()] ?? null, null);
        continue;
      }
      if (nameWords.length === 1 && !title && !this.findPerson(name)) continue;
      if (nameWords.length > 4) continue;
      // A lowercase description just before the name ("fire chief Orla Delgado", "the fisheries minister, Anneliese Dorn").
      const described =
        title === null
          ? new RegExp(
              `((?:\\p{Lu}[\\p{L}'’-]*\\s+)?(?:\\p{Ll}[\\p{L}'’-]*\\s+){0,2}?\\b(?:${ROLE_NOUNS}))(?:,\\s*|\\s+)$`,
              "u",
            ).exec(text.slice(Math.max(0, start - 60), start))
          : null;
      if (described) {
        title = described[1]!.replace(/^(?:the|a|an|The|A|An)\s+/, "");
      }
      const honorific = title?.split(/\s+/).pop() ?? "";
      const gender =
        GENDER[honorific] ?? roleGender(title) ?? (nameWords.length > 1 ? givenGender(nameWords[0]!) : null);
      const roleTitle = title && !/^(?:Mr\.?|Mrs\.?|Ms\.?|Mx|Dr\.?|Sir|Dame|Lord|Lady)$/.test(title) ? title : null;
      const roleStart = described ? start - described[0].length + described[0].indexOf(described[1]!) : start;
      const nameStart = start + (run.length - name.length);
      // "Dame Harriet", "Sir Anand": the honour goes with the given name of the one named in full.
      if (/^(?:Sir|Dame)$/.test(title ?? "") && nameWords.length === 1) {
        const full = this.actors.filter((a) => a.kind === "PERSON" && a.name.startsWith(`${name} `));
        if (full.length === 1) name = full[0]!.name;
      }
      this.add("PERSON", name, nameStart, end, gender, roleTitle ? { title: roleTitle, start: roleStart, end } : null);
    }
  }

  /** An organisation named by its first word alone ("Quillon" for "Quillon Systems"). */
  orgByFirstWord(word: string): Actor | undefined {
    if (!/^\p{Lu}[\p{L}-]+$/u.test(word)) return undefined;
    const fits = this.actors.filter((a) => a.kind === "ORGANIZATION" && a.name.startsWith(`${word} `));
    return fits.length === 1 ? fits[0] : undefined;
  }

  findPerson(words: string): Actor | undefined {
    return this.match(words, "PERSON");
  }

  match(words: string, kind?: Kind): Actor | undefined {
    const key = words.toLowerCase();
    const candidates = this.actors.filter((a) => kind === undefined || a.kind === kind);
    return (
      candidates.find((a) => a.name.toLowerCase() === key) ??
      candidates.find(
        (a) =>
          a.kind === "PERSON" && (a.name.toLowerCase().endsWith(` ${key}`) || key.endsWith(` ${a.name.toLowerCase()}`)),
      )
    );
  }

  private add(
    kind: Kind,
    name: string,
    start: number,
    end: number,
    gender: Gender,
    role: Actor["roles"][number] | null,
  ) {
    // A name the text has shown to be an organisation stays one where nothing says so again.
    let actor =
      this.match(name, kind) ??
      (kind === "PERSON" ? this.actors.find((a) => a.kind === "ORGANIZATION" && a.name === name) : undefined);
    if (actor && kind === "PERSON" && name.split(/\s+/).length > actor.name.split(/\s+/).length) {
      actor.name = name;
      actor.slug = slugify(name);
    }
    if (!actor) {
      actor = { slug: slugify(name), kind, name, gender, roles: [], mentions: [] };
      this.actors.push(actor);
    }
    actor.mentions.push({ start, end });
    if (actor.kind !== kind) return;
    actor.gender ??= gender;
    if (role && !actor.roles.some((r) => r.title === role.title)) actor.roles.push(role);
  }

  /** A group the text names only by a description ("European leaders"). */
  group(name: string, slug: string, at: number): Actor {
    let actor = this.actors.find((a) => a.slug === slug);
    if (!actor) {
      actor = { slug, kind: "ORGANIZATION", name, gender: null, roles: [], mentions: [] };
      this.actors.push(actor);
    }
    actor.mentions.push({ start: at, end: at + name.length });
    return actor;
  }

  /** The actor a mention at [start, end) names, if any. */
  at(start: number, end: number): Actor | undefined {
    return this.actors.find((a) => a.mentions.some((m) => m.start < end && m.end > start));
  }

  /** Actors mentioned in [start, end), in order of their first mention there. */
  within(start: number, end: number): { actor: Actor; at: number }[] {
    const out: { actor: Actor; at: number }[] = [];
    for (const actor of this.actors)
      for (const m of actor.mentions) if (m.start >= start && m.end <= end) out.push({ actor, at: m.start });
    return out.sort((a, b) => a.at - b.at);
  }
}

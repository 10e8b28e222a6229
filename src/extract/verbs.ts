/** Verbs that report speech, in their reported forms. */
export const SPEECH_VERBS = [
  "said", "says", "say", "told", "tells", "added", "adds", "asked", "asks", "warned", "warns", "insisted",
  "insists", "noted", "notes", "stated", "states", "declared", "declares", "remarked", "remarks", "wrote",
  "writes", "explained", "explains", "argued", "argues", "acknowledged", "acknowledges", "continued",
  "continues", "replied", "replies", "responded", "responds", "asserted", "asserts", "concluded", "concludes",
  "claimed", "claims", "announced", "announces", "recalled", "recalls", "conceded", "concedes", "admitted",
  "admits", "cautioned", "cautions", "stressed", "stresses", "emphasized", "emphasised", "emphasizes",
  "observed", "observes", "suggested", "suggests", "predicted", "predicts", "promised", "promises",
  "vowed", "vows", "urged", "urges", "pleaded", "joked", "jokes", "quipped", "shouted", "yelled",
  "whispered", "tweeted", "posted", "exclaimed", "countered", "counters", "agreed", "agrees", "complained",
  "complains", "lamented", "laments", "testified", "testifies", "confirmed", "confirms", "denied",
  "denies", "maintained", "maintains", "mused", "muses", "boasted", "boasts", "pointed out", "went on",
  "wrote in", "told reporters", "said in a statement", "explained", "reiterated", "reiterates",
  "contended", "contends", "charged", "charges", "advised", "advises", "demanded", "demands",
] as const;

/** Verbs that put words in the mouth of the sentence's subject when a fragment is quoted. */
export const FRAGMENT_VERBS = [
  "called", "calls", "call", "described", "describes", "termed", "terms", "labelled", "labeled", "branded",
  "characterized", "characterised", "praised", "praises", "criticized", "criticised", "denounced",
  "condemned", "hailed", "hails", "dismissed", "dismisses", "urged", "urges", "vowed", "vows", "pledged",
  "pledges", "promised", "promises", "warned", "warns", "insisted", "insists", "accused", "accuses",
  "blasted", "slammed", "welcomed", "welcomes", "rejected", "rejects", "referred", "refers",
] as const;

const all = [...new Set([...SPEECH_VERBS, ...FRAGMENT_VERBS])].sort((a, b) => b.length - a.length);
const speechOnly = [...new Set(SPEECH_VERBS)].sort((a, b) => b.length - a.length);

const alternation = (list: readonly string[]) => list.map((v) => v.replace(/ /g, "\\s+")).join("|");

export const SPEECH_VERB = alternation(speechOnly);
export const ANY_SPEECH_VERB = alternation(all);

export const speechVerbPattern = new RegExp(`\\b(?:${SPEECH_VERB})\\b`, "i");
export const anySpeechVerbPattern = new RegExp(`\\b(?:${ANY_SPEECH_VERB})\\b`, "i");

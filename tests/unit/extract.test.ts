import { readFileSync } from "node:fs";
import path from "node:path";
import { extractDraft } from "../../src/extract/draft";
import { prepareBundle } from "../../src/bundle/verify";
import { evaluate, loadGoldSet } from "../../scripts/extract-eval";

const ROOT = path.join(__dirname, "../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

const statements = (file: string, publishedOn?: string) =>
  extractDraft(read(file), { publishedOn })
    .statements.filter((s) => s.kind === "DIRECT_QUOTE")
    .map(({ kind, start, end, exact, group, speaker, verb }) => ({
      kind,
      start,
      end,
      exact,
      group,
      speaker,
      verb,
    }));

const q = (start: number, exact: string, speaker: string | null, verb: string | null, group: string | null = null) => ({
  kind: "DIRECT_QUOTE",
  start,
  end: start + [...exact].length,
  exact,
  group,
  speaker,
  verb,
});

describe("extractDraft", () => {
  it("the seed article: its four direct quotes, verbatim, all Donald Trump's", () => {
    const seed = JSON.parse(read("seed/anchorage-summit.bundle.json")) as {
      statements: { kind: string; speaker: string; span: { exact: string; start: number; end: number } }[];
    };
    const expected = seed.statements
      .filter((s) => s.kind === "DIRECT_QUOTE")
      .map((s) => ({ ...s.span, speaker: s.speaker }));
    expect(expected).toHaveLength(4);
    const found = statements("seed/anchorage-summit.txt", "2025-08-15").map(({ start, end, exact, speaker }) => ({
      exact,
      start,
      end,
      speaker,
    }));
    expect(found).toEqual(expected);
  });

  it("90: split quotes, a fragment, a pronoun, an organisation, an unnamed speaker", () => {
    expect(statements("tests/extraction/passages/90-harbor-council.txt")).toEqual([
      q(157, "We are not walking away from this", "ruth-calder", "said", "group-1"),
      q(225, "We are taking the time to get it right.", "ruth-calder", "said", "group-1"),
      q(335, "small victory for fishermen", "dev-oyelaran", "called"),
      q(412, "Nobody here wants the harbor to crumble", "dev-oyelaran", "told reporters", "group-2"),
      q(
        474,
        "But you cannot put the whole bill on the people with the least.",
        "dev-oyelaran",
        "told reporters",
        "group-2",
      ),
      q(598, "the only realistic way", "harbor-authority", "said in a statement"),
      q(644, "It's going to be expensive either way", null, "said"),
    ]);
  });

  it("91: curly marks, inverted attribution, a title in marks left out", () => {
    expect(statements("tests/extraction/passages/91-drought-ministry.txt")).toEqual([
      q(123, "The situation is serious, and every household will have to save", "elena-sorvik", "said"),
      q(297, "within days, not weeks.", "elena-sorvik", "added"),
      q(401, "They knew this was coming last spring", "marcus-thale", "said", "group-1"),
      q(454, "and they did nothing.", "marcus-thale", "said", "group-1"),
      q(578, "Our members cannot plant without water", "northern-farmers-union", "said"),
      q(708, "Pray for rain", null, null),
    ]);
  });

  it("92: a quote across paragraphs, the company and the secretary resolved", () => {
    expect(statements("tests/extraction/passages/92-rail-strike.txt")).toEqual([
      q(
        178,
        'We offered a compromise and it was thrown back in our faces. Our people are tired of being told to wait.\n"If the company wants the trains running, it knows where to find us.',
        "priya-dalmer",
        "told reporters",
      ),
      q(410, "We remain ready to talk at any hour", "keston-rail", "said in a statement"),
      q(569, "deeply regrettable.", "alan-brecht", "described"),
      q(633, "for now.", "alan-brecht", "said"),
      q(673, "I've been standing here for an hour", null, "said"),
    ]);
  });

  it("a draft with review flags is refused by ingest's checks until they are cleared", async () => {
    const draft = extractDraft(read("tests/extraction/passages/90-harbor-council.txt"), { publishedOn: "2026-03-12" });
    expect(draft.review.map((r) => r.flag)).toContain("UNATTRIBUTED");
    await expect(prepareBundle(draft)).rejects.toThrow(/clear the review flags first/);
  });

  it("resolves a statement's relative date against the publication date", () => {
    const draft = extractDraft('The mayor spoke on Tuesday. "We will build it," Mayor Ruth Calder said on Tuesday.', {
      publishedOn: "2026-03-12",
    });
    expect(draft.statements[0]).toMatchObject({
      saidAt: "2026-03-10T00:00:00Z",
      timePrecision: "DAY",
      timeBasis: "DERIVED",
      timeText: "on Tuesday",
    });
  });

  // Fictional passages, each exercising one general rule of news prose.
  const said = (text: string) =>
    extractDraft(text)
      .statements.filter((x) => x.kind === "DIRECT_QUOTE")
      .map(({ start, exact, speaker, verb, group }) => ({
        start,
        exact,
        speaker,
        verb,
        group,
      }));
  const s = (
    start: number,
    exact: string,
    speaker: string | null,
    verb: string | null,
    group: string | null = null,
  ) => ({
    start,
    exact,
    speaker,
    verb,
    group,
  });

  it("single marks as primary marks, double marks nested inside them", () => {
    expect(
      said(
        "Transport minister Ada Wren said the delay was ‘regrettable’. ‘Her officials told her, “It will not be ready,” and she listened,’ said Tom Pike, who leads the opposition.",
      ),
    ).toEqual([
      s(48, "regrettable", "ada-wren", "said"),
      s(63, "Her officials told her, “It will not be ready,” and she listened", "tom-pike", "said"),
    ]);
  });

  it("a name in apposition or before a relative clause speaks, not its description", () => {
    expect(
      said(
        'The city\'s planning chief, Ruth Oduya, said: "We are not done." Council member Dev Amadi, who chairs the finance committee, said: "We are broke."\n"Our people are safe," the plant\'s owner, Halden Chemicals, said in a statement.',
      ),
    ).toEqual([
      s(46, "We are not done.", "ruth-oduya", "said"),
      s(131, "We are broke.", "dev-amadi", "said"),
      s(147, "Our people are safe", "halden-chemicals", "said in a statement"),
    ]);
  });

  it("a described body is adjectives and a noun, not a clause ('the mayor told the council')", () => {
    const text =
      "Harbour master Jonas Weir closed the north pier on Monday. The mayor told the council that the pier would reopen in May.";
    expect(extractDraft(text).actors.map((a) => [a.name, a.kind])).toEqual([["Jonas Weir", "PERSON"]]);
  });

  it("a dateline with its agency, a headline in capitals and a time zone name no actor", () => {
    const text =
      'PORT ALDER BRACES FOR STORM (FICTIONAL)\nPORT ALDER, Valdenia (Coastline News) — "Stay indoors tonight," harbour master Ines Carvell said.\nThe storm is due at 9 p.m. ET (0100 GMT).';
    expect(extractDraft(text).actors.map((a) => [a.name, a.kind])).toEqual([["Ines Carvell", "PERSON"]]);
    expect(said(text)).toEqual([s(81, "Stay indoors tonight", "ines-carvell", "said")]);
  });

  it("organisation names with 'of'; quotes of two sentences are not one split quote", () => {
    const text =
      'The Bank of Sorrel raised rates on Thursday. "Inflation is sticky," the bank said. The University of Marl said it was "watching closely."';
    expect(said(text)).toEqual([
      s(46, "Inflation is sticky", "bank-of-sorrel", "said"),
      s(119, "watching closely.", "university-of-marl", "said"),
    ]);
    expect(extractDraft(text).actors.map((a) => [a.name, a.kind])).toEqual([
      ["Bank of Sorrel", "ORGANIZATION"],
      ["University of Marl", "ORGANIZATION"],
    ]);
  });

  it("an unknown given name takes the gender of the pronoun that plainly points at it", () => {
    expect(
      said(
        'Police spokesperson Ilsabet Alvar said the road was closed. "It will reopen tonight," she said.\nAfter Alvar had left, director Jonah Pell spoke. "We are grateful," he said.',
      ),
    ).toEqual([
      s(61, "It will reopen tonight", "ilsabet-alvar", "said"),
      s(146, "We are grateful", "jonah-pell", "said"),
    ]);
  });

  it("'the statement said' is whoever issued the statement; 'the airline' is no union; a company by its first word", () => {
    expect(
      said(
        'The Rowan Valley Trust said in a statement that the river was "recovering slowly." "There is more to do," the statement said.',
      ),
    ).toEqual([
      s(63, "recovering slowly.", "rowan-valley-trust", "said in a statement"),
      s(84, "There is more to do", "rowan-valley-trust", "said in a statement"),
    ]);
    expect(
      said(
        'Cabin crew at Skerry Air went on strike, the Cabin Crew Union said. "We had no choice," the union said. The airline said it expected "long delays."\n"We are sorry," Skerry said in a statement.',
      ),
    ).toEqual([
      s(69, "We had no choice", "cabin-crew-union", "said"),
      s(134, "long delays.", "skerry-air", "said"),
      s(149, "We are sorry", "skerry-air", "said in a statement"),
    ]);
  });

  it("places, bases and time zones are no speakers", () => {
    const draft = extractDraft(
      'Crowds gathered at 9 a.m. Alaska Time outside Joint Base Elmendorf-Richardson. "It was loud," said one resident.',
    );
    expect(draft.actors).toEqual([]);
    expect(draft.statements.map((x) => [x.exact, x.speaker])).toEqual([["It was loud", null]]);
  });

  it("a placard's words and a name after 'called' report no speech; a cry does", () => {
    expect(
      said(
        'A placard outside the school reading "Save our teachers" was taken down. The shop sells a doll called “Little Bear.” As the bus left, a cry of “Shame!” came from the crowd.',
      ),
    ).toEqual([s(144, "Shame!", null, null)]);
  });

  it("'Ms Quill', 'Mr Renn' (no stop) and 'Ms. Fenn' are the people named before; a run of title words is one title", () => {
    const text =
      "Council leader Mara Quill defended the budget. 'It adds up,' Ms Quill said. Opposition member Tobias Renn disagreed. 'It does not,' Mr Renn said. Assistant District Attorney Noor Hale called it 'a fig leaf'.";
    expect(said(text)).toEqual([
      s(48, "It adds up", "mara-quill", "said"),
      s(118, "It does not", "tobias-renn", "said"),
      s(195, "a fig leaf", "noor-hale", "called"),
    ]);
    expect(extractDraft(text).roles.map((r) => [r.person, r.title])).toEqual([
      ["mara-quill", "Council leader"],
      ["tobias-renn", "Opposition member"],
      ["noor-hale", "Assistant District Attorney"],
    ]);
  });

  it("a name in apposition at the end of its sentence stops there, not in the next paragraph", () => {
    expect(
      said(
        "Painter Lotte Fenn won the prize. “It was overdue,” said the gallery’s chief curator, Odile Brandt.\n\nMs. Fenn, asked about it, smiled.",
      ),
    ).toEqual([s(35, "It was overdue", "odile-brandt", "said")]);
  });

  it("a pronoun points at the grammatical subject: after a fronted clause, through a pronoun subject, never at an unnamed person", () => {
    expect(
      said(
        "Trainer Hugo Voss met reporters after the race. Asked about rival Bram Kell’s complaint, Voss laughed. ‘Bram will calm down,’ he said.",
      ),
    ).toEqual([s(104, "Bram will calm down", "hugo-voss", "said")]);
    expect(
      said(
        "Nurse Ilse Marr said the ward was full. Asked whether patients like Greta Olin were at risk, she hesitated. “We are doing our best,” she said.\nOutside, one woman in a green scarf was angrier. “They never listen,” she said.",
      ),
    ).toEqual([s(109, "We are doing our best", "ilse-marr", "said"), s(193, "They never listen", null, "said")]);
  });

  it("a fragment belongs to the subject of its reporting clause: the first verb with one, a participle's main clause, a belief, 'according to'", () => {
    expect(
      said(
        'VELLMOR — The Ostrand Ferry Company cut two routes on Monday, saying demand was "simply gone." Its chief executive, Piet Lammers, said the board thought the cuts were "overdue." But he resisted calls to step down, calling that "the coward\'s way out." Commissioner Jana Frey expects a buyer "within the year." Fares will rise, according to a notice from the company, by "a modest amount." The trust that runs the pier is "relieved," according to its director, Ola Brink.',
      ),
    ).toEqual([
      s(81, "simply gone.", "ostrand-ferry-company", "saying"),
      s(168, "overdue.", "piet-lammers", "said"),
      s(228, "the coward's way out.", "piet-lammers", "calling"),
      s(291, "within the year.", "jana-frey", "expects"),
      s(370, "a modest amount.", "ostrand-ferry-company", "according to"),
      s(421, "relieved", "ola-brink", "according to"),
    ]);
  });

  it("a description names whom the next sentences title so, not one with a different qualifier; a reply is not the questioner's", () => {
    expect(
      said(
        'The authority\'s chief accused the minister of "wrecking the coast." The authority chief, Sanne Vos, spoke later. Union leader Ruud Dekker disagreed. Council leader Mila Roos said nothing. "We will fight on," the union leader said.\n"Will you resign?" Vos asked Roos.\n"No," she replied.',
      ),
    ).toEqual([
      s(47, "wrecking the coast.", "sanne-vos", "accused"),
      s(189, "We will fight on", "ruud-dekker", "said"),
      s(232, "Will you resign?", "sanne-vos", "asked"),
      s(267, "No", "mila-roos", "replied"),
    ]);
  });

  it("a pronoun after an unnamed speaker's quote is still unnamed; 'Mr.' ends no sentence; a belief verb reports a fragment", () => {
    expect(
      said(
        'Councillor Rosa Imrie opened the meeting. "We are done," one protester shouted. "We will be back," she added.\nLater, Ms. Imrie said that Mr. Tal Oren "knows perfectly well" the hall is booked. Oren expects the row to end "within days."',
      ),
    ).toEqual([
      s(43, "We are done", null, "shouted", "group-1"),
      s(81, "We will be back", null, "added", "group-1"),
      s(151, "knows perfectly well", "rosa-imrie", "said"),
      s(222, "within days.", "tal-oren", "expects"),
    ]);
  });

  it("a quoted sentence with no attribution after a sentence about someone is that subject's, unless unnamed", () => {
    expect(
      said(
        'Shop owner Priya Nair was blunt. "We cannot keep doing this."\nNair, 58, has run the bakery for three decades.\n"I have never seen the river this angry."\nOne elderly man, who gave no name, said he had lost everything. "All of it, gone."',
      ),
    ).toEqual([
      s(34, "We cannot keep doing this.", "priya-nair", null),
      s(111, "I have never seen the river this angry.", "priya-nair", null),
      s(217, "All of it, gone.", null, null),
    ]);
  });

  it("a plural possessive inside a name; a description with a body's name in apposition is that body", () => {
    const text =
      'The players\' union, the Professional Footballers\' Guild, called the timing "brutal." "Nobody should learn this from social media," the union said. The Northfield Teachers\' Association agreed.';
    expect(said(text)).toEqual([
      s(76, "brutal.", "professional-footballers-guild", "called"),
      s(86, "Nobody should learn this from social media", "professional-footballers-guild", "said"),
    ]);
    expect(extractDraft(text).actors.map((a) => a.name)).toEqual([
      "Professional Footballers' Guild",
      "Northfield Teachers' Association",
    ]);
  });

  it("a name in apposition with a business noun is an organisation, and stays one", () => {
    const text =
      'The country\'s largest airline, Condor Azul, cancelled 140 flights. The airline said the strike was "unlawful." Skyra, a regional carrier, said it had "no spare crews." "We apologise," Condor Azul said.';
    expect(said(text)).toEqual([
      s(100, "unlawful.", "condor-azul", "said"),
      s(151, "no spare crews.", "skyra", "said"),
      s(169, "We apologise", "condor-azul", "said"),
    ]);
    expect(extractDraft(text).actors.map((a) => [a.name, a.kind])).toEqual([
      ["Condor Azul", "ORGANIZATION"],
      ["Skyra", "ORGANIZATION"],
    ]);
  });

  it("a lede's described person is the one the next sentence names; 'Dame Harriet' is Harriet Cole", () => {
    expect(
      said(
        'LONDON — A former minister has accused the government of "sleepwalking" into a housing crisis.\nDame Harriet Cole, who held the housing brief until 2022, said ministers had "lost their nerve."\n"Mark is a decent man," Dame Harriet replied, "but he is wrong."\nOne tenant said the rent had "doubled."',
      ),
    ).toEqual([
      s(58, "sleepwalking", "harriet-cole", "accused"),
      s(173, "lost their nerve.", "harriet-cole", "said"),
      s(193, "Mark is a decent man", "harriet-cole", "replied", "group-1"),
      s(239, "but he is wrong.", "harriet-cole", "replied", "group-1"),
      s(287, "doubled.", null, "said"),
    ]);
  });

  it("a given name in apposition to a relative is a person, with the relative's gender", () => {
    expect(
      said(
        'Commissioner Joanna Reyes-Hart praised staff. Martin Oyelowo, 66, waited four hours. His wife, Grace, said the couple would complain. "We pay for this," she said.',
      ),
    ).toEqual([s(135, "We pay for this", "grace", "said")]);
  });

  it("'said Hale's assistant, Tom Ure' is Tom Ure, and he is the subject a later 'he' points at", () => {
    expect(
      said(
        'Coach Ben Hale won again. "We did our best," said Hale\'s assistant, Tom Ure.\nHe said the referee, Paul Stone, had "lost control."',
      ),
    ).toEqual([s(27, "We did our best", "tom-ure", "said"), s(115, "lost control.", "tom-ure", "said")]);
  });

  it("a possessive after the only person named in its sentence tells that person's gender", () => {
    expect(
      said(
        'Kwame Boateng said his budget was tight. Ngozi Eze chaired the meeting. Boateng left early. "It was a long day," she said.',
      ),
    ).toEqual([s(93, "It was a long day", "ngozi-eze", "said")]);
  });

  it("'MP' is a title before a name", () => {
    const text = "Local MP Sara Quell said the roads were 'full'.";
    expect(said(text)).toEqual([s(41, "full", "sara-quell", "said")]);
    expect(extractDraft(text).roles.map((r) => [r.person, r.title])).toEqual([["sara-quell", "Local MP"]]);
  });

  it("fragments: 'as X put it', the reporting verb before a trailing clause, 'X of Y', 'X's deputy, Name'", () => {
    expect(
      said(
        'Finance Minister Olga Reyes presented the budget. The cuts were, as Reyes put it, "overdue by a decade." Karl Brandt accused Reyes of "hiding the real numbers," a charge she denied. Economist Lena Park of Halvard University described the forecasts as "optimistic at best." Reyes’s deputy, Ivan Moss, told parliament the deficit would fall "faster than anyone expects."',
      ),
    ).toEqual([
      s(83, "overdue by a decade.", "olga-reyes", "put it"),
      s(135, "hiding the real numbers", "karl-brandt", "accused"),
      s(252, "optimistic at best.", "lena-park", "described"),
      s(340, "faster than anyone expects.", "ivan-moss", "told"),
    ]);
  });

  it("a long apposition before the verb; 'X of the Y said' is X", () => {
    expect(
      said(
        'Nurse Maria Delgado spoke. Ruth Obi listened. "It is over," Delgado, a nurse who has worked at the clinic for twenty years and lives nearby, said. Ruth Obi of the Clinic Trust said: "We will appeal."',
      ),
    ).toEqual([s(47, "It is over", "maria-delgado", "said"), s(183, "We will appeal.", "ruth-obi", "said")]);
  });

  it("a utility's name is an organisation, and 'the company' points at it", () => {
    const text =
      'Regulators fined Tessaly Water on Wednesday. Tessaly Water said it accepted the ruling. "We are sorry," the company said.';
    expect(said(text)).toEqual([s(89, "We are sorry", "tessaly-water", "said")]);
    expect(extractDraft(text).actors.map((a) => [a.name, a.kind])).toEqual([["Tessaly Water", "ORGANIZATION"]]);
  });

  it("a possessive opening a sentence is not its subject: the name in apposition to what it owns is", () => {
    expect(
      said(
        'Judge Miriam Osei sentenced Carl Duffy. Duffy\'s lawyer, Simon Reed, said his client would appeal. "The sentence is excessive," he said.',
      ),
    ).toEqual([s(99, "The sentence is excessive", "simon-reed", "said")]);
  });

  it("scores on the gold set stay at their floors", () => {
    // Floors a little under this increment's figures (npm run extract:eval), per split: the rules
    // split (45 passages) is saturated at precision 0.997, recall 1.000, speakers 1.000 (275/275),
    // unattributed kept 1.000; dev (12 fresh passages) is at precision 1.000, recall 1.000,
    // speakers 0.990 (97/98), unattributed kept 1.000 (10/10). A change that loses ground fails here. The held-out split has no
    // floor: it is the judge, not a target.
    const { bySplit } = evaluate(loadGoldSet());
    const rules = bySplit.get("rules")!;
    expect(rules.matchedPredicted / rules.predicted).toBeGreaterThanOrEqual(0.992);
    expect(rules.found / rules.gold).toBeGreaterThanOrEqual(0.995);
    expect(rules.namedRight / rules.named).toBeGreaterThanOrEqual(0.995);
    expect(rules.unattributedKept / rules.unattributed).toBeGreaterThanOrEqual(0.995);
    const dev = bySplit.get("dev")!;
    expect(dev.matchedPredicted / dev.predicted).toBeGreaterThanOrEqual(0.995);
    expect(dev.found / dev.gold).toBeGreaterThanOrEqual(0.995);
    expect(dev.namedRight / dev.named).toBeGreaterThanOrEqual(0.985);
    expect(dev.unattributedKept / dev.unattributed).toBeGreaterThanOrEqual(0.9);
  });
});

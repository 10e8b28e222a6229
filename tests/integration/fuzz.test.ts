import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { ErrorCode } from "../../src/errors";
import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";

/**
 * A seeded fuzz run over real HTTP against one server on the seeded database: malformed and
 * hostile requests of many kinds, each of which must be answered, quickly, without a 5xx, as
 * JSON whose errors carry a public `extensions.code` (or as a data answer). The cases are
 * generated from FUZZ_SEED up front, so a run is reproducible whatever the timing.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
if (!Number.isSafeInteger(SEED)) throw new Error(`FUZZ_SEED must be an integer (got ${process.env.FUZZ_SEED}).`);
/** Concurrent requests in flight. */
const IN_FLIGHT = 8;
/** A request not answered in this time counts as a failure. */
const REQUEST_TIMEOUT_MS = 15_000;
/**
 * No request is started after this much of the run; those left count as failures. Generous: the
 * run takes about 40 s on an idle 2-core machine, and CI's must not fail because the machine is busy.
 */
const RUN_BUDGET_MS = 150_000;
/** The body limit the test server has (createServer's default, BODY_LIMIT_BYTES). */
const BODY_LIMIT_BYTES = 100_000;

/** mulberry32: a small PRNG with a 32-bit state, good enough to spread cases. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const CATEGORIES = [
  "broken-json",
  "wrong-json-types",
  "huge-documents",
  "deep-documents",
  "fragment-bombs",
  "deep-variables",
  "unicode",
  "oversize-bodies",
  "odd-dates",
  "export-dates",
  "export-query-strings",
  "http-methods",
  "content-types",
  "get-query-strings",
  "operation-names",
  "operation-types",
  "persisted-queries",
  "mutated-documents",
  "random-variables",
  "alias-bombs",
] as const;
type Category = (typeof CATEGORIES)[number];

interface FuzzCase {
  category: Category;
  /** What the generator made, in words: with the request, a reproducer. */
  label: string;
  method: string;
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" };

function post(category: Category, label: string, body: unknown, headers: Record<string, string> = {}): FuzzCase {
  return {
    category,
    label,
    method: "POST",
    path: "/graphql",
    headers: { ...JSON_HEADERS, ...headers },
    body: typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body),
  };
}

function get(category: Category, label: string, path: string, headers: Record<string, string> = {}): FuzzCase {
  return { category, label, method: "GET", path, headers: { accept: "application/json", ...headers } };
}

const SLUGS = [
  "anchorage-summit-2025",
  "donald-trump",
  "vladimir-putin",
  "volodymyr-zelenskyy",
  "karoline-leavitt",
  "territorial-exchange",
  "ukraine-ceasefire",
  "no-such-slug",
];

/** Valid operations over the seeded schema, the raw material of several categories. */
const VALID_QUERIES = [
  `{ topics { totalCount nodes { slug name } } }`,
  `{ statements(first: 5) { totalCount nodes { id text kind speaker { slug name } topics { slug } } pageInfo { endCursor hasNextPage } } }`,
  `query Summit($slug: String!) { event(slug: $slug) { slug title startsAt participants { __typename } } }`,
  `query ($f: StatementFilter, $n: Int) { statements(filter: $f, first: $n) { totalCount nodes { text saidAt } } }`,
  `query ($q: String!) { search(query: $q, first: 3) { totalCount } }`,
  `query ($id: ID!) { node(id: $id) { id __typename } }`,
  `query ($r: DateRange) { positions(filter: { asOfBetween: $r }) { totalCount nodes { asOf } } }`,
  `query ($r: InstantRange) { events(filter: { startsBetween: $r }) { totalCount } }`,
  `{ stanceMatrix(event: "anchorage-summit-2025") { __typename } }`,
  `query Counts($by: StatementGrouping!) { statementCounts(by: $by) { count kind } }`,
  `{ person(slug: "donald-trump") { name statements(first: 3) { nodes { text } } } }`,
  `{ actors(first: 3, orderBy: { field: NAME, direction: DESC }) { nodes { slug } } }`,
];

/** Strings that trip up parsers, databases and terminals. */
const ODD_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud83dy",
  "\u202eevil\u202c",
  "\u200f\u05e9\u05dc\u05d5\u05dd",
  "\ufeffdonald-trump",
  "donald\u200d-trump",
  "\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67\u200d\ud83d\udc66",
  "e\u0301\u0301\u0301\u0301\u0301",
  "\uffff\ufffe",
  "line\u2028separator\u2029",
  "\r\n\t\b\f\v",
  "'; DROP TABLE statement; --",
  "% _ \\ ' \"",
  "$1",
  "${}",
  "{{}}",
  "<script>alert(1)</script>",
  "\u0430pple",
  "DONALD-TRUMP",
  "donald-trump ",
  "\u00e9\u00e8\u00ea",
  "\u4e2d\u6587",
  "\ud834\udd1e",
  "\u0085\u00a0\u1680\u3000",
];

function oddString(rng: Rng): string {
  if (rng.chance(0.1)) return rng.pick(ODD_STRINGS).repeat(rng.int(500, 20_000));
  if (rng.chance(0.3)) return rng.pick(ODD_STRINGS) + rng.pick(SLUGS) + rng.pick(ODD_STRINGS);
  return rng.pick(ODD_STRINGS);
}

/** Any JSON value, nested at most `depth` levels. */
function randomJson(rng: Rng, depth: number): unknown {
  const roll = rng.int(0, depth > 0 ? 9 : 6);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -0, 1, -1, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -1e-308, 100, 101]);
    case 3:
    case 4:
      return oddString(rng);
    case 5:
      return rng.pick(SLUGS);
    case 6:
      return rng.pick(["QUOTE", "PARAPHRASE", "DIRECT_QUOTE", "KIND", "SPEAKER", "2025-08-15", "2025-08-15T19:00:00Z"]);
    case 7:
    case 8:
      return Array.from({ length: rng.int(0, 4) }, () => randomJson(rng, depth - 1));
    default: {
      const keys = ["from", "to", "speakers", "topics", "kinds", "__proto__", "constructor", "saidBetween", "x"];
      const object: Record<string, unknown> = {};
      for (let i = rng.int(0, 4); i > 0; i -= 1) {
        Object.defineProperty(object, rng.pick(keys), {
          value: randomJson(rng, depth - 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      return object;
    }
  }
}

/** `{ "a": { "a": ... } }` or `[[...]]`, `depth` levels, written as text (JSON.stringify would recurse). */
function nestedJson(depth: number, kind: "list" | "object", leaf = "1"): string {
  return kind === "list"
    ? `${"[".repeat(depth)}${leaf}${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}${leaf}${"}".repeat(depth)}`;
}

const ODD_DATES = [
  "0000-01-01",
  "99999-01-01",
  "2025-02-30",
  "2025-13-01",
  "2025-00-10",
  "2025-08-00",
  "2025-08-32",
  "2023-02-29",
  "2024-02-29",
  "1900-02-29",
  "0001-01-01",
  "9999-12-31",
  "-0001-01-01",
  "+002025-08-15",
  "2025-8-15",
  " 2025-08-15",
  "2025-08-15 ",
  "2025/08/15",
  "20250815",
  "2025-W33",
  "2025-227",
  "\u0662\u0660\u0662\u0665-\u0660\u0668-\u0661\u0665",
  "\uff12\uff10\uff12\uff15-\uff10\uff18-\uff11\uff15",
  "",
  "today",
  "2025-08-15T19:00:00Z",
];

const ODD_INSTANTS = [
  "2025-08-15T19:00:00Z",
  "2025-08-15T19:00:00z",
  "2025-08-15t19:00:00Z",
  "2025-08-15T19:00:00+14:00",
  "2025-08-15T19:00:00-12:00",
  "2025-08-15T19:00:00+23:59",
  "2025-08-15T19:00:00+24:00",
  "2025-08-15T19:00:00-00:00",
  "2025-08-15T19:00:00+99:00",
  "2025-08-15T19:00:00+05:30",
  "2025-08-15T19:00:00+0530",
  "2025-08-15T19:00:00+05",
  "2025-08-15T24:00:00Z",
  "2025-08-15T23:59:60Z",
  "2025-08-15T19:00:00.123456789Z",
  "2025-08-15T19:00:00,5Z",
  "2025-08-15T19:00Z",
  "2025-08-15T19:00:00",
  "2025-08-15 19:00:00Z",
  "2025-02-30T00:00:00Z",
  "2025-13-01T00:00:00Z",
  "0000-01-01T00:00:00Z",
  "0001-01-01T00:00:00Z",
  "0001-01-01T00:00:00+01:00",
  "0001-01-01T00:30:00+14:00",
  "9999-12-31T23:59:59.999Z",
  "9999-12-31T23:59:59-01:00",
  "9999-12-31T23:59:59-12:00",
  "99999-01-01T00:00:00Z",
  "275760-09-13T00:00:00Z",
  "-271821-04-20T00:00:00Z",
  "1969-12-31T23:59:59.999Z",
  "1970-01-01T00:00:00Z",
  "2038-01-19T03:14:08Z",
  "1755284400",
  "1755284400000",
  "2025-08-15",
  "",
];

function oddDateValue(rng: Rng, kind: "date" | "instant"): unknown {
  if (rng.chance(0.1)) return rng.pick([1755284400000, 0, -1, true, null, {}, [], ["2025-08-15"], 2025.5]);
  return rng.pick(kind === "date" ? ODD_DATES : ODD_INSTANTS);
}

/** A date filter of the schema, with odd ends, written in the document or passed as a variable. */
function oddDateCase(rng: Rng): FuzzCase {
  const filters = [
    { field: "statements", arg: "saidBetween", input: "StatementFilter", kind: "instant", pick: "totalCount" },
    { field: "events", arg: "startsBetween", input: "EventFilter", kind: "instant", pick: "totalCount" },
    { field: "positions", arg: "asOfBetween", input: "PositionFilter", kind: "date", pick: "totalCount" },
    { field: "statementCounts", arg: "saidBetween", input: "StatementFilter", kind: "instant", pick: "count" },
  ] as const;
  const filter = rng.pick(filters);
  const range: Record<string, unknown> = {};
  if (rng.chance(0.8)) range.from = oddDateValue(rng, filter.kind);
  if (rng.chance(0.6)) range.to = oddDateValue(rng, filter.kind);
  const args = filter.field === "statementCounts" ? "by: SPEAKER, " : "";
  if (rng.chance(0.5)) {
    const query = `query ($f: ${filter.input}) { ${filter.field}(${args}filter: $f) { ${filter.pick} } }`;
    return post("odd-dates", `${filter.field} ${filter.arg} as a variable`, {
      query,
      variables: { f: { [filter.arg]: range } },
    });
  }
  const literal = Object.entries(range)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(", ");
  const query = `{ ${filter.field}(${args}filter: { ${filter.arg}: { ${literal} } }) { ${filter.pick} } }`;
  return post("odd-dates", `${filter.field} ${filter.arg} written in the document`, { query });
}

/** encodeURIComponent, except that a lone surrogate is sent as the (invalid) UTF-8 bytes of its code unit. */
function encodeQueryValue(text: string): string {
  return text
    .split(/([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/)
    .map((part, index) => {
      if (index % 2 === 0) return encodeURIComponent(part);
      const unit = part.charCodeAt(0);
      return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join("");
    })
    .join("");
}

const EXPORT_PATHS = ["/export/statements.csv", "/export/statements.ndjson"];

function exportPath(rng: Rng, params: string[]): string {
  return `${rng.pick(EXPORT_PATHS)}${params.length > 0 ? `?${params.join("&")}` : ""}`;
}

function exportDateCase(rng: Rng): FuzzCase {
  const params: string[] = [];
  const value = () => {
    const raw = String(rng.chance(0.5) ? rng.pick(ODD_DATES) : rng.pick(ODD_INSTANTS));
    // Sometimes as a browser would send it, sometimes raw (`+` is then a space).
    return rng.chance(0.7) ? encodeURIComponent(raw) : raw.replace(/ /g, "%20");
  };
  if (rng.chance(0.8)) params.push(`saidFrom=${value()}`);
  if (rng.chance(0.6)) params.push(`saidTo=${value()}`);
  if (rng.chance(0.1)) params.push(`saidFrom=${value()}`);
  if (rng.chance(0.2)) params.push(`speaker=${rng.pick(SLUGS)}`);
  return get("export-dates", "export filtered by odd saidFrom/saidTo", exportPath(rng, params));
}

function exportQueryStringCase(rng: Rng): FuzzCase {
  const names = ["speaker", "topic", "occasion", "kind", "saidFrom", "saidTo", "speaker[]", "speaker[0]", "x", "", "%"];
  const values = () =>
    rng.pick([
      () => rng.pick(SLUGS),
      () => encodeQueryValue(oddString(rng).slice(0, 3_000)),
      () => rng.pick(["QUOTE", "PARAPHRASE,DIRECT_QUOTE", "RUMOUR", "paraphrase", ",,,", "%00", "%E0%A4%A", "%zz"]),
      () => Array.from({ length: rng.int(2, 400) }, () => rng.pick(SLUGS)).join(","),
      () => "",
    ])();
  const params = Array.from({ length: rng.int(0, 6) }, () => {
    const name = rng.pick(names);
    return rng.chance(0.1) ? name : `${name}=${values()}`;
  });
  const label = "export with odd query parameters";
  if (rng.chance(0.02))
    return get(
      "export-query-strings",
      "export with a 20 KB query string",
      exportPath(rng, [`topic=${"a,".repeat(10_000)}`]),
    );
  return get("export-query-strings", label, exportPath(rng, params));
}

function brokenJsonCase(rng: Rng): FuzzCase {
  const valid = JSON.stringify({ query: rng.pick(VALID_QUERIES), variables: { slug: rng.pick(SLUGS) } });
  const makers: [string, () => string][] = [
    ["truncated", () => valid.slice(0, rng.int(0, valid.length - 1))],
    [
      "a character replaced",
      () =>
        replaceAt(valid, rng.int(0, valid.length - 1), rng.pick(['"', "{", "}", "\\", ",", ":", "\u0000", "'", "\n"])),
    ],
    ["trailing garbage", () => valid + rng.pick(["x", "}", ",", "{}", " null", "\u0000"])],
    ["leading BOM", () => `\ufeff${valid}`],
    ["JSON5 comment", () => `{ /* c */ "query": "{ __typename }" }`],
    ["single quotes", () => `{'query': '{ __typename }'}`],
    ["trailing comma", () => `{"query": "{ __typename }",}`],
    ["unquoted key", () => `{query: "{ __typename }"}`],
    ["NaN and Infinity", () => `{"query": "{ __typename }", "variables": {"a": NaN, "b": Infinity}}`],
    ["hex number", () => `{"query": "{ __typename }", "variables": {"a": 0x10}}`],
    [
      "bad escapes",
      () => rng.pick([`{"query": "\\x41"}`, `{"query": "\\u12"}`, `{"query": "\\ud800\\u"}`, `{"query": "\\"}`]),
    ],
    ["raw control characters", () => `{"query": "{ __typename \u0001\u001f }"}`],
    ["empty", () => ""],
    ["whitespace", () => " \n\t ".repeat(rng.int(1, 100))],
    ["JSON scalars", () => rng.pick(["null", "true", "0", '"{ __typename }"', "[]", "[null]", "{}"])],
    ["huge number", () => `{"query": "{ __typename }", "variables": {"n": 1e999999}}`],
    ["duplicate keys", () => `{"query": "{ __typename }", "query": "{ topics { totalCount } }"}`],
    ["unclosed nesting", () => "{".repeat(rng.int(1, 50_000))],
    ["deep array body", () => nestedJson(rng.int(100, 40_000), "list")],
    ["deep object body", () => nestedJson(rng.int(100, 15_000), "object")],
    ["two documents", () => `${valid}${valid}`],
  ];
  const [label, make] = rng.pick(makers);
  return post("broken-json", `body: ${label}`, make());
}

function replaceAt(text: string, index: number, replacement: string): string {
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

function wrongTypesCase(rng: Rng): FuzzCase {
  const oddValues: unknown[] = [
    0,
    1.5,
    -1,
    true,
    false,
    null,
    [],
    ["{ __typename }"],
    {},
    { query: "{ __typename }" },
    "",
    "{}",
    "null",
  ];
  const body: Record<string, unknown> = { query: "{ __typename }" };
  const key = rng.pick(["query", "variables", "operationName", "extensions", "several", "extra keys"]);
  if (key === "several") {
    for (const name of ["query", "variables", "operationName", "extensions"]) {
      if (rng.chance(0.6)) body[name] = rng.pick(oddValues);
    }
  } else if (key === "extra keys") {
    for (const name of ["id", "documentId", "queryId", "query_id", "doc", "constructor", "__proto__", "batch"]) {
      if (rng.chance(0.4)) Object.defineProperty(body, name, { value: randomJson(rng, 2), enumerable: true });
    }
  } else {
    body[key] = rng.chance(0.8) ? rng.pick(oddValues) : randomJson(rng, 3);
  }
  return post("wrong-json-types", `${key} of the wrong JSON type`, body);
}

function hugeDocumentCase(rng: Rng): FuzzCase {
  const size = rng.pick([2_000, 10_001, 30_000, 60_000, 95_000]);
  const makers: [string, () => string][] = [
    ["the same field repeated", () => `{ ${"__typename ".repeat(Math.floor(size / 11))}}`],
    ["one long field name", () => `{ ${"a".repeat(size)} }`],
    ["a long string argument", () => `{ event(slug: "${"x".repeat(size)}") { slug } }`],
    ["a long block string", () => `{ search(query: """${"ukraine ".repeat(size / 8)}""") { totalCount } }`],
    ["mostly a comment", () => `# ${"c".repeat(size)}\n{ __typename }`],
    ["mostly whitespace", () => `{${" ".repeat(size)}__typename }`],
    ["many commas", () => `{${",".repeat(size)}__typename }`],
    [
      "many operations",
      () => Array.from({ length: Math.floor(size / 30) }, (_, i) => `query Q${i} { __typename }`).join(" "),
    ],
    [
      "many unused fragments",
      () =>
        `{ __typename } ${Array.from({ length: Math.floor(size / 40) }, (_, i) => `fragment F${i} on Query { __typename }`).join(" ")}`,
    ],
    [
      "many variable definitions",
      () =>
        `query (${Array.from({ length: Math.floor(size / 12) }, (_, i) => `$v${i}: Int`).join(" ")}) { __typename }`,
    ],
    ["many directives", () => `{ __typename ${"@skip(if: false) ".repeat(Math.floor(size / 17))}}`],
    [
      "many aliases of a cheap field",
      () => `{ ${Array.from({ length: Math.floor(size / 16) }, (_, i) => `a${i}: __typename`).join(" ")} }`,
    ],
    [
      "many arguments",
      () =>
        `{ topics(${Array.from({ length: Math.floor(size / 10) }, (_, i) => `a${i}: 1`).join(", ")}) { totalCount } }`,
    ],
    [
      "a long list argument",
      () => `{ stanceMatrix(actors: [${'"donald-trump", '.repeat(Math.floor(size / 16))}]) { __typename } }`,
    ],
    [
      "huge numbers",
      () =>
        `{ statements(first: ${"9".repeat(Math.min(size, 5_000))}) { totalCount } a: statements(first: 1e${"9".repeat(50)}) { totalCount } }`,
    ],
    [
      "conflicting aliases",
      () =>
        `{ ${Array.from({ length: Math.floor(size / 30) }, (_, i) => `x: topic(slug: "t${i}") { slug }`).join(" ")} }`,
    ],
  ];
  const [label, make] = rng.pick(makers);
  return post("huge-documents", `${label}, ~${size} characters`, { query: make() });
}

function deepDocumentCase(rng: Rng): FuzzCase {
  const depth = rng.pick([13, 50, 200, 1_000, 5_000, 20_000]);
  const makers: [string, () => string][] = [
    ["nested selections", () => `{${" a {".repeat(depth)}${" }".repeat(depth + 1)}`],
    [
      "nested list literal",
      () => `{ stanceMatrix(actors: ${"[".repeat(depth)}"x"${"]".repeat(depth)}) { __typename } }`,
    ],
    [
      "nested object literal",
      () => `{ statements(filter: ${"{ saidBetween: ".repeat(depth)}null${" }".repeat(depth)}) { totalCount } }`,
    ],
    ["nested inline fragments", () => `{${" ... on Query {".repeat(depth)} __typename${" }".repeat(depth + 1)}`],
    ["nested parentheses", () => `{ topics${"(".repeat(depth)}${")".repeat(depth)} { totalCount } }`],
    [
      "real fields nested past the depth limit",
      () => {
        const levels = Math.min(depth, 60);
        return `{ statements(first: 1) { nodes { ${"speaker { statements(first: 1) { nodes { ".repeat(levels)}text${" } } }".repeat(levels)} } } }`;
      },
    ],
    [
      "a chain of fragments",
      () => {
        const length = Math.min(depth, 4_000);
        const fragments = Array.from(
          { length },
          (_, i) => `fragment C${i} on Query { ${i + 1 < length ? `...C${i + 1}` : "__typename"} }`,
        );
        return `{ ...C0 } ${fragments.join(" ")}`;
      },
    ],
  ];
  const [label, make] = rng.pick(makers);
  return post("deep-documents", `${label}, ${depth} deep`, { query: make() });
}

function fragmentBombCase(rng: Rng, index: number): FuzzCase {
  const levels = rng.int(20, 40);
  const makers: [string, () => string][] = [
    [
      `doubling spreads F0..F${levels - 1}`,
      () =>
        `{ ...F0 } ${Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ${i + 1 < levels ? `...F${i + 1} ...F${i + 1}` : "__typename"} }`).join(" ")}`,
    ],
    [
      `doubling spreads F0..F${levels - 1} with an aliased field at each level`,
      () =>
        `{ ...F0 } ${Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { f${i}: __typename ${i + 1 < levels ? `...F${i + 1} ...F${i + 1}` : ""} }`).join(" ")}`,
    ],
    [
      `doubling spreads on Statement inside statements(first: 100), ${levels} levels`,
      () =>
        `{ statements(first: 100) { nodes { ...S0 } } } ${Array.from({ length: levels }, (_, i) => `fragment S${i} on Statement { t${i % 3}: text ${i + 1 < levels ? `...S${i + 1} ...S${i + 1}` : "kind"} }`).join(" ")}`,
    ],
    [
      `tripling spreads with conflicting arguments, ${levels} levels`,
      () =>
        `{ ...G0 } ${Array.from({ length: levels }, (_, i) => `fragment G${i} on Query { x: topics(first: ${(i % 5) + 1}) { totalCount } ${i + 1 < levels ? `...G${i + 1} ...G${i + 1} ...G${i + 1}` : ""} }`).join(" ")}`,
    ],
    ["a fragment cycle", () => `{ ...A } fragment A on Query { __typename ...B } fragment B on Query { ...A }`],
    ["a fragment spreading itself", () => `{ ...A } fragment A on Query { ...A }`],
    [
      "one fragment spread thousands of times",
      () => `{ ${"...F ".repeat(rng.int(1_000, 15_000))}} fragment F on Query { topics { totalCount } }`,
    ],
    ["a spread of an undefined fragment", () => `{ ...Nope }`],
    ["a fragment on a type that does not exist", () => `{ ...F } fragment F on Nope { __typename }`],
  ];
  const [label, make] = makers[index % makers.length]!;
  return post("fragment-bombs", label, { query: make() });
}

/** The nested alias bomb: a list, then `aliases` aliased `speaker`s each listing again, `levels` deep. */
function aliasBomb(levels: number, aliases: number, first: number): string {
  const fragments = Array.from({ length: levels }, (_, l) => {
    const inner = l + 1 < levels ? `statements(first: ${first}) { nodes { ...L${l + 1} } }` : "slug name";
    return `fragment L${l} on Statement { ${Array.from({ length: aliases }, (_, i) => `s${i}: speaker { ${inner} }`).join(" ")} }`;
  });
  return `{ statements(first: ${first}) { nodes { ...L0 } } } ${fragments.join(" ")}`;
}

function aliasBombCase(_rng: Rng, index: number): FuzzCase {
  const shapes: [string, () => string][] = [
    ["statements(first: 100) → 7 aliased speaker → statements(first: 100), 3 levels", () => aliasBomb(3, 7, 100)],
    ["statements(first: 100) → 10 aliased speaker → statements(first: 100), 3 levels", () => aliasBomb(3, 10, 100)],
    ["statements(first: 100) → 30 aliased speaker → statements(first: 100), 2 levels", () => aliasBomb(2, 30, 100)],
    ["statements(first: 100) → 30 aliased speaker → statements(first: 100), 3 levels", () => aliasBomb(3, 30, 100)],
    [
      "100 aliased statements(first: 100) with speakers, topics and provenance",
      () =>
        `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: statements(first: 100) { nodes { text provenance { exact } speaker { name } topics { slug } } }`).join(" ")} }`,
    ],
    [
      "500 aliased search(first: 100)",
      () =>
        `{ ${Array.from({ length: 500 }, (_, i) => `s${i}: search(query: "ukraine", first: 100) { totalCount }`).join(" ")} }`,
    ],
  ];
  const [label, make] = shapes[index % shapes.length]!;
  return post("alias-bombs", label, { query: make() });
}

function deepVariablesCase(rng: Rng): FuzzCase {
  const depth = rng.pick([17, 100, 1_000, 8_000, 8_000, 20_000]);
  const kind = rng.pick(["list", "object"] as const);
  const shapes: [string, string, string][] = [
    ["a list variable", `query ($a: [String!]) { stanceMatrix(actors: $a) { __typename } }`, "a"],
    ["a filter variable", `query ($f: StatementFilter) { statements(filter: $f) { totalCount } }`, "f"],
    ["a String variable", `query ($s: String!) { event(slug: $s) { slug } }`, "s"],
    ["an unused variable", `{ __typename }`, "u"],
  ];
  const [label, query, name] = rng.pick(shapes);
  if (rng.chance(0.2)) {
    return post(
      "deep-variables",
      `extensions nesting ${kind}s ${depth} deep`,
      `{"query":${JSON.stringify(query)},"extensions":{"x":${nestedJson(depth, kind)}}}`,
    );
  }
  if (rng.chance(0.15)) {
    const wide = JSON.stringify(Array.from({ length: rng.int(1_000, 9_000) }, () => rng.pick(SLUGS)));
    return post(
      "deep-variables",
      "a filter variable with thousands of speakers",
      `{"query":"query ($f: StatementFilter) { statements(filter: $f) { totalCount } }","variables":{"f":{"speakers":${wide}}}}`,
    );
  }
  return post(
    "deep-variables",
    `${label} nesting ${kind}s ${depth} deep`,
    `{"query":${JSON.stringify(query)},"variables":{"${name}":${nestedJson(depth, kind, '"donald-trump"')}}}`,
  );
}

/** Bytes that are not UTF-8: overlong, surrogates encoded, truncated sequences, stray continuations. */
const BAD_UTF8: number[][] = [
  [0xff],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
];

function unicodeCase(rng: Rng): FuzzCase {
  const text = oddString(rng);
  const where = rng.pick([
    "literal",
    "raw literal",
    "variable",
    "operationName",
    "field name",
    "search",
    "raw bytes",
    "comment",
  ]);
  switch (where) {
    case "literal":
      return post("unicode", "odd text as an escaped string literal", {
        query: `{ event(slug: ${JSON.stringify(text)}) { slug } }`,
      });
    case "raw literal":
      return post("unicode", "odd text raw inside a string literal", { query: `{ topic(slug: "${text}") { slug } }` });
    case "variable":
      return post("unicode", "odd text in variables", {
        query: `query ($s: String!, $f: StatementFilter) { person(slug: $s) { slug } statements(filter: $f) { totalCount } }`,
        variables: { s: text, f: { speakers: [text], topics: [rng.pick(SLUGS), text] } },
      });
    case "operationName":
      return post("unicode", "odd text as operationName", { query: `query Q { __typename }`, operationName: text });
    case "field name":
      return post("unicode", "odd text as a field name", { query: `{ ${text} }` });
    case "search":
      return post("unicode", "odd text searched", {
        query: `query ($q: String!) { search(query: $q) { totalCount } }`,
        variables: { q: text },
      });
    case "comment":
      return post("unicode", "odd text in a comment", { query: `# ${text}\n{ __typename }` });
    default: {
      const bytes = rng.pick(BAD_UTF8);
      const parts = [Buffer.from('{"query":"{ topic(slug: \\"'), Buffer.from(bytes), Buffer.from('\\") { slug } }"}')];
      const header = rng.pick(["application/json", "application/json; charset=utf-8"]);
      return post(
        "unicode",
        `invalid UTF-8 bytes ${bytes.map((b) => b.toString(16)).join(" ")}`,
        Buffer.concat(parts),
        {
          "content-type": header,
        },
      );
    }
  }
}

function oversizeCase(rng: Rng): FuzzCase {
  const size = rng.pick([BODY_LIMIT_BYTES + 1, BODY_LIMIT_BYTES + 500, 150_000, 1_000_000, 5_000_000]);
  const shape = rng.pick(["padding", "query", "variables", "gzip bomb", "not JSON", "streamed"]);
  switch (shape) {
    case "padding":
      return post("oversize-bodies", `${size}-byte body, padded`, {
        query: "{ __typename }",
        padding: "x".repeat(size),
      });
    case "query":
      return post("oversize-bodies", `${size}-byte query`, {
        query: `{ __typename ${"__typename ".repeat(size / 11)}}`,
      });
    case "variables":
      return post("oversize-bodies", `${size}-byte variables`, {
        query: "query ($q: String!) { search(query: $q) { totalCount } }",
        variables: { q: "ukraine ".repeat(size / 8) },
      });
    case "gzip bomb":
      return post(
        "oversize-bodies",
        `gzip body of ${size * 10} bytes inflated`,
        gzipSync(Buffer.from(JSON.stringify({ query: "{ __typename }", padding: " ".repeat(size * 10) }))),
        { "content-encoding": "gzip" },
      );
    case "not JSON":
      return post("oversize-bodies", `${size}-byte body that is not JSON`, "{".repeat(size));
    default:
      return { ...post("oversize-bodies", `${size}-byte body streamed without a length`, ""), body: `stream:${size}` };
  }
}

function httpMethodCase(rng: Rng): FuzzCase {
  const method = rng.pick(["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "PROPFIND", "FOO", "GET", "POST"]);
  const path = rng.pick([
    "/graphql",
    "/graphql/",
    "/GRAPHQL",
    "/graphql;x",
    "/graphql%00",
    "//graphql",
    "/%2e%2e/graphql",
    "/export/statements.csv",
    "/export/statements.xml",
    "/healthz",
    "/nope",
    "/graphql/../graphql",
  ]);
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (method === "OPTIONS" && rng.chance(0.6)) {
    headers.origin = rng.pick(["http://localhost:3000", "https://evil.example", "null", "http://127.0.0.1"]);
    headers["access-control-request-method"] = rng.pick(["POST", "PUT", "DELETE"]);
    headers["access-control-request-headers"] = rng.pick(["content-type", "x-evil", "authorization"]);
  }
  const hasBody = !["GET", "HEAD"].includes(method);
  const safePath =
    method === "GET" && !path.startsWith("/graphql") && path !== "/healthz" && !path.startsWith("/export")
      ? "/nope"
      : path;
  return {
    category: "http-methods",
    label: `${method} ${safePath}`,
    method,
    path: safePath,
    headers,
    ...(hasBody ? { body: JSON.stringify({ query: "{ __typename }" }) } : {}),
  };
}

function contentTypeCase(rng: Rng): FuzzCase {
  const body = JSON.stringify({
    query: rng.pick(VALID_QUERIES),
    variables: { slug: "anchorage-summit-2025", q: "land" },
  });
  const kind = rng.pick(["content-type", "content-encoding", "accept", "no content-type", "preflight headers"]);
  if (kind === "no content-type") {
    return {
      ...post("content-types", "POST without a content-type", Buffer.from(body)),
      headers: { accept: "application/json" },
    };
  }
  if (kind === "content-encoding") {
    const encoding = rng.pick(["gzip", "deflate", "br", "identity", "zstd", "gzip, gzip", "GZIP", "x-gzip", ""]);
    const valid = rng.chance(0.5);
    return post(
      "content-types",
      `content-encoding ${encoding}, ${valid ? "gzip" : "plain"} body`,
      valid ? gzipSync(Buffer.from(body)) : body,
      {
        "content-encoding": encoding,
      },
    );
  }
  if (kind === "accept") {
    const accept = rng.pick([
      "application/xml",
      "*/*",
      "application/graphql-response+json",
      "application/graphql-response+json;q=0.1, application/json;q=0.9",
      "text/event-stream",
      "multipart/mixed",
      "multipart/mixed; deferSpec=20220824",
      "application/json;q=0",
      "garbage;;;",
      "",
    ]);
    return post("content-types", `accept: ${accept}`, body, { accept });
  }
  if (kind === "preflight headers") {
    return post("content-types", "text/plain with a preflight header", body, {
      "content-type": "text/plain",
      [rng.pick(["apollo-require-preflight", "x-apollo-operation-name"])]: rng.pick(["1", "Summit"]),
    });
  }
  const contentType = rng.pick([
    "text/plain",
    "text/plain;charset=UTF-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=x",
    "application/graphql",
    "application/JSON",
    "application/json; charset=utf-16",
    "application/json; charset=latin1",
    "application/json; charset=bogus",
    'application/json; charset="utf-8"',
    "application/json;;;",
    "application/vnd.api+json",
    "application/graphql-response+json",
    "application/x-ndjson",
    "application/json, text/plain",
    "*/*",
    `application/json; x=${"y".repeat(4_000)}`,
  ]);
  return post("content-types", `content-type: ${contentType.slice(0, 60)}`, body, { "content-type": contentType });
}

function getQueryStringCase(rng: Rng): FuzzCase {
  const params: string[] = [];
  const enc = encodeQueryValue;
  const query = rng.pick([
    ...VALID_QUERIES,
    "mutation { x }",
    "subscription { x }",
    "{",
    "",
    "query A { __typename } mutation B { x }",
    oddString(rng).slice(0, 2_000),
  ]);
  if (rng.chance(0.9)) params.push(`query=${enc(query)}`);
  if (rng.chance(0.4))
    params.push(
      `variables=${enc(rng.pick(['{"slug":"anchorage-summit-2025"}', "{", "null", "[]", '"x"', "1", JSON.stringify(randomJson(rng, 3))]))}`,
    );
  if (rng.chance(0.3))
    params.push(`operationName=${enc(rng.pick(["Summit", "B", "", "null", oddString(rng).slice(0, 200)]))}`);
  if (rng.chance(0.2))
    params.push(`extensions=${enc(rng.pick(['{"persistedQuery":{"version":1,"sha256Hash":"abc"}}', "{", "[]", "1"]))}`);
  if (rng.chance(0.1))
    params.push(rng.pick(["query=a", "query[]=x", "variables[a]=1", "%", "%zz=1", "&&&", "query=%E0%A4%A"]));
  const headers: Record<string, string> = rng.chance(0.5) ? { "apollo-require-preflight": "true" } : {};
  if (rng.chance(0.3)) headers["content-type"] = "application/json";
  if (rng.chance(0.01)) params.push(`padding=${"x".repeat(20_000)}`);
  return get(
    "get-query-strings",
    `GET with ${params.length} parameters${headers["apollo-require-preflight"] ? " and a preflight header" : ""}`,
    `/graphql?${params.join("&")}`,
    headers,
  );
}

function operationNameCase(rng: Rng): FuzzCase {
  const documents = [
    "query A { __typename }",
    "query A { __typename } query B { topics { totalCount } }",
    "{ __typename } query B { __typename }",
    "query A { __typename } query A { topics { totalCount } }",
    "query A { __typename } mutation B { x }",
    "query A { __typename } subscription S { x }",
    "{ __typename }",
  ];
  const names: unknown[] = [
    "A",
    "B",
    "C",
    "",
    "a",
    "A ",
    " A",
    "A\u0000",
    "\u0410",
    "A".repeat(10_000),
    "query",
    "__typename",
    null,
    "S",
  ];
  const document = rng.pick(documents);
  const body: Record<string, unknown> = { query: document };
  if (rng.chance(0.85)) body.operationName = rng.pick(names);
  const shown =
    typeof body.operationName === "string"
      ? JSON.stringify(body.operationName.slice(0, 20))
      : String(body.operationName);
  return post("operation-names", `operationName ${shown} for "${document}"`, body);
}

function operationTypeCase(rng: Rng): FuzzCase {
  const documents = [
    "mutation { x }",
    "mutation M { __typename }",
    "subscription { x }",
    "subscription S { __typename }",
    "mutation M($a: Int) { x(a: $a) }",
    "type Query { x: Int }",
    "extend type Query { x: Int }",
    "schema { query: Query }",
    "directive @x on FIELD",
    "{ __typename @defer }",
    "{ ... @defer { __typename } }",
    "{ statements(first: 2) { nodes @stream { text } } }",
    "{ __typename @skip(if: $undefined) }",
    "{ __typename @nope }",
    "{ __schema { mutationType { name } subscriptionType { name } } }",
    'query { __type(name: "Mutation") { name } }',
  ];
  const document = rng.pick(documents);
  const headers: Record<string, string> = rng.chance(0.3)
    ? { accept: "multipart/mixed; deferSpec=20220824, application/json" }
    : {};
  return post("operation-types", document, { query: document }, headers);
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function persistedQueryCase(rng: Rng): FuzzCase {
  const query = rng.pick(VALID_QUERIES.filter((q) => !q.includes("$")));
  const hashes: [string, unknown][] = [
    ["a random hash", Array.from({ length: 64 }, () => rng.pick([..."0123456789abcdef"])).join("")],
    ["the hash of another query", sha256("{ __typename }")],
    ["the right hash, upper case", sha256(query).toUpperCase()],
    ["the right hash", sha256(query)],
    ["a short hash", "abc"],
    ["a non-hex hash", "z".repeat(64)],
    ["a 50 KB hash", "a".repeat(50_000)],
    ["a number as hash", 12345],
    ["null as hash", null],
    ["an object as hash", { sha: 1 }],
  ];
  const [hashLabel, hash] = rng.pick(hashes);
  const version = rng.pick<unknown>([1, 1, 1, 0, 2, "1", null, -1, 1.5, undefined]);
  const shape = rng.pick(["with its query", "hash only", "odd extension"]);
  if (shape === "odd extension") {
    const value = rng.pick<unknown>(["x", [], 1, null, true, { version: 1 }, { sha256Hash: sha256(query) }]);
    return post("persisted-queries", `persistedQuery ${JSON.stringify(value)}`, {
      query,
      extensions: { persistedQuery: value },
    });
  }
  const persistedQuery = { ...(version === undefined ? {} : { version }), sha256Hash: hash };
  const body = shape === "hash only" ? { extensions: { persistedQuery } } : { query, extensions: { persistedQuery } };
  if (rng.chance(0.2)) {
    return get(
      "persisted-queries",
      `GET, ${hashLabel}, version ${String(version)}, ${shape}`,
      `/graphql?${shape === "hash only" ? "" : `query=${encodeURIComponent(query)}&`}extensions=${encodeURIComponent(JSON.stringify({ persistedQuery }))}`,
      { "apollo-require-preflight": "1" },
    );
  }
  return post("persisted-queries", `${hashLabel}, version ${String(version)}, ${shape}`, body);
}

const TOKENS = [
  "{",
  "}",
  "(",
  ")",
  ":",
  "$",
  "@",
  "...",
  '"',
  '"""',
  "#",
  "\n",
  ",",
  "!",
  "[",
  "]",
  "=",
  "|",
  "&",
  "fragment",
  "on",
  "query",
  "null",
  "1e9",
  "-0",
  "__typename",
  "\u0000",
  "\ud800",
  "\u00e9",
];

function mutatedDocumentCase(rng: Rng): FuzzCase {
  let query = rng.pick(VALID_QUERIES);
  const steps = rng.int(1, 4);
  const done: string[] = [];
  for (let s = 0; s < steps; s += 1) {
    const at = rng.int(0, query.length);
    const op = rng.pick(["delete", "insert", "duplicate", "swap"]);
    done.push(op);
    if (op === "delete") query = query.slice(0, at) + query.slice(at + rng.int(1, 12));
    else if (op === "insert") query = query.slice(0, at) + rng.pick(TOKENS) + query.slice(at);
    else if (op === "duplicate")
      query = query.slice(0, at) + query.slice(at, at + rng.int(1, 40)).repeat(rng.int(2, 5)) + query.slice(at);
    else query = query.slice(0, at) + query.slice(at + 1, at + 2) + query.slice(at, at + 1) + query.slice(at + 2);
  }
  const variables = { slug: rng.pick(SLUGS), q: "land", id: "U3RhdGVtZW50OjE", by: "SPEAKER", n: 3 };
  return post("mutated-documents", `a valid query, ${done.join(" + ")}`, { query, variables });
}

function randomVariablesCase(rng: Rng): FuzzCase {
  const query = rng.pick(VALID_QUERIES.filter((q) => q.includes("$")));
  const names = [...query.matchAll(/\$(\w+):/g)].map((m) => m[1]!);
  const variables: Record<string, unknown> = {};
  for (const name of names) if (rng.chance(0.85)) variables[name] = randomJson(rng, 4);
  if (rng.chance(0.1)) variables.extra = randomJson(rng, 2);
  return post("random-variables", `random variables for "${query.slice(0, 40)}…"`, { query, variables });
}

const PLAN: Record<Category, { count: number; make: (rng: Rng, index: number) => FuzzCase }> = {
  "broken-json": { count: 900, make: brokenJsonCase },
  "wrong-json-types": { count: 700, make: wrongTypesCase },
  "huge-documents": { count: 200, make: hugeDocumentCase },
  "deep-documents": { count: 250, make: deepDocumentCase },
  "fragment-bombs": { count: 90, make: fragmentBombCase },
  "deep-variables": { count: 300, make: deepVariablesCase },
  unicode: { count: 900, make: unicodeCase },
  "oversize-bodies": { count: 60, make: oversizeCase },
  "odd-dates": { count: 900, make: oddDateCase },
  "export-dates": { count: 500, make: exportDateCase },
  "export-query-strings": { count: 500, make: exportQueryStringCase },
  "http-methods": { count: 500, make: httpMethodCase },
  "content-types": { count: 600, make: contentTypeCase },
  "get-query-strings": { count: 700, make: getQueryStringCase },
  "operation-names": { count: 500, make: operationNameCase },
  "operation-types": { count: 300, make: operationTypeCase },
  "persisted-queries": { count: 500, make: persistedQueryCase },
  "mutated-documents": { count: 1_200, make: mutatedDocumentCase },
  "random-variables": { count: 900, make: randomVariablesCase },
  // Last, so that while the server cannot refuse them cheaply they do not slow the others down.
  "alias-bombs": { count: 6, make: aliasBombCase },
};

/** Every case of the run, in a seeded order; alias bombs last. */
function generateCases(seed: number): FuzzCase[] {
  const rng = new Rng(seed);
  const light: FuzzCase[] = [];
  const heavy: FuzzCase[] = [];
  for (const category of CATEGORIES) {
    const { count, make } = PLAN[category];
    for (let i = 0; i < count; i += 1) (category === "alias-bombs" ? heavy : light).push(make(rng, i));
  }
  for (let i = light.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    [light[i], light[j]] = [light[j]!, light[i]!];
  }
  return [...light, ...heavy];
}

const KNOWN_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

interface Outcome {
  fuzzCase: FuzzCase;
  /** `<status> <codes>`, or what happened instead of an answer. */
  key: string;
  /** Why the answer breaks the contract, if it does. */
  problem?: string;
  status?: number;
  body?: string;
  ms: number;
}

function clip(text: string, length = 300): string {
  return text.length > length ? `${text.slice(0, length)}… (${text.length} characters)` : text;
}

/** Text with the characters a terminal would hide or reorder (and surrogates) written as `\\uXXXX`. */
function visible(text: string): string {
  let shown = "";
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const hidden =
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0x200b && code <= 0x200f) ||
      (code >= 0x2028 && code <= 0x202e) ||
      (code >= 0xd800 && code <= 0xdfff) ||
      code === 0xfeff ||
      code >= 0xfff0;
    shown += hidden ? `\\u${code.toString(16).padStart(4, "0")}` : text[i];
  }
  return shown;
}

function showBody(body: FuzzCase["body"]): string {
  if (body === undefined) return "";
  if (typeof body === "string") return visible(clip(body));
  return `<${body.length} bytes: ${visible(clip(Buffer.from(body).toString("latin1"), 200))}>`;
}

function describeCase({ method, path, headers, body, label }: FuzzCase): string {
  const shownHeaders = Object.entries(headers)
    .map(([name, value]) => `${name}: ${visible(clip(value, 60))}`)
    .join("; ");
  return `${visible(label)} — ${method} ${clip(path, 200)} [${shownHeaders}] ${showBody(body)}`;
}

/** Checks an answer against the contract: no 5xx, JSON, errors with public codes, else data. */
function judge(
  fuzzCase: FuzzCase,
  status: number,
  contentType: string,
  text: string,
): Omit<Outcome, "fuzzCase" | "ms"> {
  const base = { status, body: visible(clip(text, 400)) };
  if (status >= 500) return { ...base, key: `${status}`, problem: "a 5xx answer" };
  if (fuzzCase.method === "HEAD") return { ...base, key: `${status} (HEAD)` };
  if (status === 204 && fuzzCase.method === "OPTIONS" && text === "") return { ...base, key: "204 (preflight)" };
  if (
    status === 200 &&
    fuzzCase.path.startsWith("/export/") &&
    /^(text\/csv|application\/x-ndjson)/.test(contentType)
  ) {
    return { ...base, key: "200 export" };
  }
  if (!contentType.includes("json")) {
    return { ...base, key: `${status} not JSON`, problem: `content-type "${contentType}", not JSON` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ...base, key: `${status} bad JSON`, problem: "a body that does not parse as JSON" };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { ...base, key: `${status} not an object`, problem: "a JSON body that is not an object" };
  }
  const answer = parsed as { data?: unknown; errors?: unknown; status?: unknown };
  if (fuzzCase.path === "/healthz" && status === 200) {
    return answer.status === "ok"
      ? { ...base, key: "200 health" }
      : { ...base, key: "200 health?", problem: "health answer without status ok" };
  }
  if (answer.errors === undefined) {
    if (status === 200 && typeof answer.data === "object" && answer.data !== null) return { ...base, key: "200 data" };
    return { ...base, key: `${status} no errors`, problem: "neither errors nor data" };
  }
  if (!Array.isArray(answer.errors) || answer.errors.length === 0) {
    return { ...base, key: `${status} errors?`, problem: "errors that are not a non-empty list" };
  }
  const codes = answer.errors.map((error: { message?: unknown; extensions?: { code?: unknown } }) =>
    typeof error?.message === "string" && typeof error.extensions?.code === "string"
      ? error.extensions.code
      : "(no code)",
  );
  const key = `${status} ${[...new Set(codes)].sort().join("+")}`;
  const unknown = codes.find((code) => !KNOWN_CODES.has(code));
  if (unknown) return { ...base, key, problem: `an error with code ${unknown}` };
  if (codes.includes(ErrorCode.INTERNAL_SERVER_ERROR)) return { ...base, key, problem: "an INTERNAL_SERVER_ERROR" };
  return { ...base, key };
}

function streamOf(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  const chunk = new TextEncoder().encode(`{"query":"{ __typename }","padding":"${"x".repeat(16_000)}`);
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) {
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
        return;
      }
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}

async function send(origin: string, fuzzCase: FuzzCase): Promise<Outcome> {
  const started = Date.now();
  const streamed = typeof fuzzCase.body === "string" && fuzzCase.body.startsWith("stream:");
  try {
    const response = await fetch(`${origin}${fuzzCase.path}`, {
      method: fuzzCase.method,
      headers: fuzzCase.headers,
      body: streamed ? streamOf(Number((fuzzCase.body as string).slice(7))) : fuzzCase.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      ...(streamed ? { duplex: "half" } : {}),
    } as RequestInit);
    const text = await response.text();
    const verdict = judge(fuzzCase, response.status, response.headers.get("content-type") ?? "", text);
    return { fuzzCase, ...verdict, ms: Date.now() - started };
  } catch (error) {
    const ms = Date.now() - started;
    // A DOMException, which is not an Error of the test's realm.
    const name = (error as { name?: unknown }).name;
    if (name === "TimeoutError") {
      return { fuzzCase, key: "no answer in 15 s", problem: `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`, ms };
    }
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return { fuzzCase, key: `connection failed`, problem: `fetch failed (${String(error)}${cause})`, ms };
  }
}

/** Sends every case, `IN_FLIGHT` at a time; those not started within the budget count as failures. */
async function runAll(origin: string, cases: FuzzCase[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(cases.length);
  const deadline = Date.now() + RUN_BUDGET_MS;
  let next = 0;
  async function worker(): Promise<void> {
    while (next < cases.length) {
      const index = next;
      next += 1;
      const fuzzCase = cases[index]!;
      outcomes[index] =
        Date.now() > deadline
          ? { fuzzCase, key: "not sent", problem: `not sent: the run's ${RUN_BUDGET_MS / 1000} s were spent`, ms: 0 }
          : await send(origin, fuzzCase);
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return outcomes;
}

function tally(keys: string[]): string {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => `${String(count).padStart(6)}  ${key}`)
    .join("\n");
}

let fixture: SeededFixture;
let origin: string;
let outcomes: Outcome[];
let runMs: number;

beforeAll(
  async () => {
    fixture = await seededFixture();
    origin = new URL(fixture.server.url).origin;
    const cases = generateCases(SEED);
    const started = Date.now();
    outcomes = await runAll(origin, cases);
    runMs = Date.now() - started;
    const lines = CATEGORIES.map((category) => {
      const mine = outcomes.filter((o) => o.fuzzCase.category === category);
      const failed = mine.filter((o) => o.problem).length;
      const slowest = Math.max(...mine.map((o) => o.ms));
      return `${category.padEnd(22)} ${String(mine.length).padStart(6)} sent ${String(failed).padStart(6)} failed   slowest ${slowest} ms`;
    });
    console.log(
      [
        `fuzz: seed ${SEED} (FUZZ_SEED), ${outcomes.length} requests in ${runMs} ms, ${IN_FLIGHT} in flight`,
        "per category:",
        ...lines,
        "per status and code:",
        tally(outcomes.map((o) => o.key)),
      ].join("\n"),
    );
  },
  RUN_BUDGET_MS + REQUEST_TIMEOUT_MS + 60_000,
);

/** Ends the sessions of the test database still running statements, from the admin connection. */
async function terminateSessions(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_ADMIN_URL });
  await client.connect();
  try {
    await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [
      new URL(databaseUrl).pathname.slice(1),
    ]);
  } finally {
    await client.end();
  }
}

/**
 * The server stops once the requests it is working on are done, including those whose clients
 * gave up. A server that cannot refuse a bomb would hold the suite for minutes, and its
 * statements would go on in PostgreSQL (holding up every DROP DATABASE on it), so after 20 s
 * the test database's sessions are ended.
 */
afterAll(async () => {
  const closed = closeFixture(fixture).then(() => true);
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), 20_000);
  });
  const stopped = await Promise.race([closed, gaveUp]);
  clearTimeout(timer);
  if (!stopped) {
    console.log(
      "fuzz: the server did not stop within 20 s (still working for clients that gave up); ending its sessions",
    );
    await terminateSessions(fixture.database.url);
    await closed;
  }
}, 60_000);

/**
 * A category's failures, grouped by what went wrong and the status, each group with its count
 * and its first two requests as reproducers.
 */
function failuresOf(category: Category): string[] {
  const groups = new Map<string, Outcome[]>();
  for (const outcome of outcomes) {
    if (outcome.fuzzCase.category !== category || !outcome.problem) continue;
    const key = `${outcome.problem} (status ${outcome.status ?? "-"})`;
    groups.set(key, [...(groups.get(key) ?? []), outcome]);
  }
  return [...groups.entries()].map(([key, members]) =>
    [
      `${members.length} × ${key}`,
      ...members.slice(0, 2).map((o) => `  e.g. ${describeCase(o.fuzzCase)}\n    → ${o.status ?? "-"} ${o.body ?? ""}`),
    ].join("\n"),
  );
}

describe(`fuzzing the HTTP endpoints (seed ${SEED})`, () => {
  it("sends at least 10,000 requests", () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(10_000);
    expect(outcomes.filter((o) => o.key !== "not sent").length).toBeGreaterThanOrEqual(10_000);
  });

  it.each(CATEGORIES.map((category) => [category]))(
    "%s: every request is answered in time, without a 5xx, as JSON with coded errors or data",
    (category) => {
      expect(outcomes.filter((o) => o.fuzzCase.category === category).length).toBe(PLAN[category].count);
      expect(failuresOf(category)).toEqual([]);
    },
  );

  it("still answers a valid query, promptly, after the run", async () => {
    const started = Date.now();
    const { status, body } = await fixture.server.query(`{ topics { totalCount } }`);
    expect({ status, body }).toEqual({ status: 200, body: { data: { topics: { totalCount: 6 } } } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

/**
 * An actor's other names (`names`): through a bundle's import and the GraphQL read, through
 * curation with its revision, refused with the field named when they repeat or overflow, and
 * matched, case aside, when a draft's actors are matched to stored ones: by extractContext and
 * by `npm run extract` against DATABASE_URL. Every actor, source and passage here is fictional.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { createApiKey } from "../../src/auth/keys";
import { toGlobalId } from "../../src/common/global-id";
import { extractDraft } from "../../src/extract/draft";
import { BundleError, ingestBundle } from "../../src/ingest/ingest";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";
import type { TestServer } from "../helpers/server";
import { startTestServer } from "../helpers/server";

const PASSAGE_FILE = path.join(__dirname, "../fixtures/fictional-pilots-strike.txt");
const PASSAGE = readFileSync(PASSAGE_FILE, "utf8");
const ROOT = path.join(__dirname, "../..");
const AUTHOR = { author: { apiKeyId: null, name: "test", operation: "test" } };

let database: TestDatabase;
let server: TestServer;
let curator: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer(database.db);
  curator = { authorization: `Bearer ${(await createApiKey(database.db, "desk editor", ["context:curate"])).key}` };
});
afterAll(async () => {
  await server.stop();
  await database.drop();
});

/** A bundle of one fictional source and the actors given, nothing else. */
function bundleOf(slug: string, actors: Record<string, unknown>[]) {
  return {
    format: "news-context-bundle",
    version: 1,
    source: { slug, title: `A fictional source (${slug})`, text: "FICTIONAL. Nothing here happened.", language: "en" },
    actors,
  };
}

const ACTOR_NAMES = `query($slug: String!) { actor(slug: $slug) { __typename slug name names } }`;

async function readActor(slug: string) {
  const response = await server.query(ACTOR_NAMES, { slug });
  expect(response.status).toBe(200);
  return response.body;
}

async function refusal(promise: Promise<unknown>): Promise<BundleError["problems"]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BundleError)) throw new Error(`expected a BundleError, got ${String(error)}`);
  return error.problems;
}

describe("names in bundles", () => {
  const ivo = {
    slug: "fictional-ivo-brannick",
    kind: "PERSON",
    name: "Ivo Brannick",
    names: ["Brannick", "I. V. Brannick"],
    person: { givenName: "Ivo", familyName: "Brannick" },
  };

  it("imports an actor's names, reads them back, and imports the same bundle again as a no-op", async () => {
    const bundle = bundleOf("fictional-names-one", [
      ivo,
      { slug: "fictional-quay-board", kind: "ORGANIZATION", name: "Quay Board" },
    ]);
    const first = await ingestBundle(database.db, structuredClone(bundle), AUTHOR);
    expect(first.created.actors).toBe(2);
    expect(await readActor("fictional-ivo-brannick")).toEqual({
      data: {
        actor: {
          __typename: "Person",
          slug: "fictional-ivo-brannick",
          name: "Ivo Brannick",
          names: ["Brannick", "I. V. Brannick"],
        },
      },
    });
    expect(await readActor("fictional-quay-board")).toEqual({
      data: { actor: { __typename: "CollectiveActor", slug: "fictional-quay-board", name: "Quay Board", names: [] } },
    });
    const changes = await database.db.revisionChange.findMany({
      where: { revisionId: first.revision!, entityType: "Actor" },
      orderBy: { entityId: "asc" },
      select: { action: true, after: true },
    });
    expect(changes.map((c) => (c.after as { names: string[] }).names)).toEqual([["Brannick", "I. V. Brannick"], []]);

    const again = await ingestBundle(database.db, structuredClone(bundle), AUTHOR);
    expect({ changed: again.changed, revision: again.revision }).toEqual({ changed: false, revision: null });
  });

  it("fills names an actor lacked, and keeps stored names another bundle gives differently", async () => {
    const bare = { slug: "fictional-sela-norrin", kind: "PERSON", name: "Sela Norrin", person: {} };
    await ingestBundle(database.db, bundleOf("fictional-names-two", [bare]), AUTHOR);
    const filled = await ingestBundle(
      database.db,
      bundleOf("fictional-names-three", [{ ...bare, names: ["Norrin"] }]),
      AUTHOR,
    );
    expect({ updated: filled.updated.actors, notes: filled.notes }).toEqual({ updated: 1, notes: [] });
    const kept = await ingestBundle(
      database.db,
      bundleOf("fictional-names-four", [{ ...bare, names: ["S. Norrin"] }]),
      AUTHOR,
    );
    expect({ updated: kept.updated.actors, unchanged: kept.unchanged.actors, notes: kept.notes }).toEqual({
      updated: 0,
      unchanged: 1,
      notes: ['Actor "fictional-sela-norrin": kept the stored names, which the bundle gives differently.'],
    });
    const same = await ingestBundle(
      database.db,
      bundleOf("fictional-names-same", [{ ...bare, names: ["Norrin"] }]),
      AUTHOR,
    );
    expect({ updated: same.updated.actors, unchanged: same.unchanged.actors, notes: same.notes }).toEqual({
      updated: 0,
      unchanged: 1,
      notes: [],
    });
    // A bundle giving no names leaves the stored ones, without a note.
    const silent = await ingestBundle(database.db, bundleOf("fictional-names-five", [bare]), AUTHOR);
    expect(silent.notes).toEqual([]);
    expect((await readActor("fictional-sela-norrin")).data).toEqual({
      actor: { __typename: "Person", slug: "fictional-sela-norrin", name: "Sela Norrin", names: ["Norrin"] },
    });
  });

  it("refuses names that repeat the name or each other case aside, are blank, too long or too many", async () => {
    const actor = (names: unknown) => bundleOf("fictional-names-bad", [{ ...ivo, slug: "fictional-bad-names", names }]);
    expect(await refusal(ingestBundle(database.db, actor(["brannick", "IVO BRANNICK", "Brannick"]), AUTHOR))).toEqual([
      { path: "actors[0].names[1]", message: "repeats `name` (names are compared case aside)" },
      { path: "actors[0].names[2]", message: "repeats names[0] (names are compared case aside)" },
    ]);
    expect(await refusal(ingestBundle(database.db, actor(["", " Brannick"]), AUTHOR))).toEqual([
      { path: "actors[0].names[0]", message: "must not be empty" },
      { path: "actors[0].names[1]", message: "must not start or end with whitespace" },
    ]);
    expect(await refusal(ingestBundle(database.db, actor(["x".repeat(201)]), AUTHOR))).toEqual([
      { path: "actors[0].names[0]", message: "Too big: expected string to have <=200 characters" },
    ]);
    expect(
      await refusal(ingestBundle(database.db, actor(Array.from({ length: 21 }, (_, i) => `Alias ${i}`)), AUTHOR)),
    ).toEqual([{ path: "actors[0].names", message: "Too big: expected array to have <=20 items" }]);
    expect(await database.db.actor.count({ where: { slug: "fictional-bad-names" } })).toBe(0);
  });
});

const CREATE = /* GraphQL */ `
  mutation ($input: ActorInput!) {
    createActor(input: $input) {
      id
      version
      names
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation ($id: ID!, $version: Int!, $input: ActorChanges!) {
    updateActor(id: $id, version: $version, input: $input, reason: "Fictional aliases") {
      version
      name
      names
      revisions(first: 1) {
        nodes {
          operation
          reason
          changes {
            nodes {
              entityType
              fields {
                field
                before
                after
              }
            }
          }
        }
      }
    }
  }
`;

async function send(query: string, variables: Record<string, unknown>) {
  const response = await server.query(query, variables, curator);
  expect(response.status).toBe(200);
  return response.body;
}

describe("names in curation", () => {
  it("creates an actor with names, replaces them whole on update with a revision, and keeps them when left out", async () => {
    const created = await send(CREATE, {
      input: { slug: "fictional-orla-vesk", kind: "GROUP", name: "Orla Vesk Collective", names: ["Vesk Collective"] },
    });
    const row = await database.db.actor.findUniqueOrThrow({ where: { slug: "fictional-orla-vesk" } });
    const id = toGlobalId("CollectiveActor", row.id);
    expect(created).toEqual({ data: { createActor: { id, version: 1, names: ["Vesk Collective"] } } });

    const replaced = await send(UPDATE, { id, version: 1, input: { names: ["The Collective", "OVC"] } });
    expect(replaced).toEqual({
      data: {
        updateActor: {
          version: 2,
          name: "Orla Vesk Collective",
          names: ["The Collective", "OVC"],
          revisions: {
            nodes: [
              {
                operation: "updateActor",
                reason: "Fictional aliases",
                changes: {
                  nodes: [
                    {
                      entityType: "CollectiveActor",
                      fields: [{ field: "names", before: ["Vesk Collective"], after: ["The Collective", "OVC"] }],
                    },
                  ],
                },
              },
            ],
          },
        },
      },
    });

    // A rename leaves the names as they are; null clears them.
    const renamed = await send(UPDATE, { id, version: 2, input: { name: "Orla Vesk Group" } });
    expect((renamed.data as { updateActor: { names: string[] } }).updateActor.names).toEqual(["The Collective", "OVC"]);
    const cleared = await send(UPDATE, { id, version: 3, input: { names: null } });
    expect((cleared.data as { updateActor: { version: number; names: string[] } }).updateActor).toMatchObject({
      version: 4,
      names: [],
    });
  });

  it("refuses names that repeat, naming the field, and writes nothing", async () => {
    const create = await send(CREATE, {
      input: { slug: "fictional-dup-names", kind: "GROUP", name: "Dune Pilots", names: ["dune pilots"] },
    });
    expect(create).toEqual({
      data: null,
      errors: [
        {
          message: "input.names[0]: repeats `name` (names are compared case aside).",
          path: ["createActor"],
          locations: [{ line: 3, column: 5 }],
          extensions: {
            code: "BAD_USER_INPUT",
            argumentName: "input",
            field: "input.names[0]",
            problems: [{ field: "input.names[0]", message: "repeats `name` (names are compared case aside)" }],
          },
        },
      ],
    });
    const row = await database.db.actor.findUniqueOrThrow({ where: { slug: "fictional-orla-vesk" } });
    const update = await send(UPDATE, {
      id: toGlobalId("CollectiveActor", row.id),
      version: row.version,
      input: { names: ["OVC", "ovc"] },
    });
    expect(update).toEqual({
      data: null,
      errors: [
        {
          message: "input.names[1]: repeats names[0] (names are compared case aside).",
          path: ["updateActor"],
          locations: [{ line: 3, column: 5 }],
          extensions: {
            code: "BAD_USER_INPUT",
            argumentName: "input",
            field: "input.names[1]",
            problems: [{ field: "input.names[1]", message: "repeats names[0] (names are compared case aside)" }],
          },
        },
      ],
    });
    expect(await database.db.actor.count({ where: { slug: "fictional-dup-names" } })).toBe(0);
    expect((await database.db.actor.findUniqueOrThrow({ where: { id: row.id } })).version).toBe(row.version);
  });
});

/** The stored actors the fictional passage's speakers are matched to: one by alias, two ambiguously. */
async function storePassageActors(): Promise<void> {
  await ingestBundle(
    database.db,
    bundleOf("fictional-velmora-people", [
      {
        slug: "fictional-marenka-ostvik",
        kind: "PERSON",
        name: "Marenka Ostvik",
        names: ["M. Ostvik", "maren ostvik"],
        person: { givenName: "Marenka", familyName: "Ostvik" },
      },
      { slug: "fictional-lund-senior", kind: "PERSON", name: "Teodor Lund Sr.", names: ["Teodor Lund"], person: {} },
      { slug: "fictional-lund-junior", kind: "PERSON", name: "Teodor Lund Jr.", names: ["TEODOR LUND"], person: {} },
    ]),
    AUTHOR,
  );
}

/** The draft of the passage, as matching against the stored actors above must leave it. */
function expectedMatchedDraft() {
  const plain = JSON.parse(JSON.stringify(extractDraft(PASSAGE))) as ReturnType<typeof extractDraft>;
  expect(plain.actors.map((a) => a.slug)).toEqual(["maren-ostvik", "teodor-lund"]);
  return {
    ...plain,
    actors: [{ ...plain.actors[0]!, slug: "fictional-marenka-ostvik" }, plain.actors[1]!],
    statements: plain.statements.map((s) =>
      s.speaker === "maren-ostvik" ? { ...s, speaker: "fictional-marenka-ostvik" } : s,
    ),
    review: plain.review.map((flag) =>
      flag.path === "actors[0]"
        ? {
            path: "actors[0]",
            flag: "MATCHED_ACTOR",
            message:
              'matched to the stored actor "fictional-marenka-ostvik" (Marenka Ostvik, PERSON) by the name "maren ostvik" they share, confidence 0.8; the draft proposed "maren-ostvik": check it is the same',
          }
        : flag.path === "actors[1]"
          ? {
              path: "actors[1]",
              flag: "MATCHED_ACTOR",
              message:
                '2 stored actors sharing a name with it: "fictional-lund-junior" (Teodor Lund Jr., PERSON), "fictional-lund-senior" (Teodor Lund Sr., PERSON); not matched: give the right one\'s slug, or keep "teodor-lund" for a new actor',
            }
          : flag,
    ),
  };
}

const run = promisify(execFile);

/** `npm run -s extract -- --json <passage>` with `env`, as a person runs it. */
async function extractCli(env: Record<string, string | undefined>, ...args: string[]) {
  const { DATABASE_URL: _inherited, ...rest } = process.env;
  const result = await run(
    "node",
    ["-r", "@swc-node/register", "src/extract/cli.ts", "--json", ...args, PASSAGE_FILE],
    {
      cwd: ROOT,
      env: { ...rest, ...env },
    },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
  return result;
}

describe("matching drafts by names", () => {
  beforeAll(storePassageActors);

  it("extractContext matches an actor by a name it shares with a stored one, and flags a name two stored actors share", async () => {
    const response = await server.query(`query($text: String!) { extractContext(text: $text) }`, { text: PASSAGE });
    expect(response.body).toEqual({ data: { extractContext: expectedMatchedDraft() } });
  });

  it("npm run extract matches against DATABASE_URL, printing only the draft on stdout", async () => {
    const result = await extractCli({ DATABASE_URL: database.url });
    expect({ ...result, stdout: JSON.parse(result.stdout) as unknown }).toEqual({
      code: 0,
      stdout: expectedMatchedDraft(),
      stderr: "",
    });
  }, 60_000);

  it("npm run extract prints the unmatched draft without DATABASE_URL, with --no-match, and when the database is unreachable", async () => {
    const unmatched = `${JSON.stringify(extractDraft(PASSAGE), null, 2)}\n`;
    expect(await extractCli({})).toEqual({ code: 0, stdout: unmatched, stderr: "" });
    expect(await extractCli({ DATABASE_URL: database.url }, "--no-match")).toEqual({
      code: 0,
      stdout: unmatched,
      stderr: "",
    });
    expect(await extractCli({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nowhere" })).toEqual({
      code: 0,
      stdout: unmatched,
      stderr:
        "not matched to stored actors: the database 127.0.0.1:1/nowhere could not be asked (Can't reach database server at 127.0.0.1:1)\n",
    });
  }, 60_000);
});

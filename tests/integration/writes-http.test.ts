/**
 * Writes over real HTTP: API keys and scopes, importContext with its idempotency key, and what a
 * refused write leaves behind (nothing). The rules of ingest itself are in ingest.test.ts.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import path from "node:path";
import { createApiKey, revokeApiKey } from "../../src/auth/keys";
import { UNCHANGED_BUNDLE_NOTE } from "../../src/ingest/ingest";
import { seedDefault } from "../../src/seed/seed";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";
import type { TestServer } from "../helpers/server";
import { startTestServer } from "../helpers/server";

const EXAMPLE = JSON.parse(
  readFileSync(path.join(__dirname, "../../examples/bundles/fictional-white-house-meeting.bundle.json"), "utf8"),
) as { source: { slug: string; text: string; title: string }; statements: { key: string; span: { exact: string } }[] };

/** A copy of the example bundle for another (equally fictional) source, so each test imports something new. */
function exampleAs(slug: string): typeof EXAMPLE {
  const bundle = structuredClone(EXAMPLE);
  bundle.source.slug = slug;
  return bundle;
}

const IMPORT = /* GraphQL */ `
  mutation Import($bundle: JSON!, $key: String) {
    importContext(bundle: $bundle, idempotencyKey: $key) {
      sourceSlug
      changed
      replayed
      revision {
        author
        operation
        sourceSlug
        reason
      }
      created {
        sources
        events
        participants
        statements
        positions
        actors
      }
      unchanged {
        statements
        positions
      }
      notes
    }
  }
`;

let database: TestDatabase;
let server: TestServer;
let writer: string;
let curator: string;
let admin: string;

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function count(table: string): Promise<number> {
  const [row] = await database.db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}"`);
  return row!.n;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDefault(database.db);
  server = await startTestServer(database.db);
  writer = (await createApiKey(database.db, "test pipeline", ["context:write"])).key;
  curator = (await createApiKey(database.db, "test curator", ["context:curate"])).key;
  admin = (await createApiKey(database.db, "test admin", ["admin"])).key;
});
afterAll(async () => {
  await server.stop();
  await database.drop();
});

const CREATED_EXAMPLE = {
  sources: 1,
  events: 1,
  participants: 2,
  statements: 4,
  positions: 2,
  actors: 0,
};

describe("who may write", () => {
  it("refuses a write without a key with 401 UNAUTHENTICATED and a WWW-Authenticate challenge, writing nothing", async () => {
    const before = await count("Source");
    const response = await server.query(IMPORT, { bundle: exampleAs("fictional-anonymous") });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="news-context"');
    expect(response.body).toEqual({
      errors: [
        {
          message:
            "Mutation.importContext needs an API key with the context:write scope, sent as `Authorization: Bearer nck_…`; `npm run keys -- create` makes one.",
          extensions: { code: "UNAUTHENTICATED" },
        },
      ],
    });
    expect(await count("Source")).toBe(before);
  });

  it("refuses an unknown, malformed or revoked key with 401, even for a read", async () => {
    const revoked = await createApiKey(database.db, "soon revoked", ["context:write"]);
    await revokeApiKey(database.db, revoked.record.id);
    const cases: [Record<string, string>, string][] = [
      [bearer(`nck_${"A".repeat(43)}`), "The API key is unknown or revoked."],
      [bearer(revoked.key), "The API key is unknown or revoked."],
      [bearer("not-a-key"), "The API key is unknown or revoked."],
      [
        { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` },
        "The Authorization header must be `Bearer ` and an API key.",
      ],
    ];
    for (const [headers, message] of cases) {
      const response = await server.query("{ sources(first: 1) { totalCount } }", {}, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="news-context", error="invalid_token"');
      expect(response.body).toEqual({ errors: [{ message, extensions: { code: "UNAUTHENTICATED" } }] });
    }
  });

  it("refuses a key without the needed scope with 403 FORBIDDEN, running none of the operation's fields", async () => {
    const before = await count("ApiKey");
    const sources = await count("Source");
    const response = await server.query(
      /* GraphQL */ `
        mutation Both($bundle: JSON!) {
          importContext(bundle: $bundle) {
            changed
          }
          createApiKey(name: "sneaky", scopes: ["admin"]) {
            key
          }
        }
      `,
      { bundle: exampleAs("fictional-forbidden") },
      bearer(writer),
    );
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      errors: [
        {
          message:
            'Mutation.createApiKey needs the admin scope; the key "test pipeline" (' +
            writer.slice(0, 12) +
            "…) has context:write.",
          extensions: { code: "FORBIDDEN", requiredScope: "admin" },
        },
      ],
    });
    expect(await count("ApiKey")).toBe(before);
    expect(await count("Source")).toBe(sources);
  });

  it("reads stay public, and a valid key may read too", async () => {
    const anonymous = await server.query("{ viewer { name } sources(first: 1) { totalCount } }");
    expect(anonymous.body).toEqual({ data: { viewer: null, sources: { totalCount: expect.any(Number) } } });
    const keyed = await server.query("{ viewer { name scopes revokedAt } }", {}, bearer(curator));
    expect(keyed.status).toBe(200);
    expect(keyed.body).toEqual({
      data: { viewer: { name: "test curator", scopes: ["context:curate"], revokedAt: null } },
    });
    // An answer for a key is not for shared caches.
    expect(keyed.headers.get("cache-control")).toBe("no-store");
  });

  it("lets an admin create, list and revoke keys; the key is shown once and then works", async () => {
    const created = await server.query(
      `mutation { createApiKey(name: "made over HTTP", scopes: ["context:write"]) { key apiKey { id name prefix scopes revokedAt } } }`,
      {},
      bearer(admin),
    );
    expect(created.status).toBe(200);
    const { key, apiKey } = (
      created.body.data as { createApiKey: { key: string; apiKey: { id: number; prefix: string } } }
    ).createApiKey;
    expect(key).toMatch(/^nck_[A-Za-z0-9_-]{43}$/);
    expect(created.body.data).toEqual({
      createApiKey: {
        key,
        apiKey: {
          id: apiKey.id,
          name: "made over HTTP",
          prefix: key.slice(0, 12),
          scopes: ["context:write"],
          revokedAt: null,
        },
      },
    });
    // The digest is stored, never the key.
    const stored = await database.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(JSON.stringify(stored)).not.toContain(key);

    const listed = await server.query("{ apiKeys { name prefix } }", {}, bearer(admin));
    expect((listed.body.data as { apiKeys: { name: string }[] }).apiKeys.map((k) => k.name)).toEqual([
      "test pipeline",
      "test curator",
      "test admin",
      "soon revoked",
      "made over HTTP",
    ]);
    expect((await server.query("{ viewer { name } }", {}, bearer(key))).body).toEqual({
      data: { viewer: { name: "made over HTTP" } },
    });

    const revoked = await server.query(`mutation { revokeApiKey(id: ${apiKey.id}) { revokedAt } }`, {}, bearer(admin));
    expect(revoked.body).toEqual({ data: { revokeApiKey: { revokedAt: expect.any(String) } } });
    expect((await server.query("{ viewer { name } }", {}, bearer(key))).status).toBe(401);

    const bad = await server.query(`mutation { createApiKey(name: "x", scopes: ["root"]) { key } }`, {}, bearer(admin));
    expect(bad.body).toEqual({
      data: null,
      errors: [
        {
          message: 'Unknown scope "root"; the scopes are context:write, context:curate, admin.',
          path: ["createApiKey"],
          locations: [{ line: 1, column: 12 }],
          extensions: { code: "BAD_USER_INPUT", argumentName: "scopes" },
        },
      ],
    });
  });

  it("never logs a key", async () => {
    const from = server.logged.length;
    await server.query("{ viewer { name } }", {}, bearer(writer));
    await server.query("{ viewer { name } }", {}, bearer(`nck_${"B".repeat(43)}`));
    const logged = JSON.stringify(server.logged.slice(from));
    expect(logged).not.toContain(writer);
    expect(logged).not.toContain("B".repeat(43));
    expect(server.logged.length).toBeGreaterThan(from);
  });
});

describe("importContext", () => {
  it("imports the README's example bundle, and the same bundle again changes nothing", async () => {
    const first = await server.query(IMPORT, { bundle: EXAMPLE }, bearer(writer));
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(first.body).toEqual({
      data: {
        importContext: {
          sourceSlug: EXAMPLE.source.slug,
          changed: true,
          replayed: false,
          // The revision names the key that wrote.
          revision: {
            author: "test pipeline",
            operation: "importContext",
            sourceSlug: EXAMPLE.source.slug,
            reason: null,
          },
          created: CREATED_EXAMPLE,
          unchanged: { statements: 0, positions: 0 },
          notes: [],
        },
      },
    });
    const again = await server.query(IMPORT, { bundle: EXAMPLE }, bearer(writer));
    expect(again.body).toEqual({
      data: {
        importContext: {
          sourceSlug: EXAMPLE.source.slug,
          changed: false,
          replayed: false,
          revision: null,
          created: { sources: 0, events: 0, participants: 0, statements: 0, positions: 0, actors: 0 },
          unchanged: { statements: 4, positions: 2 },
          notes: [UNCHANGED_BUNDLE_NOTE],
        },
      },
    });
    // The new statements are Trump's, in his timeline.
    const timeline = await server.query(/* GraphQL */ `
      {
        actor(slug: "donald-trump") {
          statements(first: 50) {
            nodes {
              provenance {
                source {
                  title
                }
              }
              text
            }
          }
        }
      }
    `);
    const texts = (
      timeline.body.data as {
        actor: { statements: { nodes: { text: string; provenance: { source: { title: string } } }[] } };
      }
    ).actor.statements.nodes.filter((s) => s.provenance.source.title.includes("FICTIONAL"));
    expect(texts.map((s) => s.text).sort()).toEqual([
      "Trump said Europe would have to carry much of the burden of any settlement.",
      "very optimistic",
    ]);
  });

  it("refuses a bundle with one bad span whole, naming the statement and showing expected and found text", async () => {
    const bundle = exampleAs("fictional-bad-span");
    // Offsets that point at other words: the quote is not where the bundle says.
    (bundle.statements[1]!.span as object) = { exact: "very optimistic", start: 3, end: 18 };
    const statements = await count("Statement");
    const response = await server.query(IMPORT, { bundle }, bearer(writer));
    expect(response.status).toBe(200);
    const problem = {
      path: 'statements[1] (key "trump-very-optimistic").span',
      message: "the source text at [3, 18) is not the span's exact words",
      expected: "very optimistic",
      found: "TIONAL EXAMPLE.",
    };
    expect(response.body).toEqual({
      data: null,
      errors: [
        {
          message:
            'The bundle was refused, nothing was written: 1 problem. First: statements[1] (key "trump-very-optimistic").span: the source text at [3, 18) is not the span\'s exact words (expected "very optimistic", found "TIONAL EXAMPLE.").',
          path: ["importContext"],
          locations: [{ line: 3, column: 5 }],
          extensions: {
            code: "BAD_USER_INPUT",
            argumentName: "bundle",
            problems: [
              {
                ...problem,
                description:
                  'statements[1] (key "trump-very-optimistic").span: the source text at [3, 18) is not the span\'s exact words (expected "very optimistic", found "TIONAL EXAMPLE.").',
              },
            ],
          },
        },
      ],
    });
    expect(await count("Statement")).toBe(statements);
    expect(await database.db.source.count({ where: { slug: "fictional-bad-span" } })).toBe(0);
  });

  it("refuses a bundle that is not one, with every problem's path", async () => {
    const response = await server.query(IMPORT, { bundle: { format: "something-else", version: 2 } }, bearer(writer));
    const error = response.body.errors?.[0];
    expect(error?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((error?.extensions?.problems as { path: string }[]).map((p) => p.path)).toEqual(
      expect.arrayContaining(["format", "version", "source"]),
    );
  });

  it("cuts the input a refusal quotes to 100 characters", async () => {
    const bundle = exampleAs("fictional-echo") as unknown as Record<string, unknown> & typeof EXAMPLE;
    bundle.statements[1]!.span = { exact: "x".repeat(50_000) };
    bundle[`unknown${"k".repeat(5_000)}`] = true;
    const response = await server.query(IMPORT, { bundle }, bearer(writer));
    const problems = response.body.errors?.[0]?.extensions?.problems as Record<string, string>[];
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      for (const field of ["path", "message", "expected", "found"]) {
        if (problem[field] !== undefined) expect(problem[field]!.length).toBeLessThanOrEqual(101);
      }
    }
    expect(JSON.stringify(response.body).length).toBeLessThan(5_000);
  });

  it("replays an idempotency key's first answer, and refuses the key with another bundle as CONFLICT", async () => {
    const bundle = exampleAs("fictional-idempotent");
    const first = await server.query(IMPORT, { bundle }, { ...bearer(writer), "idempotency-key": "import-42" });
    const data = first.body.data as { importContext: Record<string, unknown> };
    // The event is the example's, imported already: the copy adds its own participant claims to it.
    expect(data.importContext).toMatchObject({
      changed: true,
      replayed: false,
      created: { ...CREATED_EXAMPLE, events: 0 },
    });
    // The same key as the argument: the first answer again, marked replayed.
    const replay = await server.query(IMPORT, { bundle, key: "import-42" }, bearer(writer));
    expect(replay.body).toEqual({ data: { importContext: { ...data.importContext, replayed: true } } });

    const other = exampleAs("fictional-idempotent-other");
    const statements = await count("Statement");
    const conflict = await server.query(IMPORT, { bundle: other, key: "import-42" }, bearer(writer));
    expect(conflict.body.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(conflict.body.data).toBeNull();
    expect(await count("Statement")).toBe(statements);

    // Keys are scoped to the API key: the curator's "import-42" is its own.
    const curators = await server.query(IMPORT, { bundle: other, key: "import-42" }, bearer(curator));
    expect((curators.body.data as { importContext: { changed: boolean } }).importContext.changed).toBe(true);
  });

  it("refuses idempotency keys that are too long, empty, or disagree with the header", async () => {
    const bundle = exampleAs("fictional-never-written");
    const cases: [Record<string, unknown>, Record<string, string>, string][] = [
      [{ key: "k".repeat(256) }, {}, "An idempotency key is 1 to 255 characters long (this one has 256)."],
      [{ key: "" }, {}, "An idempotency key is 1 to 255 characters long (this one has 0)."],
      [
        { key: "a" },
        { "idempotency-key": "b" },
        "The idempotencyKey argument and the Idempotency-Key header differ; send one of them.",
      ],
    ];
    for (const [variables, headers, message] of cases) {
      const response = await server.query(IMPORT, { bundle, ...variables }, { ...bearer(writer), ...headers });
      expect(response.body).toEqual({
        data: null,
        errors: [
          {
            message,
            path: ["importContext"],
            locations: [{ line: 3, column: 5 }],
            extensions: { code: "BAD_USER_INPUT", argumentName: "idempotencyKey" },
          },
        ],
      });
    }
    expect(await database.db.source.count({ where: { slug: "fictional-never-written" } })).toBe(0);
  });

  it("makes one copy of a bundle sent 50 times at once", async () => {
    const bundle = exampleAs("fictional-concurrent");
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => server.query(IMPORT, { bundle }, bearer(writer))),
    );
    const answers = responses.map(
      (r) => (r.body.data as { importContext: { changed: boolean } } | null)?.importContext,
    );
    expect(responses.map((r) => r.body.errors ?? [])).toEqual(Array.from({ length: 50 }, () => []));
    expect(answers.filter((a) => a?.changed)).toHaveLength(1);
    const source = await database.db.source.findUniqueOrThrow({ where: { slug: "fictional-concurrent" } });
    expect(await database.db.statement.count({ where: { sourceId: source.id } })).toBe(4);
    expect(await database.db.position.count({ where: { sourceId: source.id } })).toBe(2);
    expect(await database.db.sourceRevision.count({ where: { sourceId: source.id } })).toBe(1);
  });

  it("takes a bundle larger than an anonymous request may send, from a key", async () => {
    const bundle = exampleAs("fictional-large");
    bundle.source.text += "\n\n" + "Filler sentence of the fictional article. ".repeat(5_000);
    const body = JSON.stringify({ query: IMPORT, variables: { bundle } });
    expect(body.length).toBeGreaterThan(200_000);
    const post = (headers: Record<string, string>) =>
      fetch(server.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    const anonymous = await post({});
    expect(anonymous.status).toBe(413);
    const keyed = await post(bearer(writer));
    expect(keyed.status).toBe(200);
    expect(((await keyed.json()) as { data: { importContext: { changed: boolean } } }).data.importContext.changed).toBe(
      true,
    );
  });
});

describe("npm run keys", () => {
  const keys = (...args: string[]) =>
    promisify(execFile)(process.execPath, ["-r", "@swc-node/register", "src/auth/cli.ts", ...args], {
      cwd: path.join(__dirname, "../.."),
      env: { ...process.env, DATABASE_URL: database.url, MIGRATE_ON_START: "false" },
      timeout: 120_000,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it("creates a key and prints it alone on the last line; the key works; list and revoke", async () => {
    const created = await keys("create", "--name", "newsroom pipeline", "--scope", "context:write");
    expect(created.code).toBe(0);
    const lines = created.stdout.trim().split("\n");
    const key = lines.at(-1)!;
    expect(key).toMatch(/^nck_[A-Za-z0-9_-]{43}$/);
    expect(lines.slice(0, -1).join("\n")).toMatch(/^Created key \d+ "newsroom pipeline" with context:write\.\n/);
    const viewer = await server.query("{ viewer { name scopes } }", {}, bearer(key));
    expect(viewer.body).toEqual({ data: { viewer: { name: "newsroom pipeline", scopes: ["context:write"] } } });

    const listed = await keys("list");
    expect(listed.stdout).toContain(`${key.slice(0, 12)}…`);
    expect(listed.stdout).not.toContain(key);
    const revoked = await keys("revoke", key.slice(0, 12));
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/revoked \d{4}-/);
    expect((await server.query("{ viewer { name } }", {}, bearer(key))).status).toBe(401);
  });

  it("refuses a bad request with exit code 2 and the usage", async () => {
    const noScope = await keys("create", "--name", "no scopes");
    expect(noScope.code).toBe(2);
    expect(noScope.stderr).toMatch(/^A key needs at least one scope: context:write, context:curate, admin\.\n\nusage:/);
    const unknown = await keys("rotate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^unknown command "rotate"/);
  });
});

describe("rate limits count by key", () => {
  it("gives each key its own budget, apart from its address's", async () => {
    const limited = await startTestServer(database.db, { rateLimit: { pointsPerMinute: 1_000 } });
    try {
      const read = "{ sources(first: 1) { totalCount } }";
      const remaining = async (headers: Record<string, string>) =>
        Number((await limited.query(read, {}, headers)).headers.get("x-ratelimit-remaining"));
      const fresh = await remaining({});
      expect(await remaining({})).toBeLessThan(fresh);
      // A key starts from a full budget of its own, whatever its address has spent.
      expect(await remaining(bearer(writer))).toBe(fresh);
      expect(await remaining(bearer(writer))).toBeLessThan(fresh);
      expect(await remaining(bearer(curator))).toBe(fresh);
    } finally {
      await limited.stop();
    }
  });
});

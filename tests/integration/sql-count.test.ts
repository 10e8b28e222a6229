import { readFileSync } from "node:fs";
import path from "node:path";
import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";

const SUMMIT_CONTEXT = readFileSync(path.join(__dirname, "../fixtures/summit-context.graphql"), "utf8");

let fixture: SeededFixture;
beforeAll(async () => {
  // These queries price above the default 1,000 points: their SQL count is what is measured here.
  fixture = await seededFixture({ limits: { maxCost: 100_000 } });
});
afterAll(() => closeFixture(fixture));

const PEOPLE_CONTEXT = `{
  people {
    nodes {
      name
      roles { title organization { name } provenance { exact source { id } } }
      statements(first: 5) { totalCount nodes { text topics { slug } aboutEvents { nodes { slug } } } }
      timeline(last: 5) { nodes { dating item { __typename ... on Position { stance topic { name } } } } }
    }
  }
}`;

async function countPeopleQueries(): Promise<number> {
  const { queries } = fixture.database;
  queries.length = 0;
  const { body } = await fixture.server.query(PEOPLE_CONTEXT);
  expect(body.errors).toBeUndefined();
  return queries.length;
}

const FAN_OUT = `{ events(first: 50) { nodes { participants { actor { statements(first: 5) { nodes { text topics { slug } } } } } } } }`;

async function countFanOutQueries(): Promise<{ count: number; statements: number }> {
  const { queries } = fixture.database;
  queries.length = 0;
  const { body } = await fixture.server.query(FAN_OUT);
  expect(body.errors).toBeUndefined();
  const events = (
    body.data as { events: { nodes: { participants: { actor: { statements: { nodes: unknown[] } } }[] }[] } }
  ).events.nodes;
  const statements = events.flatMap((event) => event.participants.flatMap((p) => p.actor.statements.nodes));
  return { count: queries.length, statements: statements.length };
}

async function countQueries(): Promise<{ count: number; statements: number; positions: number }> {
  const { queries } = fixture.database;
  queries.length = 0;
  const { body } = await fixture.server.query(SUMMIT_CONTEXT, { slug: "anchorage-summit-2025" });
  expect(body.errors).toBeUndefined();
  const event = (
    body.data as {
      event: { statements: { edges: unknown[] }; positions: { nodes: unknown[] }; participants: unknown[] };
    }
  ).event;
  return { count: queries.length, statements: event.statements.edges.length, positions: event.positions.nodes.length };
}

/** Nine more copies of everything around the summit: statements, positions, participants, sub-events. */
async function growTenfold(): Promise<void> {
  const { db } = fixture.database;
  const summit = await db.event.findUniqueOrThrow({
    where: { slug: "anchorage-summit-2025" },
    include: { participants: true, subEvents: true },
  });
  const statements = await db.statement.findMany({ include: { topics: true, about: true } });
  const positions = await db.position.findMany({ include: { evidence: true } });
  const actors = await db.actor.findMany({ include: { person: true } });
  for (let copy = 1; copy <= 9; copy += 1) {
    await db.$transaction(async (tx) => {
      const statementIds = new Map<number, number>();
      for (const { id, key, topics, about, ...statement } of statements) {
        const created = await tx.statement.create({
          data: {
            ...statement,
            key: `${key}-copy-${copy}`,
            topics: { create: topics.map((t) => ({ topicId: t.topicId })) },
            about: { create: about.map((a) => ({ eventId: a.eventId })) },
          },
        });
        statementIds.set(id, created.id);
      }
      for (const { id: _id, key, evidence, ...position } of positions) {
        await tx.position.create({
          data: {
            ...position,
            key: `${key}-copy-${copy}`,
            evidence: { create: evidence.map((e) => ({ statementId: statementIds.get(e.statementId)! })) },
          },
        });
      }
      for (const { id: _id, slug, person, ...actor } of actors) {
        // Named to sort after the originals, so a page of people still starts with them. A PERSON
        // comes with its Person row, as the database requires.
        const created = await tx.actor.create({
          data: {
            ...actor,
            slug: `${slug}-copy-${copy}`,
            name: `~${actor.name} (copy ${copy})`,
            person: person ? { create: { givenName: person.givenName, familyName: person.familyName } } : undefined,
          },
        });
        await tx.eventParticipant.create({ data: { eventId: summit.id, actorId: created.id, role: "PARTICIPANT" } });
      }
      for (const { id: _id, slug, ...subEvent } of summit.subEvents) {
        await tx.event.create({ data: { ...subEvent, slug: `${slug}-copy-${copy}` } });
      }
    });
  }
}

describe("SQL statements per request", () => {
  it("depend on the query's shape, not on how much data it returns, and stay within 3", async () => {
    const small = await countQueries();
    const smallFanOut = await countFanOutQueries();
    const smallPeople = await countPeopleQueries();
    expect(small).toMatchObject({ statements: 15, positions: 8 });

    await growTenfold();
    const large = await countQueries();
    const largeFanOut = await countFanOutQueries();
    expect(await countPeopleQueries()).toBe(smallPeople);
    expect(large).toMatchObject({ statements: 20, positions: 20 });
    expect(largeFanOut.statements).toBeGreaterThan(smallFanOut.statements);
    expect(large.count).toBe(small.count);
    expect(largeFanOut.count).toBe(smallFanOut.count);
    // Each query is one root field, compiled to one SQL statement (src/common/select.ts).
    expect(small.count).toBe(1);
    expect(smallFanOut.count).toBe(1);
  });
});

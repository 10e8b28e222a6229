/**
 * Curation of places, actors, events, roles and positions over real HTTP: each created, updated
 * (a stale version is a CONFLICT that writes nothing), refused with the field named, deleted once
 * nothing refers to it, and recorded in the history. Every entity made here is invented, and its
 * name says so; the source is the README's fictional example article.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createApiKey } from "../../src/auth/keys";
import { toGlobalId } from "../../src/common/global-id";
import { ingestBundle } from "../../src/ingest/ingest";
import { seedDefault } from "../../src/seed/seed";
import type { TestDatabase } from "../helpers/database";
import { createTestDatabase } from "../helpers/database";
import type { TestServer } from "../helpers/server";
import { startTestServer } from "../helpers/server";

const EXAMPLE_FILE = path.join(__dirname, "../../examples/bundles/fictional-white-house-meeting.bundle.json");
const SOURCE = "fictional-white-house-meeting-article";

let database: TestDatabase;
let server: TestServer;
let curator: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDefault(database.db);
  await ingestBundle(database.db, JSON.parse(readFileSync(EXAMPLE_FILE, "utf8")), {
    author: { apiKeyId: null, name: "test", operation: "test" },
  });
  server = await startTestServer(database.db);
  curator = { authorization: `Bearer ${(await createApiKey(database.db, "desk editor", ["context:curate"])).key}` };
});
afterAll(async () => {
  await server.stop();
  await database.drop();
});

async function tableCounts(): Promise<Record<string, number>> {
  const tables = [
    "Place",
    "Actor",
    "Person",
    "Event",
    "EventParticipant",
    "Role",
    "Position",
    "PositionEvidence",
    "Revision",
    "RevisionChange",
  ];
  const out: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await database.db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}"`);
    out[table] = row!.n;
  }
  return out;
}

async function send(query: string, variables: Record<string, unknown> = {}) {
  const response = await server.query(query, variables, curator);
  expect(response.status).toBe(200);
  return response.body as { data?: Record<string, unknown> | null; errors?: Record<string, unknown>[] };
}

/** The whole answer of a refused mutation, its one error at line 3, column 5 of the operation. */
function refused(field: string, message: string, extensions: Record<string, unknown>) {
  return { data: null, errors: [{ message, path: [field], locations: [{ line: 3, column: 5 }], extensions }] };
}

function staleExtensions(stored: number, sent: number) {
  return { code: "CONFLICT", storedVersion: stored, sentVersion: sent, argumentName: "version" };
}

function staleMessage(entity: string, stored: number, sent: number) {
  return `${entity} is at version ${stored}, not ${sent}: it was changed since you read it. Read it again, and apply your change to what it is now.`;
}

/** The changes recorded for one entity, oldest first, with their revision. */
function changesOf(entityType: string, entityId: number) {
  return database.db.revisionChange.findMany({
    where: { entityType, entityId },
    include: { revision: { select: { author: true, operation: true, reason: true } } },
    orderBy: { id: "asc" },
  });
}

const PLACE = /* GraphQL */ `
  mutation ($input: PlaceInput!) {
    createPlace(input: $input, reason: "Fictional venue for tests") {
      id
      name
      countryCode
      coordinates {
        latitude
        longitude
        basis
      }
    }
  }
`;

const UPDATE_PLACE = /* GraphQL */ `
  mutation ($id: ID!, $version: Int!, $input: PlaceChanges!) {
    updatePlace(id: $id, version: $version, input: $input) {
      name
      locality
      coordinates {
        latitude
      }
    }
  }
`;

const DELETE_PLACE = /* GraphQL */ `
  mutation ($id: ID!, $version: Int!) {
    deletePlace(id: $id, version: $version, reason: "Fictional cleanup") {
      id
      revision {
        id
      }
    }
  }
`;

const EVENT = /* GraphQL */ `
  mutation ($input: EventInput!) {
    createEvent(input: $input) {
      id
      slug
      title
      startsAt
      location {
        name
      }
      parent {
        slug
      }
    }
  }
`;

const UPDATE_EVENT = /* GraphQL */ `
  mutation ($id: ID!, $version: Int!, $input: EventChanges!) {
    updateEvent(id: $id, version: $version, input: $input) {
      title
      parent {
        slug
      }
    }
  }
`;

const DELETE_EVENT = /* GraphQL */ `
  mutation ($id: ID!, $version: Int!) {
    deleteEvent(id: $id, version: $version) {
      id
      revision {
        id
      }
    }
  }
`;

const FICTIONAL_SUMMIT = {
  slug: "fictional-harbour-summit",
  title: "Fictional harbour summit",
  kind: "SUMMIT",
  status: "HELD",
  startsAt: "2031-05-04T09:00:00.000Z",
  timeZone: "Europe/Lisbon",
  timePrecision: "HOUR",
  timeBasis: "SOURCE",
};

describe("places and events", () => {
  it("creates a place, refuses half its coordinates, updates it, and deletes it once no event is held there", async () => {
    const created = await send(PLACE, {
      input: {
        slug: "fictional-harbour-hall",
        name: "Fictional Harbour Hall",
        countryCode: "PT",
        latitude: 38.7,
        longitude: -9.1,
        coordinatesBasis: "BACKGROUND",
      },
    });
    const stored = await database.db.place.findUniqueOrThrow({ where: { slug: "fictional-harbour-hall" } });
    const id = toGlobalId("Place", stored.id);
    expect(created).toEqual({
      data: {
        createPlace: {
          id,
          name: "Fictional Harbour Hall",
          countryCode: "PT",
          coordinates: { latitude: 38.7, longitude: -9.1, basis: "BACKGROUND" },
        },
      },
    });
    expect(await changesOf("Place", stored.id)).toMatchObject([
      {
        action: "CREATE",
        version: 1,
        before: null,
        after: { slug: "fictional-harbour-hall", name: "Fictional Harbour Hall", latitude: 38.7 },
        revision: { author: "desk editor", operation: "createPlace", reason: "Fictional venue for tests" },
      },
    ]);

    const before = await tableCounts();
    const half = await send(UPDATE_PLACE, { id, version: 1, input: { latitude: null } });
    const message = "give latitude, longitude and coordinatesBasis together, or none of them";
    expect(half).toEqual(
      refused("updatePlace", `input.latitude: ${message}.`, {
        code: "BAD_USER_INPUT",
        argumentName: "input",
        field: "input.latitude",
        problems: [{ field: "input.latitude", message }],
      }),
    );
    const stale = await send(UPDATE_PLACE, { id, version: 2, input: { locality: "Fictional Town" } });
    expect(stale).toEqual(refused("updatePlace", staleMessage("The place", 1, 2), staleExtensions(1, 2)));
    expect(await tableCounts()).toEqual(before);

    const updated = await send(UPDATE_PLACE, { id, version: 1, input: { locality: "Fictional Town" } });
    expect(updated).toEqual({
      data: {
        updatePlace: { name: "Fictional Harbour Hall", locality: "Fictional Town", coordinates: { latitude: 38.7 } },
      },
    });
    expect((await changesOf("Place", stored.id))[1]).toMatchObject({
      action: "UPDATE",
      version: 2,
      before: { locality: null },
      after: { locality: "Fictional Town" },
      revision: { operation: "updatePlace", reason: null },
    });

    const event = await send(EVENT, { input: { ...FICTIONAL_SUMMIT, place: "fictional-harbour-hall" } });
    const eventRow = await database.db.event.findUniqueOrThrow({ where: { slug: FICTIONAL_SUMMIT.slug } });
    expect(event).toEqual({
      data: {
        createEvent: {
          id: toGlobalId("Event", eventRow.id),
          slug: FICTIONAL_SUMMIT.slug,
          title: FICTIONAL_SUMMIT.title,
          startsAt: FICTIONAL_SUMMIT.startsAt,
          location: { name: "Fictional Harbour Hall" },
          parent: null,
        },
      },
    });
    const inUse = await send(DELETE_PLACE, { id, version: 2 });
    expect(inUse).toEqual(
      refused("deletePlace", 'The place "fictional-harbour-hall" is used by events (1); change those first.', {
        code: "CONFLICT",
        events: 1,
      }),
    );

    await send(UPDATE_EVENT, { id: toGlobalId("Event", eventRow.id), version: 1, input: { place: null } });
    const deleted = await send(DELETE_PLACE, { id, version: 2 });
    const revision = await database.db.revision.findFirstOrThrow({ where: { operation: "deletePlace" } });
    expect(deleted).toEqual({ data: { deletePlace: { id, revision: { id: toGlobalId("Revision", revision.id) } } } });
    expect(await database.db.place.count({ where: { id: stored.id } })).toBe(0);
    expect((await changesOf("Place", stored.id))[2]).toMatchObject({
      action: "DELETE",
      version: 2,
      after: null,
      before: { slug: "fictional-harbour-hall", locality: "Fictional Town" },
      revision: { reason: "Fictional cleanup" },
    });
  });

  it("creates sub-events, refuses a parent cycle and a deletion while a sub-event or statement refers to it", async () => {
    await send(EVENT, {
      input: { ...FICTIONAL_SUMMIT, slug: "fictional-treaty-talks", title: "Fictional treaty talks" },
    });
    const sub = await send(EVENT, {
      input: {
        ...FICTIONAL_SUMMIT,
        slug: "fictional-treaty-talks-day-one",
        title: "Fictional treaty talks, day one",
        kind: "MEETING",
        parent: "fictional-treaty-talks",
      },
    });
    expect(sub.data).toEqual({
      createEvent: expect.objectContaining({ parent: { slug: "fictional-treaty-talks" } }),
    });
    const parent = await database.db.event.findUniqueOrThrow({ where: { slug: "fictional-treaty-talks" } });
    const child = await database.db.event.findUniqueOrThrow({ where: { slug: "fictional-treaty-talks-day-one" } });
    const parentId = toGlobalId("Event", parent.id);

    const before = await tableCounts();
    const cycle = await send(UPDATE_EVENT, {
      id: parentId,
      version: 1,
      input: { parent: "fictional-treaty-talks-day-one" },
    });
    expect(cycle).toEqual(
      refused(
        "updateEvent",
        'input.parent: "fictional-treaty-talks-day-one" is this event or part of it; an event cannot be part of itself.',
        { code: "BAD_USER_INPUT", argumentName: "input", field: "input.parent" },
      ),
    );
    const unknown = await send(UPDATE_EVENT, { id: parentId, version: 1, input: { parent: "fictional-nothing" } });
    expect(unknown).toEqual(
      refused("updateEvent", 'input.parent: no event has slug "fictional-nothing".', {
        code: "BAD_USER_INPUT",
        argumentName: "input",
        field: "input.parent",
      }),
    );
    const badZone = await send(UPDATE_EVENT, { id: parentId, version: 1, input: { timeZone: "Fictional/Nowhere" } });
    expect(badZone).toEqual(
      refused("updateEvent", "input.timeZone: must be an IANA time zone name, e.g. America/Anchorage.", {
        code: "BAD_USER_INPUT",
        argumentName: "input",
        field: "input.timeZone",
        problems: [{ field: "input.timeZone", message: "must be an IANA time zone name, e.g. America/Anchorage" }],
      }),
    );
    const stale = await send(UPDATE_EVENT, { id: parentId, version: 3, input: { title: "Fictional talks, renamed" } });
    expect(stale).toEqual(refused("updateEvent", staleMessage("The event", 1, 3), staleExtensions(1, 3)));
    const withSub = await send(DELETE_EVENT, { id: parentId, version: 1 });
    expect(withSub).toEqual(
      refused("deleteEvent", 'The event "fictional-treaty-talks" is used by subEvents (1); change those first.', {
        code: "CONFLICT",
        statementsAt: 0,
        statementsAbout: 0,
        subEvents: 1,
        participationClaims: 0,
      }),
    );
    expect(await tableCounts()).toEqual(before);

    const renamed = await send(UPDATE_EVENT, {
      id: parentId,
      version: 1,
      input: { title: "Fictional talks, renamed" },
    });
    expect(renamed).toEqual({ data: { updateEvent: { title: "Fictional talks, renamed", parent: null } } });
    expect(
      (await changesOf("Event", parent.id)).map(({ action, before, after }) => ({ action, before, after })),
    ).toEqual([
      expect.objectContaining({ action: "CREATE" }),
      { action: "UPDATE", before: { title: "Fictional treaty talks" }, after: { title: "Fictional talks, renamed" } },
    ]);

    // A statement made at the sub-event keeps it, until the statement is moved.
    const meeting = await database.db.event.findUniqueOrThrow({
      where: { slug: "fictional-white-house-meeting-2025-08-18" },
    });
    const atMeeting = await database.db.statement.count({ where: { occasionId: meeting.id } });
    const meetingRefused = await send(DELETE_EVENT, { id: toGlobalId("Event", meeting.id), version: meeting.version });
    expect(meetingRefused.errors?.[0]).toMatchObject({
      extensions: { code: "CONFLICT", statementsAt: atMeeting, participationClaims: expect.any(Number) },
    });
    expect(atMeeting).toBeGreaterThan(0);

    const childId = toGlobalId("Event", child.id);
    const deletedChild = await send(DELETE_EVENT, { id: childId, version: 1 });
    expect(deletedChild.data).toEqual({ deleteEvent: { id: childId, revision: { id: expect.any(String) } } });
    const deletedParent = await send(DELETE_EVENT, { id: parentId, version: 2 });
    expect(deletedParent.data).toEqual({ deleteEvent: { id: parentId, revision: { id: expect.any(String) } } });
    expect(await database.db.event.count({ where: { id: { in: [parent.id, child.id] } } })).toBe(0);
    expect((await changesOf("Event", child.id)).at(-1)).toMatchObject({
      action: "DELETE",
      before: { slug: "fictional-treaty-talks-day-one", parentId: parent.id },
      revision: { operation: "deleteEvent" },
    });
  });
});

const ACTOR = /* GraphQL */ `
  mutation ($input: ActorInput!) {
    createActor(input: $input) {
      __typename
      id
      slug
      name
      kind
      ... on Person {
        givenName
        familyName
      }
    }
  }
`;

const UPDATE_ACTOR = /* GraphQL */ `
  mutation ($id: ID!, $version: Int!, $input: ActorChanges!) {
    updateActor(id: $id, version: $version, input: $input, reason: "Fictional correction") {
      __typename
      kind
      name
      ... on Person {
        givenName
        familyName
      }
    }
  }
`;

const DELETE_ACTOR = /* GraphQL */ `
  mutation ($id: ID!, $version: Int!) {
    deleteActor(id: $id, version: $version) {
      id
      revision {
        id
      }
    }
  }
`;

const ROLE = /* GraphQL */ `
  mutation ($input: RoleInput!, $source: String) {
    createRole(input: $input, source: $source) {
      id
      title
      startDate
      organization {
        slug
      }
      provenance {
        exact
        start
        end
      }
    }
  }
`;

const UPDATE_ROLE = /* GraphQL */ `
  mutation ($id: ID!, $version: Int!, $input: RoleChanges!) {
    updateRole(id: $id, version: $version, input: $input) {
      id
      title
      endDate
    }
  }
`;

const DELETE_ROLE = /* GraphQL */ `
  mutation ($id: ID!, $version: Int!) {
    deleteRole(id: $id, version: $version) {
      id
      revision {
        id
      }
    }
  }
`;

describe("actors and roles", () => {
  it("creates a person with names and a collective actor, refuses a PERSON without names, and changes kind", async () => {
    const person = await send(ACTOR, {
      input: {
        slug: "fictional-ana-example",
        kind: "PERSON",
        name: "Ana Example (fictional)",
        person: { givenName: "Ana", familyName: "Example" },
      },
    });
    const ana = await database.db.actor.findUniqueOrThrow({
      where: { slug: "fictional-ana-example" },
      include: { person: true },
    });
    expect(person).toEqual({
      data: {
        createActor: {
          __typename: "Person",
          id: toGlobalId("Person", ana.id),
          slug: "fictional-ana-example",
          name: "Ana Example (fictional)",
          kind: "PERSON",
          givenName: "Ana",
          familyName: "Example",
        },
      },
    });
    expect(ana.person).toEqual({ actorId: ana.id, givenName: "Ana", familyName: "Example" });
    expect(await changesOf("Actor", ana.id)).toMatchObject([
      {
        action: "CREATE",
        after: { slug: "fictional-ana-example", kind: "PERSON", person: { givenName: "Ana", familyName: "Example" } },
        revision: { operation: "createActor" },
      },
    ]);

    const before = await tableCounts();
    const message = "an actor of kind PERSON, and only one, has `person`";
    const noNames = await send(ACTOR, {
      input: { slug: "fictional-nameless", kind: "PERSON", name: "Nameless (fictional)" },
    });
    expect(noNames).toEqual(
      refused("createActor", `input.person: ${message}.`, {
        code: "BAD_USER_INPUT",
        argumentName: "input",
        field: "input.person",
        problems: [{ field: "input.person", message }],
      }),
    );
    const taken = await send(ACTOR, { input: { slug: "fictional-ana-example", kind: "GROUP", name: "Twice" } });
    expect(taken).toEqual(
      refused("createActor", 'An actor has slug "fictional-ana-example" already.', {
        code: "CONFLICT",
        argumentName: "input",
        field: "input.slug",
        existing: toGlobalId("Person", ana.id),
      }),
    );
    const id = toGlobalId("Person", ana.id);
    const stale = await send(UPDATE_ACTOR, { id, version: 2, input: { name: "Ana Example-Renamed (fictional)" } });
    expect(stale).toEqual(refused("updateActor", staleMessage("The actor", 1, 2), staleExtensions(1, 2)));
    expect(await tableCounts()).toEqual(before);

    const renamed = await send(UPDATE_ACTOR, { id, version: 1, input: { person: { familyName: "Example-Renamed" } } });
    expect(renamed).toEqual({
      data: {
        updateActor: {
          __typename: "Person",
          kind: "PERSON",
          name: "Ana Example (fictional)",
          givenName: "Ana",
          familyName: "Example-Renamed",
        },
      },
    });
    expect((await changesOf("Actor", ana.id))[1]).toMatchObject({
      action: "UPDATE",
      version: 2,
      before: { person: { givenName: "Ana", familyName: "Example" } },
      after: { person: { givenName: "Ana", familyName: "Example-Renamed" } },
      revision: { author: "desk editor", reason: "Fictional correction" },
    });

    // No longer a person: the Person row goes; a person again: it comes back with the names given.
    const group = await send(UPDATE_ACTOR, { id, version: 2, input: { kind: "GROUP" } });
    expect(group).toEqual({ data: { updateActor: { __typename: "CollectiveActor", kind: "GROUP", name: ana.name } } });
    expect(await database.db.person.count({ where: { actorId: ana.id } })).toBe(0);
    const groupId = toGlobalId("CollectiveActor", ana.id);
    const back = await send(UPDATE_ACTOR, { id: groupId, version: 3, input: { kind: "PERSON" } });
    expect(back.errors?.[0]).toMatchObject({ message: `input.person: ${message}.` });
    const person2 = await send(UPDATE_ACTOR, {
      id: groupId,
      version: 3,
      input: { kind: "PERSON", person: { givenName: "Ana" } },
    });
    expect(person2.data).toEqual({
      updateActor: { __typename: "Person", kind: "PERSON", name: ana.name, givenName: "Ana", familyName: null },
    });
    expect(await database.db.person.findUnique({ where: { actorId: ana.id } })).toEqual({
      actorId: ana.id,
      givenName: "Ana",
      familyName: null,
    });
  });

  it("adds a curator's role and a source's role, refuses bad ones, and guards the actors they name", async () => {
    await send(ACTOR, {
      input: { slug: "fictional-ben-sample", kind: "PERSON", name: "Ben Sample (fictional)", person: {} },
    });
    await send(ACTOR, {
      input: { slug: "fictional-ministry", kind: "GOVERNMENT", name: "Fictional Ministry of Examples" },
    });
    const ben = await database.db.actor.findUniqueOrThrow({ where: { slug: "fictional-ben-sample" } });
    const ministry = await database.db.actor.findUniqueOrThrow({ where: { slug: "fictional-ministry" } });

    const curated = await send(ROLE, {
      input: {
        person: "fictional-ben-sample",
        title: "Fictional Minister of Examples",
        organization: "fictional-ministry",
        startDate: "2030-01-01",
        spanBasis: "BACKGROUND",
      },
    });
    const role = await database.db.role.findFirstOrThrow({ where: { personId: ben.id } });
    const roleId = toGlobalId("Role", role.id);
    expect(curated).toEqual({
      data: {
        createRole: {
          id: roleId,
          title: "Fictional Minister of Examples",
          startDate: "2030-01-01",
          organization: { slug: "fictional-ministry" },
          provenance: null,
        },
      },
    });
    expect(role).toMatchObject({ sourceId: null, start: null, exact: null });
    expect(
      await send(`query ($id: ID!) { node(id: $id) { __typename id ... on Role { title } } }`, { id: roleId }),
    ).toEqual({ data: { node: { __typename: "Role", id: roleId, title: "Fictional Minister of Examples" } } });
    expect(await send(`{ person(slug: "fictional-ben-sample") { roles { id title } } }`)).toEqual({
      data: { person: { roles: [{ id: roleId, title: "Fictional Minister of Examples" }] } },
    });

    const text = JSON.parse(readFileSync(EXAMPLE_FILE, "utf8")).source.text as string;
    const exact = "Ukrainian President Volodymyr Zelenskyy";
    const start = [...text.slice(0, text.indexOf(exact))].length;
    const sourced = await send(ROLE, {
      source: SOURCE,
      input: { person: "volodymyr-zelenskyy", title: "Fictional test title: President", span: { exact } },
    });
    expect(sourced.data).toEqual({
      createRole: {
        id: expect.any(String),
        title: "Fictional test title: President",
        startDate: null,
        organization: null,
        provenance: { exact, start, end: start + exact.length },
      },
    });

    const before = await tableCounts();
    const cases: [Record<string, unknown>, string | null, string, Record<string, unknown>][] = [
      [
        { person: "fictional-ministry", title: "Fictional title" },
        null,
        'input.person: "fictional-ministry" is a GOVERNMENT; only persons hold roles.',
        { field: "input.person" },
      ],
      [
        { person: "fictional-ben-sample", title: "Fictional title", startDate: "2030-01-01", span: { exact } },
        null,
        "input.span: a role without a source has no span; give `source` to cite one.",
        { field: "input.span" },
      ],
      [
        { person: "fictional-ben-sample", title: "Fictional title", span: { exact: "no such words, fictional" } },
        SOURCE,
        "input.span: the exact words do not occur in the source text.",
        { field: "input.span", expected: "no such words, fictional" },
      ],
      [
        { person: "fictional-ben-sample", title: " padded " },
        null,
        "input.title: must not start or end with whitespace.",
        {
          field: "input.title",
          problems: [{ field: "input.title", message: "must not start or end with whitespace" }],
        },
      ],
      [
        { person: "fictional-ben-sample", title: "Fictional Minister of Examples" },
        null,
        '"fictional-ben-sample" holds a role titled "Fictional Minister of Examples" among curated roles already.',
        { code: "CONFLICT", field: "input.title", existing: roleId },
      ],
    ];
    for (const [input, source, message, extensions] of cases) {
      expect({ input, body: await send(ROLE, { input, source }) }).toEqual({
        input,
        body: refused("createRole", message, { code: "BAD_USER_INPUT", argumentName: "input", ...extensions }),
      });
    }
    const stale = await send(UPDATE_ROLE, { id: roleId, version: 2, input: { endDate: "2031-12-31" } });
    expect(stale).toEqual(refused("updateRole", staleMessage("The role", 1, 2), staleExtensions(1, 2)));
    // An organization that still has a role in it, and a person who holds one, stay.
    const ministryInUse = await send(DELETE_ACTOR, { id: toGlobalId("CollectiveActor", ministry.id), version: 1 });
    expect(ministryInUse).toEqual(
      refused("deleteActor", 'The actor "fictional-ministry" is used by rolesAsOrganization (1); change those first.', {
        code: "CONFLICT",
        statements: 0,
        positions: 0,
        participations: 0,
        participationClaims: 0,
        roles: 0,
        rolesAsOrganization: 1,
      }),
    );
    const benToGroup = await send(UPDATE_ACTOR, {
      id: toGlobalId("Person", ben.id),
      version: 1,
      input: { kind: "GROUP" },
    });
    expect(benToGroup).toEqual(
      refused(
        "updateActor",
        'The person "fictional-ben-sample" holds 1 role(s), and would lose them as a GROUP; delete those first.',
        { code: "CONFLICT", argumentName: "input", field: "input.kind", roles: 1 },
      ),
    );
    expect(await tableCounts()).toEqual(before);

    const ended = await send(UPDATE_ROLE, { id: roleId, version: 1, input: { endDate: "2031-12-31" } });
    expect(ended).toEqual({
      data: { updateRole: { id: roleId, title: "Fictional Minister of Examples", endDate: "2031-12-31" } },
    });
    expect((await changesOf("Role", role.id)).map(({ action, before, after }) => ({ action, before, after }))).toEqual([
      expect.objectContaining({ action: "CREATE", after: expect.objectContaining({ sourceId: null }) }),
      { action: "UPDATE", before: { endDate: null }, after: { endDate: "2031-12-31T00:00:00.000Z" } },
    ]);

    const deleted = await send(DELETE_ROLE, { id: roleId, version: 2 });
    expect(deleted.data).toEqual({ deleteRole: { id: roleId, revision: { id: expect.any(String) } } });
    expect((await send(`query ($id: ID!) { node(id: $id) { id } }`, { id: roleId })).errors?.[0]?.extensions).toEqual(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    const deletedMinistry = await send(DELETE_ACTOR, { id: toGlobalId("CollectiveActor", ministry.id), version: 1 });
    expect(deletedMinistry.data).toEqual({
      deleteActor: { id: toGlobalId("CollectiveActor", ministry.id), revision: { id: expect.any(String) } },
    });
    expect((await changesOf("Actor", ministry.id)).at(-1)).toMatchObject({
      action: "DELETE",
      before: { slug: "fictional-ministry", person: null },
      revision: { operation: "deleteActor" },
    });
  });
});

const POSITION = /* GraphQL */ `
  mutation ($input: PositionInput!) {
    createPosition(input: $input, reason: "Fictional analysis") {
      id
      stance
      summary
      asOf
      holder {
        slug
      }
      evidence {
        nodes {
          id
        }
      }
    }
  }
`;

const UPDATE_POSITION = /* GraphQL */ `
  mutation ($id: ID!, $version: Int!, $input: PositionChanges!) {
    updatePosition(id: $id, version: $version, input: $input) {
      stance
      evidence {
        nodes {
          id
        }
      }
    }
  }
`;

const DELETE_POSITION = /* GraphQL */ `
  mutation ($id: ID!, $version: Int!) {
    deletePosition(id: $id, version: $version) {
      id
      revision {
        id
      }
    }
  }
`;

describe("positions", () => {
  it("creates a curated position with evidence, keeps its key unique, replaces evidence, and deletes it", async () => {
    const source = await database.db.source.findUniqueOrThrow({ where: { slug: SOURCE } });
    const statements = await database.db.statement.findMany({
      where: { sourceId: source.id, key: { in: ["trump-very-optimistic", "trump-europe-carries-burden"] } },
      orderBy: { key: "desc" },
    });
    const [optimistic, burden] = statements.map((s) => ({ row: s, id: toGlobalId("Statement", s.id) }));
    await send(ACTOR, {
      input: { slug: "fictional-analyst-desk", kind: "GROUP", name: "Fictional analyst desk" },
    });
    const input = {
      key: "fictional-desk-view",
      holder: "fictional-analyst-desk",
      topic: "ending-the-war-in-ukraine",
      stance: "OPEN",
      summary: "A fictional position for tests.",
      asOf: "2025-08-19",
      asOfBasis: "DERIVED",
      evidence: [optimistic!.id],
    };
    const created = await send(POSITION, { input });
    const stored = await database.db.position.findFirstOrThrow({ where: { key: "fictional-desk-view" } });
    const id = toGlobalId("Position", stored.id);
    expect(created).toEqual({
      data: {
        createPosition: {
          id,
          stance: "OPEN",
          summary: "A fictional position for tests.",
          asOf: "2025-08-19",
          holder: { slug: "fictional-analyst-desk" },
          evidence: { nodes: [{ id: optimistic!.id }] },
        },
      },
    });
    expect(stored.sourceId).toBeNull();
    expect(await changesOf("Position", stored.id)).toMatchObject([
      {
        action: "CREATE",
        after: { key: "fictional-desk-view", sourceId: null, evidence: [optimistic!.row.id] },
        revision: { operation: "createPosition", reason: "Fictional analysis" },
      },
    ]);

    const before = await tableCounts();
    const missingId = toGlobalId("Statement", 999_999);
    const cases: [Record<string, unknown>, string, Record<string, unknown>][] = [
      [
        { evidence: [] },
        "input.evidence: a position needs at least one statement as evidence.",
        {
          field: "input.evidence",
          problems: [{ field: "input.evidence", message: "a position needs at least one statement as evidence" }],
        },
      ],
      [
        { evidence: [optimistic!.id, missingId] },
        `input.evidence[1]: no statement has ID "${missingId}".`,
        { field: "input.evidence[1]" },
      ],
      [
        { evidence: [toGlobalId("Topic", 1)] },
        `input.evidence[0]: "${toGlobalId("Topic", 1)}" is not a Statement's ID.`,
        { field: "input.evidence[0]" },
      ],
      [
        { asOf: null, asOfBasis: null },
        "input.asOf: a curated position has no source to date it; give asOf and asOfBasis.",
        { field: "input.asOf" },
      ],
      [
        {},
        'A curated position has key "fictional-desk-view" already.',
        { code: "CONFLICT", field: "input.key", existing: id },
      ],
    ];
    for (const [change, message, extensions] of cases) {
      expect({ change, body: await send(POSITION, { input: { ...input, ...change } }) }).toEqual({
        change,
        body: refused("createPosition", message, { code: "BAD_USER_INPUT", argumentName: "input", ...extensions }),
      });
    }
    const stale = await send(UPDATE_POSITION, { id, version: 2, input: { stance: "SUPPORTS" } });
    expect(stale).toEqual(refused("updatePosition", staleMessage("The position", 1, 2), staleExtensions(1, 2)));
    expect(await tableCounts()).toEqual(before);

    // The cited statement cannot be deleted while the curated position cites it.
    const cited = await server.query(
      `mutation ($id: ID!, $version: Int!) { deleteStatement(id: $id, version: $version) { id } }`,
      { id: optimistic!.id, version: optimistic!.row.version },
      curator,
    );
    expect(cited.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('"curated/fictional-desk-view"'),
      extensions: { code: "CONFLICT" },
    });

    const replaced = await send(UPDATE_POSITION, {
      id,
      version: 1,
      input: { stance: "SUPPORTS", evidence: [burden!.id, optimistic!.id] },
    });
    expect(replaced).toEqual({
      data: {
        updatePosition: {
          stance: "SUPPORTS",
          evidence: { nodes: expect.arrayContaining([{ id: optimistic!.id }, { id: burden!.id }]) },
        },
      },
    });
    const ids = [optimistic!.row.id, burden!.row.id].sort((a, b) => a - b);
    expect((await changesOf("Position", stored.id))[1]).toMatchObject({
      action: "UPDATE",
      version: 2,
      before: { stance: "OPEN", evidence: [optimistic!.row.id] },
      after: { stance: "SUPPORTS", evidence: ids },
    });
    expect(await database.db.positionEvidence.count({ where: { positionId: stored.id } })).toBe(2);

    const deleted = await send(DELETE_POSITION, { id, version: 2 });
    expect(deleted.data).toEqual({ deletePosition: { id, revision: { id: expect.any(String) } } });
    expect(await database.db.positionEvidence.count({ where: { positionId: stored.id } })).toBe(0);
    expect((await changesOf("Position", stored.id))[2]).toMatchObject({
      action: "DELETE",
      before: { key: "fictional-desk-view", stance: "SUPPORTS", evidence: ids },
    });
    // Deleted, its key is free again; the holder, no longer holding it, can go too.
    const again = await send(POSITION, { input });
    expect(again.data).toEqual({ createPosition: expect.objectContaining({ summary: input.summary }) });
    const holder = await database.db.actor.findUniqueOrThrow({ where: { slug: "fictional-analyst-desk" } });
    const holderInUse = await send(DELETE_ACTOR, { id: toGlobalId("CollectiveActor", holder.id), version: 1 });
    expect(holderInUse.errors?.[0]).toMatchObject({
      message: 'The actor "fictional-analyst-desk" is used by positions (1); change those first.',
      extensions: { code: "CONFLICT", positions: 1 },
    });
  });
});

describe("what only the database knows", () => {
  it("refuses a time zone Node knows and PostgreSQL does not with BAD_USER_INPUT, writing nothing", async () => {
    const before = await tableCounts();
    const response = await send(EVENT, {
      input: { ...FICTIONAL_SUMMIT, slug: "fictional-old-zone-summit", timeZone: "US/Pacific-New" },
    });
    expect(response).toEqual({
      data: null,
      errors: [
        {
          message:
            'The change breaks a rule the database keeps: time zone "US/Pacific-New" not recognized. Nothing was written.',
          path: ["createEvent"],
          locations: [{ line: 3, column: 5 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
    expect(await tableCounts()).toEqual(before);
  });
});

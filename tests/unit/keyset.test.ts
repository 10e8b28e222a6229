import type { PageWindow, SortKey } from "../../src/common/keyset";
import {
  assemblePage,
  decodeCursor,
  encodeCursor,
  listFingerprint,
  orderTerms,
  pageWindow,
  seekCondition,
} from "../../src/common/keyset";

const READING: SortKey[] = [
  { sql: `s."sourceId"`, type: "int" },
  { sql: `s."start"`, type: "int" },
  { sql: `s."id"`, type: "int" },
];
const BY_COUNT: SortKey[] = [
  { sql: `a."statementCount"`, type: "int", descending: true },
  { sql: `a."name"`, type: "text" },
  { sql: `a."id"`, type: "int" },
];

const cursorOf = (identity: string, values: string[], scope = "Statement") =>
  encodeCursor(scope, listFingerprint(identity), values);

describe("cursors", () => {
  it("round-trip the sort key values of their list", () => {
    const cursor = cursorOf("statements {}", ["1", "316", "12"]);
    expect(decodeCursor(cursor, "after", "Statement", listFingerprint("statements {}"), READING)).toEqual([
      "1",
      "316",
      "12",
    ]);
  });

  it("are refused by another list, another filter or order, and another kind of list", () => {
    const cursor = cursorOf("statements {}", ["1", "316", "12"]);
    const message = `"${cursor}" is not a cursor of this list. Use a \`cursor\`, \`startCursor\` or \`endCursor\` it returned.`;
    for (const identity of ['statements {"speakerIds":[3]}', "statements {} SAID_AT ASC", "Actor.statements:3"]) {
      expect(() => decodeCursor(cursor, "after", "Statement", listFingerprint(identity), READING)).toThrow(message);
    }
    expect(() => decodeCursor(cursor, "after", "Position", listFingerprint("statements {}"), READING)).toThrow(message);
  });

  it("refuse values that do not fit their key types, and the wrong number of keys", () => {
    const fingerprint = listFingerprint("l");
    const refused = (keys: SortKey[], values: unknown[]) =>
      expect(() =>
        decodeCursor(
          Buffer.from(`cursor:v2:S:${fingerprint}:${JSON.stringify(values)}`).toString("base64url"),
          "before",
          "S",
          fingerprint,
          keys,
        ),
      ).toThrow("is not a cursor of this list");
    refused(READING, ["1", "2"]);
    refused(READING, ["1", "2", "x"]);
    refused(READING, [1, 2, 3]);
    refused(READING, ["1", "2", "99999999999"]);
    refused([{ sql: "d", type: "date" }], ["2025-02-30"]);
    refused([{ sql: "t", type: "timestamptz" }], ["2025-08-15"]);
    refused([{ sql: "t", type: "timestamptz" }], ["tomorrow"]);
    refused([{ sql: "r", type: "real" }], ["0.5; DROP TABLE x"]);
    refused([{ sql: "n", type: "text" }], ["a\0b"]);
  });

  it("normalise instants, keep infinities, and take ranks as PostgreSQL prints them", () => {
    const keys: SortKey[] = [
      { sql: "t", type: "timestamptz" },
      { sql: "u", type: "timestamptz" },
      { sql: "r", type: "real" },
      { sql: "d", type: "date" },
    ];
    const values = ["2025-08-15T11:00:00-08:00", "infinity", "6.0792708e-02", "2025-08-15"];
    expect(decodeCursor(cursorOf("l", values, "S"), "after", "S", listFingerprint("l"), keys)).toEqual([
      "2025-08-15T19:00:00.000Z",
      "infinity",
      "6.0792708e-02",
      "2025-08-15",
    ]);
  });
});

describe("page windows", () => {
  it("read forwards by default, backwards for `last`, with the default size", () => {
    expect(pageWindow({}, "S", "l", READING, 20)).toEqual({ size: 20, backward: false });
    expect(pageWindow({ last: 3 }, "S", "l", READING, 20)).toEqual({ size: 3, backward: true });
    const after = cursorOf("l", ["1", "2", "3"], "S");
    expect(pageWindow({ first: 5, after, before: after }, "S", "l", READING, 20)).toEqual({
      size: 5,
      backward: false,
      after: ["1", "2", "3"],
      before: ["1", "2", "3"],
    });
  });
});

describe("seek conditions", () => {
  it("compare rows where all keys run one way, led by a bound on the first key", () => {
    const after = seekCondition(READING, ["1", "316", "12"], "after");
    expect(after.text).toBe(
      `s."sourceId" >= $1::int AND (s."sourceId", s."start", s."id") > ($2::int,$3::int,$4::int)`,
    );
    expect(after.values).toEqual(["1", "1", "316", "12"]);
    const before = seekCondition(READING, ["1", "316", "12"], "before");
    expect(before.text).toBe(
      `s."sourceId" <= $1::int AND (s."sourceId", s."start", s."id") < ($2::int,$3::int,$4::int)`,
    );
  });

  it("expand lexicographically where directions are mixed", () => {
    const after = seekCondition(BY_COUNT, ["40", "Ada", "7"], "after");
    expect(after.text).toBe(
      `a."statementCount" <= $1::int AND (a."statementCount" < $2::int OR (a."statementCount" = $3::int AND (a."name" > $4::text OR (a."name" = $5::text AND a."id" > $6::int))))`,
    );
    expect(after.values).toEqual(["40", "40", "40", "Ada", "Ada", "7"]);
  });

  it("orders forwards and reversed for reading backwards", () => {
    expect(orderTerms(BY_COUNT, false).sql).toBe(`a."statementCount" DESC, a."name" ASC, a."id" ASC`);
    expect(orderTerms(BY_COUNT, true).sql).toBe(`a."statementCount" ASC, a."name" DESC, a."id" DESC`);
  });
});

describe("assemblePage", () => {
  const rows = (ids: number[]) => ids.map((id) => ({ id, _k0: String(id) }));
  const ID: SortKey[] = [{ sql: "id", type: "int" }];
  const page = (read: number[], window: PageWindow) => {
    const result = assemblePage(rows(read), window, "S", "l", ID.length);
    return {
      ids: result.rows.map((row) => row.id),
      hasPreviousPage: result.hasPreviousPage,
      hasNextPage: result.hasNextPage,
      cursors: result.cursors.map((cursor) => decodeCursor(cursor, "after", "S", listFingerprint("l"), ID)[0]),
    };
  };

  it("uses the extra row only to tell that more follow, and the cursors for the other side", () => {
    expect(page([1, 2, 3], { size: 2, backward: false })).toEqual({
      ids: [1, 2],
      hasPreviousPage: false,
      hasNextPage: true,
      cursors: ["1", "2"],
    });
    expect(page([3, 4], { size: 2, backward: false, after: ["2"] })).toEqual({
      ids: [3, 4],
      hasPreviousPage: true,
      hasNextPage: false,
      cursors: ["3", "4"],
    });
    expect(page([], { size: 2, backward: false, after: ["9"], before: ["10"] })).toEqual({
      ids: [],
      hasPreviousPage: true,
      hasNextPage: true,
      cursors: [],
    });
  });

  it("restores the list's order when reading backwards", () => {
    expect(page([9, 8, 7], { size: 2, backward: true })).toEqual({
      ids: [8, 9],
      hasPreviousPage: true,
      hasNextPage: false,
      cursors: ["8", "9"],
    });
    expect(page([6], { size: 2, backward: true, before: ["7"] })).toEqual({
      ids: [6],
      hasPreviousPage: false,
      hasNextPage: true,
      cursors: ["6"],
    });
  });
});

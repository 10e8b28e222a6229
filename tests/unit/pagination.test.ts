import { paginate } from "../../src/common/connection";

const ids = [10, 11, 12, 13, 14];
const cursor = (scope: string, key: number | string) => Buffer.from(`cursor:v1:${scope}:${key}`).toString("base64url");
const page = (keys: number[], hasPreviousPage: boolean, hasNextPage: boolean) => {
  const cursors = keys.map((key) => cursor("Statement", key));
  return {
    ids: keys,
    cursors,
    totalCount: 5,
    pageInfo: { hasPreviousPage, hasNextPage, startCursor: cursors[0] ?? null, endCursor: cursors.at(-1) ?? null },
  };
};

describe("paginate", () => {
  it("pages forward with exact page info", () => {
    expect(paginate(ids, { first: 2 }, "Statement")).toEqual(page([10, 11], false, true));
    expect(paginate(ids, { first: 2, after: cursor("Statement", 11) }, "Statement")).toEqual(
      page([12, 13], true, true),
    );
    expect(paginate(ids, { first: 2, after: cursor("Statement", 13) }, "Statement")).toEqual(page([14], true, false));
  });

  it("pages backward with last/before", () => {
    expect(paginate(ids, { last: 2 }, "Statement")).toEqual(page([13, 14], true, false));
    expect(paginate(ids, { last: 2, before: cursor("Statement", 13) }, "Statement")).toEqual(
      page([11, 12], true, true),
    );
    expect(paginate(ids, { last: 3, before: cursor("Statement", 12) }, "Statement")).toEqual(
      page([10, 11], false, true),
    );
  });

  it("combines after with before, first with before, last with after", () => {
    const between = { after: cursor("Statement", 10), before: cursor("Statement", 14) };
    expect(paginate(ids, between, "Statement")).toEqual(page([11, 12, 13], true, true));
    expect(paginate(ids, { ...between, first: 2 }, "Statement")).toEqual(page([11, 12], true, true));
    expect(paginate(ids, { ...between, last: 2 }, "Statement")).toEqual(page([12, 13], true, true));
    expect(paginate(ids, { after: cursor("Statement", 13), before: cursor("Statement", 11) }, "Statement")).toEqual(
      page([], true, true),
    );
  });

  it("returns an empty page with null cursors past the end, and defaults to 20", () => {
    expect(paginate(ids, { after: cursor("Statement", 14) }, "Statement")).toEqual(page([], true, false));
    expect(paginate(ids, {}, "Statement")).toEqual(page(ids, false, false));
  });

  it("refuses a cursor of another kind of list, a non-canonical key, and a key not in the list", () => {
    expect(() => paginate(ids, { after: cursor("Position", 11) }, "Statement")).toThrow(
      `"${cursor("Position", 11)}" is not a cursor of this list.`,
    );
    expect(() => paginate(ids, { after: cursor("Statement", "1.1e1") }, "Statement")).toThrow(
      "is not a cursor of this list",
    );
    expect(() => paginate(ids, { after: cursor("Statement", "11e0") }, "Statement")).toThrow(
      "does not point into this list (was the item removed?)",
    );
  });
});

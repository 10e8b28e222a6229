import { paginate } from "../../src/common/connection";

const ids = [10, 11, 12, 13, 14];

describe("paginate", () => {
  it("pages forward with exact page info", () => {
    const first = paginate(ids, { first: 2 });
    expect(first.ids).toEqual([10, 11]);
    expect(first.pageInfo).toEqual({
      hasPreviousPage: false,
      hasNextPage: true,
      startCursor: first.cursors[0],
      endCursor: first.cursors[1],
    });
    const second = paginate(ids, { first: 2, after: first.pageInfo.endCursor! });
    expect(second.ids).toEqual([12, 13]);
    expect(second.pageInfo.hasPreviousPage).toBe(true);
    const last = paginate(ids, { first: 2, after: second.pageInfo.endCursor! });
    expect(last.ids).toEqual([14]);
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(last.totalCount).toBe(5);
  });

  it("pages backward with last/before", () => {
    const end = paginate(ids, { last: 2 });
    expect(end.ids).toEqual([13, 14]);
    expect(end.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = paginate(ids, { last: 2, before: end.pageInfo.startCursor! });
    expect(before.ids).toEqual([11, 12]);
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it("returns an empty page with null cursors past the end", () => {
    const end = paginate(ids, { first: 5 });
    expect(paginate(ids, { after: end.pageInfo.endCursor! })).toEqual({
      ids: [],
      cursors: [],
      totalCount: 5,
      pageInfo: { hasPreviousPage: true, hasNextPage: false, startCursor: null, endCursor: null },
    });
  });
});

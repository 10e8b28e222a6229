import { fieldChanges, modelOf } from "../../src/modules/revision/revision.service";

describe("fieldChanges", () => {
  it("lists an update's changed fields by name, before and after", () => {
    expect(fieldChanges({ before: { text: "old", verb: null }, after: { text: "new", verb: "said" } })).toEqual([
      { field: "text", before: "old", after: "new" },
      { field: "verb", before: null, after: "said" },
    ]);
  });

  it("gives a create's fields after only, a delete's before only", () => {
    expect(fieldChanges({ before: null, after: { b: 2, a: [1] } })).toEqual([
      { field: "a", before: null, after: [1] },
      { field: "b", before: null, after: 2 },
    ]);
    expect(fieldChanges({ before: { a: { x: 1 } }, after: null })).toEqual([
      { field: "a", before: { x: 1 }, after: null },
    ]);
  });

  it("lists a field that only one side records", () => {
    expect(fieldChanges({ before: {}, after: { topics: ["a"] } })).toEqual([
      { field: "topics", before: null, after: ["a"] },
    ]);
  });

  it("lists nothing for a change that recorded no field", () => {
    expect(fieldChanges({ before: {}, after: {} })).toEqual([]);
  });
});

describe("modelOf", () => {
  it("names the storage model of each versioned type, and none for others", () => {
    expect(modelOf("Person")).toBe("Actor");
    expect(modelOf("CollectiveActor")).toBe("Actor");
    expect(modelOf("Statement")).toBe("Statement");
    expect(modelOf("Role")).toBe("Role");
    expect(modelOf("Revision")).toBeUndefined();
  });
});

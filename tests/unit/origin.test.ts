import { originAllowed } from "../../src/server";

describe("originAllowed", () => {
  const allowed = ["http://localhost:*", "https://news.example"];

  it.each([
    ["http://localhost:5173", true],
    ["http://localhost:80", true],
    ["https://news.example", true],
    ["http://localhost", true],
    ["http://localhost:", false],
    ["https://localhost", false],
    ["http://localhost:5173.evil.example", false],
    ["http://localhost.evil.example:80", false],
    ["https://news.example.evil", false],
  ])("%s → %s", (origin, expected) => {
    expect(originAllowed(origin, allowed)).toBe(expected);
  });

  it("allows anything with *", () => {
    expect(originAllowed("https://anywhere.example", ["*"])).toBe(true);
  });
});

import type { Audit, AuditResult } from "graphql-http";
import { serverAudits } from "graphql-http";
import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";

/**
 * The GraphQL-over-HTTP compliance suite of the `graphql-http` package, run over real HTTP
 * against the real server. Every MUST audit is a test; SHOULD and MAY audits are only
 * reported (printed at the end), since the spec leaves them to the server.
 */

let fixture: SeededFixture;
beforeAll(async () => {
  fixture = await seededFixture();
});
afterAll(() => closeFixture(fixture));

interface Exchange {
  request: string;
  response: string;
}

/** The requests an audit sent and what came back, so a failure shows both. */
let exchanges: Exchange[] = [];

const SHOWN_BODY = 600;

function clip(text: string): string {
  return text.length > SHOWN_BODY ? `${text.slice(0, SHOWN_BODY)}… (${text.length} characters)` : text;
}

async function recordingFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const sentBody = request.body ? await request.clone().text() : "";
  const headers = [...request.headers].map(([name, value]) => `${name}: ${value}`).join("; ");
  const response = await fetch(request);
  const received = await response.clone().text();
  const responseHeaders = ["content-type", "allow"]
    .map((name) => [name, response.headers.get(name)] as const)
    .filter(([, value]) => value !== null)
    .map(([name, value]) => `${name}: ${value}`)
    .join("; ");
  exchanges.push({
    request: `${request.method} ${new URL(request.url).search || "(no query string)"} [${headers}] ${clip(sentBody)}`,
    response: `${response.status} [${responseHeaders}] ${clip(received)}`,
  });
  return response;
}

const audits = serverAudits({ url: () => fixture.server.url, fetchFn: recordingFetch });

function describeFailure(result: AuditResult, sent: Exchange[]): string {
  if (result.status === "ok") return "";
  return [
    `audit ${result.id} "${result.name}" failed (${result.status}): ${result.reason}`,
    ...sent.map(({ request, response }, index) => `  #${index + 1} sent: ${request}\n     got:  ${response}`),
  ].join("\n");
}

async function runAudit(audit: Audit): Promise<{ result: AuditResult; sent: Exchange[] }> {
  exchanges = [];
  const result = await audit.fn();
  return { result, sent: exchanges };
}

const must = audits.filter((audit) => audit.name.startsWith("MUST"));
const optional = audits.filter((audit) => !audit.name.startsWith("MUST"));

describe("GraphQL over HTTP: graphql-http's MUST audits", () => {
  it("are the thirteen of graphql-http 1.23 (an upgrade that changes them is to be read, not skipped)", () => {
    expect(must.map((audit) => audit.id)).toEqual([
      "4655",
      "82A3",
      "BF61",
      "78D5",
      "2C94",
      "03D4",
      "13EE",
      "B8B3",
      "0220",
      "0221",
      "0222",
      "28B9",
      "1B7A",
    ]);
  });

  it.each(must.map((audit) => [`${audit.id} ${audit.name}`, audit] as const))("%s", async (_title, audit) => {
    const { result, sent } = await runAudit(audit);
    expect(describeFailure(result, sent)).toBe("");
  });
});

describe("GraphQL over HTTP: graphql-http's SHOULD and MAY audits (reported, not asserted)", () => {
  it("runs each to the end and prints which pass", async () => {
    const lines: string[] = [];
    for (const audit of optional) {
      const { result, sent } = await runAudit(audit);
      lines.push(result.status === "ok" ? `ok      ${audit.id} ${audit.name}` : describeFailure(result, sent));
    }
    console.log(`graphql-http SHOULD/MAY audits (${optional.length}):\n${lines.join("\n")}`);
    expect(lines).toHaveLength(optional.length);
  });
});

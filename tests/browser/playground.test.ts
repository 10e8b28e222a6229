import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { DEFAULT_PLAYGROUND_DIR, mountPlayground } from "../../src/playground/playground";
import type { SeededFixture } from "../helpers/fixture";
import { closeFixture, seededFixture } from "../helpers/fixture";
import type { GraphQLResponse } from "../helpers/server";
import { splitCost } from "../helpers/server";

/** Debian's package (`apt-get install chromium`); playwright's own browser downloads are unreachable here. */
const CHROMIUM = "/usr/bin/chromium";
/** playwright-core adds --headless and a fresh, temporary --user-data-dir itself. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];
const EXAMPLES_DIR = path.join(__dirname, "../../examples/operations");

/** An example's operation by its name (file name without an ordering prefix such as "1-"). */
function exampleOperation(name: string): string {
  const file = readdirSync(EXAMPLES_DIR).find((entry) => entry.replace(/^\d+[-_.]/, "") === `${name}.graphql`);
  if (!file) throw new Error(`no example named ${name} in ${EXAMPLES_DIR}`);
  return readFileSync(path.join(EXAMPLES_DIR, file), "utf8");
}

/** The parts of Monaco's API (`window.monaco`, see playground/main.tsx) the page is read through. */
interface MonacoGlobal {
  monaco?: {
    editor: {
      getEditors(): { getValue(): string; getContainerDomNode(): { closest(selector: string): unknown } }[];
    };
  };
}

let fixture: SeededFixture;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: install Debian's package with \`apt-get install -y chromium\``,
    );
  }
  if (!existsSync(path.join(DEFAULT_PLAYGROUND_DIR, "index.html"))) {
    throw new Error("The playground is not built: run `node scripts/build-playground.mjs` (npm install runs it)");
  }
  fixture = await seededFixture();
  origin = new URL(fixture.server.url).origin;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await closeFixture(fixture);
});

interface OpenedPlayground {
  page: Page;
  /** Every URL the page and its workers requested so far. */
  requested: string[];
  /** Uncaught exceptions and console errors (a request refused by the page's CSP is one). */
  pageErrors: string[];
}

/** Opens GET / in a fresh browser context (empty storage) and runs `use` on it. */
async function withPlayground(use: (opened: OpenedPlayground) => Promise<void>): Promise<void> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const opened: OpenedPlayground = { page: await context.newPage(), requested: [], pageErrors: [] };
  context.on("request", (request) => opened.requested.push(request.url()));
  opened.page.on("pageerror", (error) => opened.pageErrors.push(error.message));
  opened.page.on("console", (message) => {
    if (message.type() === "error") opened.pageErrors.push(message.text());
  });
  try {
    const response = await opened.page.goto(`${origin}/`);
    expect(response?.status()).toBe(200);
    await use(opened);
    expect(opened.requested.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(opened.pageErrors).toEqual([]);
  } catch (error) {
    const file = path.join(os.tmpdir(), "playground-test-failure.png");
    await opened.page.screenshot({ path: file }).catch(() => undefined);
    throw new Error(`${(error as Error).message}\n(screenshot of the page: ${file})`, { cause: error });
  } finally {
    await context.close();
  }
}

/**
 * The whole text of the Monaco editor inside `container` (Monaco renders only the lines in view),
 * as soon as that editor exists and contains `expected`.
 */
async function readEditor(page: Page, container: string, expected: string): Promise<string> {
  const handle = await page.waitForFunction(
    ({ container, expected }) => {
      const editors = (globalThis as MonacoGlobal).monaco?.editor.getEditors() ?? [];
      const text = editors.find((editor) => editor.getContainerDomNode().closest(container))?.getValue();
      // Wrapped: waitForFunction keeps waiting on a falsy value such as "".
      return text !== undefined && text.includes(expected) ? { text } : null;
    },
    { container, expected },
    { timeout: 15_000 },
  );
  return ((await handle.jsonValue()) as { text: string }).text;
}

test("runs the summit example picked from the list and shows the server's whole answer, all from its own origin", async () => {
  const expected = await fixture.server.query(exampleOperation("summit-context"));
  expect(expected.body.errors).toBeUndefined();
  expect(expected.body.data?.event).toEqual(expect.objectContaining({ title: expect.any(String) }));

  await withPlayground(async ({ page, requested }) => {
    // From an empty tab, so that picking the example is what puts it in the editor.
    await page.getByRole("button", { name: "New tab" }).click();
    await page.locator(".graphiql-tab-active", { hasText: "<untitled>" }).waitFor();
    const example = page.locator('[data-example="summit-context"]');
    await expect(example.textContent()).resolves.toContain("The summit's context");
    await example.click();
    await readEditor(page, ".graphiql-query-editor", "query SummitContext(");
    await page.locator(".graphiql-tab-active", { hasText: "SummitContext" }).waitFor();
    // GraphiQL ignores the run button until its response editor exists.
    await readEditor(page, ".result-window", "");
    await page.locator(".graphiql-execute-button").click();

    const shown = await readEditor(page, ".result-window", "{");
    const answer = splitCost(JSON.parse(shown) as GraphQLResponse["body"]);
    expect(answer.body).toEqual(expected.body);
    expect(answer.cost).toEqual(expected.cost);
    expect(requested).toContain(`${origin}/graphql`);
  });
});

test("runs an example with Ctrl-Enter right after it is picked, shown from its first line", async () => {
  const expected = await fixture.server.query(exampleOperation("topics"));
  expect(expected.body.errors).toBeUndefined();

  await withPlayground(async ({ page }) => {
    // The summit example, open at start, is long: scroll its editor down first.
    await readEditor(page, ".graphiql-query-editor", "query SummitContext(");
    await page.evaluate(() => {
      const editors = (globalThis as MonacoGlobal).monaco?.editor.getEditors() ?? [];
      for (const editor of editors) (editor as unknown as { setScrollTop(top: number): void }).setScrollTop(10_000);
    });
    await readEditor(page, ".result-window", "");
    await page.locator('[data-example="topics"]').click();
    await readEditor(page, ".graphiql-query-editor", "query Topics");
    await page.locator(".graphiql-tab-active", { hasText: "Topics" }).waitFor();
    // GraphiQL reads the operations of a changed document 100 ms after the change, as a person's
    // next key press would come; then, with no click into the editor, Ctrl-Enter runs the example.
    await page.waitForTimeout(300);
    await page.keyboard.press("Control+Enter");
    const shown = await readEditor(page, ".result-window", "{");
    expect(splitCost(JSON.parse(shown) as GraphQLResponse["body"]).body).toEqual(expected.body);
    const scrollTop = await page.evaluate(() => {
      const editors = (globalThis as MonacoGlobal).monaco?.editor.getEditors() ?? [];
      const query = editors.find((editor) => editor.getContainerDomNode().closest(".graphiql-query-editor"));
      return (query as unknown as { getScrollTop(): number } | undefined)?.getScrollTop();
    });
    expect(scrollTop).toBe(0);
  });
});

test("the documentation explorer shows the schema's types and fields", async () => {
  await withPlayground(async ({ page }) => {
    await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
    const docs = page.locator(".graphiql-doc-explorer");
    await docs.getByText("Query", { exact: true }).first().click();
    await expect(docs.locator(".graphiql-doc-explorer-title").textContent()).resolves.toBe("Query");
    await expect(docs.textContent()).resolves.toContain("event");
  });
});

test("GET /sandbox sends browsers to Apollo's landing page (Apollo Sandbox) on /graphql", async () => {
  const redirect = await fetch(`${origin}/sandbox`, { redirect: "manual" });
  expect(redirect.status).toBe(302);
  expect(redirect.headers.get("location")).toBe("/graphql");

  const landing = await fetch(`${origin}/graphql`, { headers: { accept: "text/html" } });
  expect(landing.status).toBe(200);
  await expect(landing.text()).resolves.toContain("embeddable-sandbox");
});

test("GET / explains how to build the page while it is not built", async () => {
  const emptyDir = mkdtempSync(path.join(os.tmpdir(), "playground-unbuilt-"));
  const app = express();
  mountPlayground(app, { distDir: emptyDir });
  const server = app.listen(0, "127.0.0.1");
  try {
    await new Promise((resolve) => server.once("listening", resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    await expect(response.text()).resolves.toContain(
      "run `npm install`, or build it alone with `node scripts/build-playground.mjs`",
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
    rmSync(emptyDir, { recursive: true, force: true });
  }
});

import type { GraphiQLPlugin } from "@graphiql/react";
import { pick, useGraphiQL, useGraphiQLActions } from "@graphiql/react";
import type { GraphiQLProps } from "graphiql";
import { GraphiQL, HISTORY_PLUGIN } from "graphiql";
import type { Example } from "playground:examples";
import examples from "playground:examples";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

// Monaco's workers are bundled next to this file by scripts/build-playground.mjs: the page loads
// nothing from outside its own origin. `globalAPI` exposes `window.monaco`, which the browser test
// uses to read the whole response (the editor only renders the lines in view).
self.MonacoEnvironment = {
  globalAPI: true,
  getWorker(_workerId: string, label: string) {
    const file = label === "json" ? "json.worker.js" : label === "graphql" ? "graphql.worker.js" : "editor.worker.js";
    return new Worker(new URL(`./${file}`, import.meta.url), { name: label });
  },
};

const ENDPOINT = "/graphql";

const fetcher: GraphiQLProps["fetcher"] = async (params, options) => {
  const response = await fetch(ENDPOINT, {
    method: "POST",
    headers: {
      accept: "application/graphql-response+json, application/json",
      "content-type": "application/json",
      ...options?.headers,
    },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${ENDPOINT} answered ${response.status} ${response.statusText}: ${text.slice(0, 500)}`);
  }
};

function ExamplesIcon() {
  return (
    <svg height="1em" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M8 6h13M8 12h13M8 18h13" strokeLinecap="round" />
      <circle cx="3.5" cy="6" r="1.2" fill="currentColor" />
      <circle cx="3.5" cy="12" r="1.2" fill="currentColor" />
      <circle cx="3.5" cy="18" r="1.2" fill="currentColor" />
    </svg>
  );
}

/** Opens an example in a tab of its own, or switches to the tab that already holds it unchanged. */
function ExamplesContent() {
  const { tabs, queryEditor, variableEditor } = useGraphiQL(pick("tabs", "queryEditor", "variableEditor"));
  const { addTab, changeTab, setOperationName } = useGraphiQLActions();
  // The editors load after the list shows; a click before that would open an empty tab.
  const ready = queryEditor !== undefined && variableEditor !== undefined;

  function open(example: Example) {
    const existing = tabs.findIndex(
      (tab) => tab.query === example.query && (tab.variables ?? "") === example.variables,
    );
    if (existing !== -1) {
      changeTab(existing);
    } else {
      addTab();
      queryEditor?.setValue(example.query);
      variableEditor?.setValue(example.variables);
    }
    // GraphiQL derives the operation name from the editor 100 ms after a change: until then a run
    // would send the previous tab's name.
    if (example.operationName) setOperationName(example.operationName);
    // The operation shows from its first line, and Ctrl-Enter runs it right away: keys go to the editor.
    queryEditor?.setScrollTop(0);
    queryEditor?.setPosition({ lineNumber: 1, column: 1 });
    queryEditor?.focus();
  }

  return (
    <section className="playground-examples" aria-label="Example operations">
      <div className="graphiql-doc-explorer-title">Examples</div>
      <p>Pick an example, then run it with the ▶ button (or Ctrl-Enter).</p>
      <ul>
        {examples.map((example) => (
          <li key={example.name}>
            <button type="button" data-example={example.name} disabled={!ready} onClick={() => open(example)}>
              <span className="playground-example-title">{example.title}</span>
              <span className="playground-example-operation">
                {example.operationType} {example.operationName ?? "(anonymous)"}
                {example.variables ? " · with variables" : ""}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <p className="playground-examples-footer">
        The Docs panel (book icon) documents every type and field. Prefer Apollo Sandbox? Open{" "}
        <a href="/sandbox">/sandbox</a> (it loads from Apollo&apos;s CDN, so it needs internet).
      </p>
    </section>
  );
}

const EXAMPLES_PLUGIN: GraphiQLPlugin = { title: "Examples", icon: ExamplesIcon, content: ExamplesContent };

const first = examples[0];

createRoot(document.getElementById("playground")!).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      plugins={[EXAMPLES_PLUGIN, HISTORY_PLUGIN]}
      visiblePlugin={EXAMPLES_PLUGIN}
      defaultTabs={first ? [{ query: first.query, variables: first.variables }] : undefined}
    >
      <GraphiQL.Logo>News context</GraphiQL.Logo>
    </GraphiQL>
  </StrictMode>,
);

/** The example operations, read from examples/operations/ by scripts/build-playground.mjs at build time. */
declare module "playground:examples" {
  export interface Example {
    /** File name without `.graphql`, e.g. `summit-context`. */
    name: string;
    /** From the file's `# Title: ...` line. */
    title: string;
    /** `query`, `mutation` or `subscription`. */
    operationType: string;
    operationName: string | null;
    /** The file's text without its title line. */
    query: string;
    /** The sibling `<name>.variables.json`, pretty-printed; empty when there is none. */
    variables: string;
  }
  const examples: Example[];
  export default examples;
}

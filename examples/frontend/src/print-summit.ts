/**
 * Prints the summit's context from Node 20+ (which has `fetch`):
 *   node -r @swc-node/register examples/frontend/src/print-summit.ts [http://localhost:4000/graphql]
 */
import { fetchSummitContext } from "./summit";

async function main(url: string): Promise<void> {
  const summit = await fetchSummitContext(url);
  const place = summit.location ? `${summit.location.name}, ${summit.location.locality ?? ""}` : "place unknown";
  console.log(
    `${summit.title} (${summit.kind}, ${summit.status}), ${summit.startsAt ?? "undated"} ${summit.timeZone ?? ""}`,
  );
  console.log(`at ${place}`);
  console.log(`with ${summit.participants.map(({ actor, role }) => `${actor.name} (${role})`).join(", ")}`);
  console.log(`\n${summit.statements.totalCount} statements:`);
  for (const statement of summit.statements.nodes) {
    console.log(`- ${statement.speaker.name} ${statement.verb ?? "said"} (${statement.kind}): ${statement.text}`);
  }
  console.log(`\npositions:`);
  for (const position of summit.positions.nodes) {
    console.log(`- ${position.holder.name} on ${position.topic.name}: ${position.stance}, ${position.summary}`);
  }
}

main(process.argv[2] ?? "http://localhost:4000/graphql").catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

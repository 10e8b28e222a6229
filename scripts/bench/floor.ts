/**
 * The floor the benchmark measures the server against: the summit query's data assembled by one
 * hand-written SQL statement (json_agg over LATERAL subqueries) through `pg`, behind a bare
 * `node:http` handler. No GraphQL, no validation, no Prisma: what reading the same rows costs.
 *
 *   node -r @swc-node/register scripts/bench/floor.ts <database-url> <port>
 */
import http from "node:http";
import pg from "pg";
import { connectionSettings } from "../../src/db/client";

export const SUMMIT_SQL = `
SELECT json_build_object(
  'id', e.id, 'slug', e.slug, 'title', e.title, 'kind', e.kind, 'startsAt', e."startsAt",
  'timeZone', e."timeZone", 'timePrecision', e."timePrecision", 'status', e.status,
  'location', (SELECT json_build_object('name', pl.name, 'locality', pl.locality, 'region', pl.region, 'country', pl.country)
               FROM "Place" pl WHERE pl.id = e."placeId"),
  'participants', (SELECT coalesce(json_agg(json_build_object('role', ep.role, 'actor',
                     json_build_object('kind', a.kind, 'id', a.id, 'slug', a.slug, 'name', a.name)) ORDER BY ep.role, ep."actorId"), '[]')
                   FROM "EventParticipant" ep JOIN "Actor" a ON a.id = ep."actorId" WHERE ep."eventId" = e.id),
  'subEvents', (SELECT coalesce(json_agg(json_build_object('slug', se.slug, 'title', se.title, 'kind', se.kind,
                  'startsAt', se."startsAt", 'status', se.status) ORDER BY se."startsAt", se.id), '[]')
                FROM "Event" se WHERE se."parentId" = e.id),
  'statements', json_build_object(
    'totalCount', (SELECT count(*) FROM event_statement_ids(e.id)),
    'edges', (SELECT coalesce(json_agg(json_build_object('cursor', s.id, 'node', json_build_object(
                'id', s.id, 'kind', s.kind, 'text', s.text, 'verb', s.verb,
                'speaker', (SELECT json_build_object('kind', a.kind, 'slug', a.slug, 'name', a.name) FROM "Actor" a WHERE a.id = s."speakerId"),
                'occasion', (SELECT json_build_object('slug', o.slug) FROM "Event" o WHERE o.id = s."occasionId"),
                'topics', (SELECT coalesce(json_agg(json_build_object('slug', t.slug) ORDER BY t.name), '[]')
                           FROM "StatementTopic" st JOIN "Topic" t ON t.id = st."topicId" WHERE st."statementId" = s.id),
                'provenance', json_build_object('source', json_build_object('id', s."sourceId"), 'start', s.start, 'end', s."end",
                                                'exact', s.exact, 'prefix', s.prefix, 'suffix', s.suffix)))
                ORDER BY s."sourceId", s.start, s.id), '[]')
              FROM (SELECT * FROM "Statement" s WHERE s.id IN (SELECT event_statement_ids(e.id))
                    ORDER BY s."sourceId", s.start, s.id LIMIT 20) s)),
  'positions', json_build_object(
    'totalCount', (SELECT count(DISTINCT pe."positionId") FROM "PositionEvidence" pe WHERE pe."statementId" IN (SELECT event_statement_ids(e.id))),
    'nodes', (SELECT coalesce(json_agg(json_build_object(
                'stance', p.stance, 'summary', p.summary,
                'holder', (SELECT json_build_object('slug', a.slug, 'name', a.name) FROM "Actor" a WHERE a.id = p."holderId"),
                'topic', (SELECT json_build_object('slug', t.slug, 'name', t.name) FROM "Topic" t WHERE t.id = p."topicId"),
                'evidence', json_build_object('nodes', (SELECT coalesce(json_agg(json_build_object('id', ev.id)), '[]') FROM (
                  SELECT s.id FROM "PositionEvidence" pe JOIN "Statement" s ON s.id = pe."statementId"
                  WHERE pe."positionId" = p.id ORDER BY s."sourceId", s.start, s.id LIMIT 5) ev))) ORDER BY p.id), '[]')
              FROM (SELECT p.* FROM (SELECT DISTINCT pe."positionId" AS id FROM "PositionEvidence" pe
                                     WHERE pe."statementId" IN (SELECT event_statement_ids(e.id))) ids
                    JOIN "Position" p ON p.id = ids.id ORDER BY p.id LIMIT 20) p))
) AS event
FROM "Event" e WHERE e.slug = $1`;

function main(): void {
  const [url, port] = process.argv.slice(2);
  if (!url || !port) throw new Error("usage: floor.ts <database-url> <port>");
  const pool = new pg.Pool({ ...connectionSettings(url), max: 10 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const { variables } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { variables: { slug: string } };
      pool.query<{ event: unknown }>({ name: "summit", text: SUMMIT_SQL, values: [variables.slug] }).then(
        ({ rows }) => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ data: { event: rows[0]?.event ?? null } }));
        },
        (error: Error) => {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ errors: [{ message: error.message }] }));
        },
      );
    });
  });
  server.listen(Number(port), "127.0.0.1", () => console.log(`floor ready on ${port}`));
  process.on("SIGTERM", () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}

if (require.main === module) main();

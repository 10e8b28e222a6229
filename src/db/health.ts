import pg from "pg";
import { DEFAULT_MIGRATIONS_DIR, readMigrationFiles } from "./migrate";

/** The migrations this build ships, read from disk once per folder: they do not change while it runs. */
const shipped = new Map<string, Promise<string[]>>();

function migrationNames(dir: string): Promise<string[]> {
  let names = shipped.get(dir);
  if (!names) {
    names = readMigrationFiles(dir).then((files) => files.map((file) => file.name));
    // A failed read is not kept: the next check reads again.
    names.catch(() => shipped.delete(dir));
    shipped.set(dir, names);
  }
  return names;
}

export interface Readiness {
  ready: boolean;
  /** Why not, in words; absent when ready. */
  reason?: string;
}

/**
 * Whether the database is reachable within `timeoutMs` and every migration of this build is
 * applied. Each check opens a connection of its own, outside the pool, so it answers while the
 * pool is exhausted or its connections are stuck behind a lock.
 */
export async function checkReadiness(
  connectionString: string,
  { timeoutMs = 1_000, migrationsDir = DEFAULT_MIGRATIONS_DIR }: { timeoutMs?: number; migrationsDir?: string } = {},
): Promise<Readiness> {
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: timeoutMs,
    options: `-c statement_timeout=${timeoutMs}`,
  });
  client.on("error", () => {});
  const deadline = new Promise<Readiness>((resolve) => {
    setTimeout(() => resolve({ ready: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs).unref();
  });
  const check = (async (): Promise<Readiness> => {
    try {
      await client.connect();
      const { rows } = await client.query<{ migration_name: string }>(
        "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
      );
      const applied = new Set(rows.map((row) => row.migration_name));
      const pending = (await migrationNames(migrationsDir)).filter((name) => !applied.has(name));
      if (pending.length > 0) {
        return { ready: false, reason: `${pending.length} migration(s) not applied, first ${pending[0]!}` };
      }
      return { ready: true };
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      if (code === "42P01") return { ready: false, reason: "no migrations applied" };
      return { ready: false, reason: `database unreachable (${code ?? message ?? "unknown error"})` };
    }
  })();
  try {
    return await Promise.race([check, deadline]);
  } finally {
    void check.finally(() => client.end().catch(() => {}));
  }
}

/**
 * Tells the log once when the database becomes unreachable, and once when it is back: while it
 * is down, a probe checks every second, so the log says when service resumed even if no
 * request arrives. Requests themselves always try the database, and succeed as soon as it answers.
 */
export class OutageWatch {
  private since: number | undefined;
  private probe: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly log: (message: string) => void,
    private readonly probeEveryMs = 1_000,
  ) {}

  get down(): boolean {
    return this.since !== undefined;
  }

  /** A request found the database unreachable. */
  report(reason: string): void {
    if (this.since !== undefined) return;
    this.since = Date.now();
    this.log(`database unreachable (${reason}); answering SERVICE_UNAVAILABLE until it is back`);
    this.probe = setInterval(() => void this.check(), this.probeEveryMs);
    this.probe.unref();
  }

  private async check(): Promise<void> {
    const { ready } = await checkReadiness(this.connectionString, { timeoutMs: this.probeEveryMs });
    if (!ready || this.since === undefined) return;
    const seconds = ((Date.now() - this.since) / 1000).toFixed(1);
    this.stop();
    this.log(`database reachable again after ${seconds} s`);
  }

  stop(): void {
    clearInterval(this.probe);
    this.probe = undefined;
    this.since = undefined;
  }
}

import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/** One folder of the migrations directory, read from disk. */
export interface MigrationFile {
  /** Folder name, e.g. `20261124120000_init`; also the `migration_name` recorded in the database. */
  name: string;
  sql: string;
  /** Lowercase hex SHA-256 of the exact bytes of `migration.sql`, as Prisma records it. */
  checksum: string;
}

export interface ApplyMigrationsOptions {
  migrationsDir?: string;
  log?: (message: string) => void;
}

interface AppliedMigration {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/** `prisma/migrations` of the project: two levels up from both `src/db/` and `dist/db/`. */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, "..", "..", "prisma", "migrations");

/** The key Prisma's schema engine locks too, so this runner and `prisma migrate` never overlap. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// Prisma's own DDL for PostgreSQL, so that the engine reads and extends this table as its own.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Reads every `<name>/migration.sql` under `dir`, in name order (the timestamp prefix makes that
 * the order of creation). A missing directory means no migrations.
 */
export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(dir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    }),
  );
}

/**
 * Brings the database up to date with the migrations directory, recording each migration in
 * Prisma's `_prisma_migrations` table the way `prisma migrate deploy` does, without any Prisma
 * engine. Returns the names of the migrations it applied.
 *
 * Refuses to start (throws) when the recorded history cannot be trusted: a migration that failed
 * or never finished, an applied migration whose file has changed since, or an applied migration
 * the directory does not have (the code is older than the database).
 *
 * Each migration runs in a transaction of its own, so it must not manage transactions itself nor
 * contain statements PostgreSQL refuses inside one (`CREATE INDEX CONCURRENTLY`, `VACUUM`).
 */
export async function applyMigrations(
  database: pg.Pool | string,
  options: ApplyMigrationsOptions = {},
): Promise<string[]> {
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const log = options.log ?? (() => {});
  const files = await readMigrationFiles(migrationsDir);
  const session = await openSession(database);
  let applied: string[];
  try {
    applied = await migrateLocked(session.connection, files, migrationsDir, log);
  } catch (error) {
    await session.discard(error as Error);
    throw error;
  }
  await session.close();
  return applied;
}

async function migrateLocked(
  connection: pg.ClientBase,
  files: MigrationFile[],
  migrationsDir: string,
  log: (message: string) => void,
): Promise<string[]> {
  await lockMigrations(connection, log);
  await connection.query(CREATE_MIGRATIONS_TABLE);
  const pending = pendingMigrations(files, await readAppliedMigrations(connection), migrationsDir);
  for (const migration of pending) {
    await applyOne(connection, migration);
    log(`applied migration ${migration.name}`);
  }
  await connection.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
  return pending.map((migration) => migration.name);
}

interface Session {
  connection: pg.ClientBase;
  close(): Promise<void>;
  /**
   * Ends the connection instead of returning it to a pool: after a failure it may still hold the
   * advisory lock or an open transaction, and closing the session is what releases both.
   */
  discard(error: Error): Promise<void>;
}

/** One connection for the whole run: the advisory lock belongs to the session that took it. */
async function openSession(database: pg.Pool | string): Promise<Session> {
  if (typeof database !== "string") {
    const connection = await database.connect();
    return {
      connection,
      close: async () => connection.release(),
      discard: async (error) => connection.release(error),
    };
  }
  const connection = new pg.Client({ connectionString: database });
  await connection.connect();
  const end = (): Promise<void> => connection.end();
  // A connection that already broke cannot be ended cleanly; the caller's error is the one to report.
  return { connection, close: end, discard: () => end().catch(() => undefined) };
}

async function lockMigrations(connection: pg.ClientBase, log: (message: string) => void): Promise<void> {
  const { rows } = await connection.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
    PRISMA_MIGRATE_LOCK_KEY,
  ]);
  if (rows[0]?.locked) return;
  log("another process is applying migrations; waiting for it to finish");
  await connection.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
}

/** Rows of migrations that count: Prisma ignores rows marked rolled back (`migrate resolve`). */
async function readAppliedMigrations(connection: pg.ClientBase): Promise<AppliedMigration[]> {
  const { rows } = await connection.query<AppliedMigration>(
    `SELECT migration_name, checksum, finished_at FROM _prisma_migrations
     WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name`,
  );
  return rows;
}

/** Checks the recorded history against the files; returns the files still to apply, in order. */
function pendingMigrations(
  files: MigrationFile[],
  applied: AppliedMigration[],
  migrationsDir: string,
): MigrationFile[] {
  const filesByName = new Map(files.map((file) => [file.name, file]));
  for (const row of applied) {
    const file = filesByName.get(row.migration_name);
    if (row.finished_at === null) {
      throw new Error(
        `Migration ${row.migration_name} failed or did not finish in this database; ` +
          `repair it by hand and mark it rolled back or applied before starting again.`,
      );
    }
    if (!file) {
      throw new Error(
        `Migration ${row.migration_name} is applied in this database but missing from ${migrationsDir}; ` +
          `the database is newer than this code.`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new Error(
        `Migration ${row.migration_name} was changed after it was applied to this database ` +
          `(checksum ${row.checksum}, file now ${file.checksum}); add a new migration instead of editing it.`,
      );
    }
  }
  const appliedNames = new Set(applied.map((row) => row.migration_name));
  return files.filter((file) => !appliedNames.has(file.name));
}

/** The script and its history row commit together, so a failure leaves neither behind. */
async function applyOne(connection: pg.ClientBase, migration: MigrationFile): Promise<void> {
  await connection.query("BEGIN");
  try {
    await connection.query(migration.sql);
    await connection.query(
      `INSERT INTO _prisma_migrations
         (id, checksum, started_at, finished_at, migration_name, logs, applied_steps_count)
       VALUES ($1, $2, now(), clock_timestamp(), $3, NULL, 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await connection.query("COMMIT");
  } catch (error) {
    // A failed ROLLBACK only means the connection is gone, which ends the transaction as well;
    // the migration's own error is the one worth reporting.
    await connection.query("ROLLBACK").catch(() => undefined);
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

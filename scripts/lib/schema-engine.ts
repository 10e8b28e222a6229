/**
 * Prisma's schema engine (the one behind `prisma migrate`) as WebAssembly, driven through
 * `@prisma/adapter-pg`: the native engine binary cannot be downloaded on these machines.
 * See shared/guide/stack.md, "Prisma without its native binaries", for the bugs worked around here.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlQueryable,
  SqlResultSet,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaContainer, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { readMigrationFiles } from "../../src/db/migrate";

export type { MigrationList, SchemaContainer, SchemaEngine };

/** Nothing in this project is managed outside Prisma. */
export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

export const MIGRATION_LOCKFILE = "migration_lock.toml";

/** The engine refused or failed; `message` is its own explanation without the Rust span trace. */
export class SchemaEngineError extends Error {
  override name = "SchemaEngineError";

  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(code ? `${code}: ${message}` : message);
  }
}

/** The PostgreSQL server to work in cannot be reached or refused the connection. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** The part of the WebAssembly API used here: tsconfig's `lib` (ES2022, no DOM) does not declare it. */
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: object } }>;
};

/** The message of the engine's last panic, which otherwise surfaces only as "unreachable". */
const panicRegistry = {
  message: undefined as string | undefined,
  set_message(message: string): void {
    this.message = message;
  },
};

let engineClass: typeof bindings.SchemaEngine | undefined;

/**
 * The package's own entry point imports the `.wasm` file as an ES module, which Node cannot do;
 * instantiate it by hand with the generated bindings as its import object (bug 4).
 */
async function loadEngineClass(): Promise<typeof bindings.SchemaEngine> {
  if (engineClass) return engineClass;
  // The bindings report a Rust panic's message here before trapping; without it they crash instead.
  Object.assign(globalThis, { PRISMA_WASM_PANIC_REGISTRY: panicRegistry });
  const wasmPath = path.join(
    path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
    "schema_engine_bg.wasm",
  );
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  engineClass = bindings.SchemaEngine;
  return engineClass;
}

const CHAR_OID = 18;
const TEXT_OID = 25;
/** Appended to a column's name while it travels through adapter-pg; NUL cannot occur in a real name. */
const CHAR_COLUMN_MARK = "\u0000char";

/**
 * The engine's catalog queries return PostgreSQL's internal one-byte `"char"` type (OID 18), which
 * adapter-pg 7.10 refuses to map (bug 1), and which the engine then insists on reading as a
 * character, not text (e.g. `pg_constraint.contype` once a table has a CHECK constraint or a
 * constraint trigger). So such columns pass through adapter-pg as text, marked in their name, and
 * `restoreCharColumns` turns them back into characters for the engine.
 */
class CatalogSafeClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.connection.prependListener("rowDescription", (message: { fields: pg.FieldDef[] }) => {
      for (const field of message.fields) {
        if (field.dataTypeID !== CHAR_OID) continue;
        field.dataTypeID = TEXT_OID;
        field.name += CHAR_COLUMN_MARK;
      }
    });
  }
}

function restoreCharColumns(result: SqlResultSet): SqlResultSet {
  result.columnNames.forEach((name, index) => {
    if (!name.endsWith(CHAR_COLUMN_MARK)) return;
    result.columnNames[index] = name.slice(0, -CHAR_COLUMN_MARK.length);
    result.columnTypes[index] = ColumnTypeEnum.Character;
  });
  return result;
}

function withCharColumns<Q extends SqlQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  return Object.assign(queryable, { queryRaw: async (query: SqlQuery) => restoreCharColumns(await queryRaw(query)) });
}

/**
 * An adapter for the engine: `"char"` columns restored in and out of transactions, and whole scripts.
 * adapter-pg's `executeScript` splits scripts on every `;`, which breaks dollar-quoted function
 * bodies and string literals; sent as one parameterless query, a script goes through PostgreSQL's
 * simple protocol, which runs several statements in one go, and keeps adapter-pg's error mapping.
 */
async function migrationAdapter(factory: PrismaPg): Promise<SqlDriverAdapter> {
  const adapter = withCharColumns(await factory.connect());
  const startTransaction = adapter.startTransaction.bind(adapter);
  return Object.assign(adapter, {
    startTransaction: async (isolationLevel?: IsolationLevel) =>
      withCharColumns(await startTransaction(isolationLevel)),
    executeScript: async (script: string) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    },
  });
}

function redactPassword(connectionString: string): string {
  const url = new URL(connectionString);
  if (url.password) url.password = "***";
  return url.toString();
}

/**
 * Throwaway databases named `migrate_tmp_<random>` on one server, remembered until dropped so that
 * none outlives the run, whichever way it ends.
 */
export class ScratchDatabases {
  private readonly live = new Set<string>();

  constructor(private readonly serverUrl: string) {}

  /** Creates an empty database and returns its connection string. */
  async create(): Promise<string> {
    const name = `migrate_tmp_${randomBytes(6).toString("hex")}`;
    await this.onServer(`CREATE DATABASE "${name}"`);
    this.live.add(name);
    const url = new URL(this.serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  async drop(connectionString: string): Promise<void> {
    const name = new URL(connectionString).pathname.slice(1);
    // FORCE ends connections a failed run may have left open.
    await this.onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    this.live.delete(name);
  }

  async dropAll(): Promise<void> {
    for (const name of [...this.live]) {
      await this.onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      this.live.delete(name);
    }
  }

  private async onServer(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.serverUrl });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new DatabaseUnavailableError(
        `Cannot connect to PostgreSQL at ${redactPassword(this.serverUrl)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}

/** Pools opened for the engine; ended when it is done, including shadows it failed to dispose of. */
class EnginePools {
  private readonly open = new Set<pg.Pool>();

  /** The engine's catalog queries need `CatalogSafeClient`. */
  create(connectionString: string): pg.Pool {
    const pool = new pg.Pool({ connectionString, Client: CatalogSafeClient });
    this.open.add(pool);
    return pool;
  }

  async end(pool: pg.Pool): Promise<void> {
    if (this.open.delete(pool)) await pool.end();
  }

  async endAll(): Promise<void> {
    await Promise.all([...this.open].map((pool) => this.end(pool)));
  }
}

/**
 * adapter-pg's own shadow database is the main database under another name, and it drops it before
 * closing its pool (bug 2). Each call gets a fresh scratch database instead, dropped when the engine
 * disposes of it (or by `ScratchDatabases.dropAll` if the engine fails first).
 */
async function connectToShadowDb(pools: EnginePools, scratch: ScratchDatabases): Promise<SqlDriverAdapter> {
  const url = await scratch.create();
  const pool = pools.create(url);
  const adapter = await migrationAdapter(new PrismaPg(pool));
  return Object.assign(adapter, {
    dispose: async () => {
      await pools.end(pool);
      await scratch.drop(url);
    },
  });
}

function migrationAdapterFactory(
  main: PrismaPg,
  pools: EnginePools,
  scratch: ScratchDatabases,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => migrationAdapter(main),
    connectToShadowDb: () => connectToShadowDb(pools, scratch),
  };
}

/**
 * Engine errors end with a Rust span trace ("   0: sql_schema_connector::…"), noise to a user; a
 * panic arrives as a bare WebAssembly "unreachable", its message left in the panic registry.
 */
function toSchemaEngineError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (error.name === "RuntimeError") {
    return new SchemaEngineError(undefined, `the schema engine crashed: ${panicRegistry.message ?? error.message}`);
  }
  if (error.name !== "SchemaConnectorError") return error;
  const message = error.message.split(/\n\s+0: /)[0]?.trim() ?? error.message;
  const code = (error as { code?: unknown }).code;
  return new SchemaEngineError(typeof code === "string" ? code : undefined, message);
}

/**
 * A panic traps inside the engine's own promise machinery, so it surfaces as an uncaught exception,
 * not as a rejection of the call that caused it. While the engine runs, such an exception rejects
 * `crashed` instead, so that callers still report it and clean up.
 */
function watchForCrash(): { crashed: Promise<never>; happened: () => boolean; stop: () => void } {
  let fail: (error: Error) => void = () => {};
  let happened = false;
  const crashed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const listener = (error: Error): void => {
    happened = true;
    fail(error);
  };
  process.on("uncaughtException", listener);
  return { crashed, happened: () => happened, stop: () => process.off("uncaughtException", listener) };
}

export interface SchemaEngineOptions {
  /** The database the engine inspects and migrates. */
  databaseUrl: string;
  /** Where shadow databases are created. */
  scratch: ScratchDatabases;
  schemaFiles: SchemaContainer[];
}

/** Runs `use` with an engine on `databaseUrl`, translating engine failures to `SchemaEngineError`. */
export async function withSchemaEngine<T>(
  options: SchemaEngineOptions,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const SchemaEngineClass = await loadEngineClass();
  const pools = new EnginePools();
  const main = new PrismaPg(pools.create(options.databaseUrl));
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(migrationAdapterFactory(main, pools, options.scratch));
  const datamodels = options.schemaFiles.map((file): [string, string] => [file.path, file.content]);
  // Failures come back as rejections; the log callback only narrates.
  const ignoreLog = (): void => {};
  const crash = watchForCrash();
  try {
    const engine = await Promise.race([
      SchemaEngineClass.new({ datamodels }, ignoreLog, adapterFactory),
      crash.crashed,
    ]);
    try {
      return await Promise.race([use(engine), crash.crashed]);
    } finally {
      // After a panic the engine is still borrowed by the call that panicked and cannot be freed.
      if (!crash.happened()) engine.free();
    }
  } catch (error) {
    throw toSchemaEngineError(error);
  } finally {
    crash.stop();
    await pools.endAll();
  }
}

/** The migrations directory in the form the engine takes, read the same way the runtime runner reads it. */
export async function listMigrations(migrationsDir: string): Promise<MigrationList> {
  const files = await readMigrationFiles(migrationsDir);
  const lockfileContent = await readFile(path.join(migrationsDir, MIGRATION_LOCKFILE), "utf8").catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: MIGRATION_LOCKFILE, content: lockfileContent },
    shadowDbInitScript: "",
    migrationDirectories: files.map((file) => ({
      path: file.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: file.sql } },
    })),
  };
}

/**
 * Prepares the engine for `createMigration`, as `prisma migrate dev` does: bring the database up to
 * date with the existing migrations, then diagnose again, because `createMigration` works from what
 * the last `devDiagnostic` loaded (bug 3).
 */
export async function prepareForNewMigration(engine: SchemaEngine, migrationsList: MigrationList): Promise<void> {
  const before = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
  if (before.action.tag === "reset") throw new SchemaEngineError(undefined, before.action.reason);
  await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
  const after = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
  if (after.action.tag === "reset") throw new SchemaEngineError(undefined, after.action.reason);
}

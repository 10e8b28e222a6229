import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";

/**
 * The database work of one request: the backends running its statements right now, so they can
 * be cancelled when the request runs out of time or its client goes away, after which it may
 * start no more.
 */
export class RequestWork {
  readonly running = new Set<number>();
  /** Why the request's work was stopped; set once, by `stop`. */
  stopped: string | undefined;
  private readonly aborter = new AbortController();
  /** Aborted when the work is stopped: for work off the database (an extraction's thread). */
  readonly signal = this.aborter.signal;

  /** Stops the request's work: running statements are cancelled, and no new one starts. */
  stop(reason: string, pool: ScopedPool): void {
    if (this.stopped !== undefined) return;
    this.stopped = reason;
    for (const pid of this.running) pool.cancelBackend(pid);
    this.aborter.abort(new Error(reason));
  }
}

export const requestWork = new AsyncLocalStorage<RequestWork>();

/** Shaped like PostgreSQL's own cancellation, so it reaches clients as the same TIMEOUT. */
function stoppedError(reason: string): Error {
  return Object.assign(new Error(`canceling statement: ${reason}`), { code: "57014", severity: "ERROR" });
}

/** Whether a statement's failure leaves its connection fit to serve again (a database's answer does). */
function connectionSurvives(error: unknown): boolean {
  return typeof (error as { severity?: unknown }).severity === "string";
}

/**
 * A pg pool that knows which request each statement belongs to (through `requestWork`), so a
 * request's statements can be cancelled on the database with `pg_cancel_backend`, by a
 * connection of its own that the pool's exhaustion cannot hold up.
 */
export class ScopedPool extends pg.Pool {
  private canceller: pg.Client | undefined;

  constructor(private readonly settings: pg.PoolConfig) {
    super(settings);
  }

  // pg's typings overload `query` many ways; the adapter calls it with a config object and
  // expects a promise, and every other form goes to pg as it came.
  override query(...args: unknown[]): never {
    const work = requestWork.getStore();
    const [config] = args;
    if (!work || args.length !== 1 || typeof config !== "object" || config === null) {
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    return this.queryFor(work, config as pg.QueryConfig) as never;
  }

  private async queryFor(work: RequestWork, config: pg.QueryConfig): Promise<pg.QueryResult> {
    if (work.stopped !== undefined) throw stoppedError(work.stopped);
    let client: pg.PoolClient;
    try {
      client = await this.connect();
    } catch (error) {
      // Every connection busy (behind a lock, say) for the whole wait: the database is up, the request out of time.
      if (this.totalCount >= (this.settings.max ?? 10)) throw stoppedError("no database connection was free in time");
      throw error;
    }
    const pid = (client as unknown as { processID: number }).processID;
    if (work.stopped !== undefined) {
      client.release();
      throw stoppedError(work.stopped);
    }
    work.running.add(pid);
    // A connection that drops while checked out emits "error" besides failing its query; pg's own
    // `pool.query` listens for it too, and without a listener it would crash the process.
    let dropped: Error | undefined;
    const onError = (error: Error) => (dropped = error);
    client.on("error", onError);
    try {
      const result = await client.query(config);
      client.release(dropped);
      return result;
    } catch (error) {
      client.release(dropped ?? (connectionSurvives(error) ? undefined : (error as Error)));
      throw error;
    } finally {
      client.off("error", onError);
      work.running.delete(pid);
    }
  }

  /** Cancels what backend `pid` is running (it must be one of this pool's); failures are ignored. */
  cancelBackend(pid: number): void {
    void (async () => {
      try {
        if (!this.canceller) {
          const client = new pg.Client({
            connectionString: this.settings.connectionString,
            connectionTimeoutMillis: this.settings.connectionTimeoutMillis,
          });
          client.on("error", () => {
            if (this.canceller === client) this.canceller = undefined;
          });
          this.canceller = client;
          await client.connect();
        }
        await this.canceller.query("SELECT pg_cancel_backend($1)", [pid]);
      } catch {
        // The database is gone or the backend finished: nothing is left to cancel.
        this.canceller?.end().catch(() => {});
        this.canceller = undefined;
      }
    })();
  }

  override async end(): Promise<void> {
    await this.canceller?.end().catch(() => {});
    this.canceller = undefined;
    await super.end();
  }
}

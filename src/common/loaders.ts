import DataLoader from "dataloader";

/**
 * Dispatches a request's loader batches in waves: a batch waits until no earlier batch of
 * the same request is still at the database, so every load that the previous wave's
 * results lead to joins one batch per loader. The number of SQL statements a request
 * sends then follows from the query's shape alone, never from timing or data volume.
 */
class WaveScheduler {
  private inFlight = 0;
  private pending: (() => void)[] = [];
  private flushQueued = false;

  schedule = (dispatch: () => void): void => {
    this.pending.push(dispatch);
    this.queueFlush();
  };

  async track<T>(work: Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await work;
    } finally {
      this.inFlight -= 1;
      this.queueFlush();
    }
  }

  private queueFlush(): void {
    if (this.flushQueued || this.inFlight > 0 || this.pending.length === 0) return;
    this.flushQueued = true;
    // setImmediate runs after the microtasks in which resolvers react to the last results.
    setImmediate(() => {
      this.flushQueued = false;
      if (this.inFlight > 0) return;
      const batch = this.pending;
      this.pending = [];
      for (const dispatch of batch) dispatch();
    });
  }
}

/**
 * Makes the loaders of one request. Loaders do not cache across waves: a cache would make
 * the statement count depend on which rows an earlier wave happened to fetch.
 */
export function createLoaderFactory() {
  const scheduler = new WaveScheduler();
  const options = { cache: false, batchScheduleFn: scheduler.schedule };

  function byKey<K, T>(fetch: (keys: K[]) => Promise<T[]>, keyOf: (row: T) => K): DataLoader<K, T | null> {
    return new DataLoader(async (keys) => {
      const rows = await scheduler.track(fetch([...new Set(keys)]));
      const found = new Map(rows.map((row) => [keyOf(row), row]));
      return keys.map((key) => found.get(key) ?? null);
    }, options);
  }

  const shared = new Map<string, unknown>();

  return {
    /**
     * A loader over one fetch that answers for many keys at once (per-parent pages, counts); the
     * fetch returns a value or an Error per distinct key, in the keys' order.
     */
    batch<K, V>(fetch: (keys: K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
      return new DataLoader<K, V>(async (keys) => {
        const unique = [...new Set(keys)];
        const values = await scheduler.track(fetch(unique));
        const byKey = new Map(unique.map((key, index) => [key, values[index]!]));
        return keys.map((key) => byKey.get(key)!);
      }, options);
    },
    /** The request's one loader under this name, made on first use (one per list and arguments). */
    shared<L>(name: string, create: () => L): L {
      if (!shared.has(name)) shared.set(name, create());
      return shared.get(name) as L;
    },
    /** Counts a database call made outside the loaders (a root list) as part of the current wave. */
    track: <T>(work: Promise<T>): Promise<T> => scheduler.track(work),
    /** Rows fetched by id, returned in key order (null where no row has the id). */
    byId<T extends { id: number }>(fetch: (ids: number[]) => Promise<T[]>): DataLoader<number, T | null> {
      return byKey(fetch, (row) => row.id);
    },
    byKey,
    /** For each parent key, the values the fetch returned for it, in the fetch's order. */
    lists<T>(fetch: (keys: number[]) => Promise<{ key: number; value: T }[]>): DataLoader<number, T[]> {
      return new DataLoader(async (keys) => {
        const unique = [...new Set(keys)];
        const rows = await scheduler.track(fetch(unique));
        const groups = new Map<number, T[]>(unique.map((key) => [key, []]));
        for (const row of rows) groups.get(row.key)?.push(row.value);
        return keys.map((key) => groups.get(key) ?? []);
      }, options);
    },
  };
}
export type LoaderFactory = ReturnType<typeof createLoaderFactory>;

/** Loads rows by id in order; a missing row is a broken reference, not a client error. */
export async function loadAllOrFail<T>(loader: DataLoader<number, T | null>, ids: readonly number[]): Promise<T[]> {
  const rows = await loader.loadMany(ids);
  return rows.map((row, index) => {
    if (row instanceof Error) throw row;
    if (row === null) throw new Error(`row ${ids[index]} is referenced but does not exist`);
    return row;
  });
}

/** Loads one referenced row; a missing row is a broken reference. */
export async function loadOrFail<T>(loader: DataLoader<number, T | null>, id: number): Promise<T> {
  const row = await loader.load(id);
  if (row === null) throw new Error(`row ${id} is referenced but does not exist`);
  return row;
}

import path from "node:path";
import { GraphQLError } from "graphql";
import Piscina from "piscina";
import { DEFAULT_EXTRACT_QUEUE, DEFAULT_EXTRACT_THREADS } from "../config";
import { ErrorCode } from "../errors";
import type { DraftBundle, ExtractOptions } from "./draft";
import type { ExtractTask } from "./worker";

export interface ExtractorOptions {
  /** Worker threads at most (EXTRACT_THREADS; default: the cores but one, at least one). */
  threads?: number;
  /** Texts that may wait for a thread (EXTRACT_QUEUE); past that a request is refused SERVICE_UNAVAILABLE. */
  queue?: number;
}

/** How long an idle thread is kept before it exits (a server that rarely extracts holds none). */
const IDLE_MS = 30_000;

/**
 * Runs extractions on worker threads, so a long text holds no request's event loop: threads start
 * on demand and end when idle; a task whose request runs out of time or loses its client is
 * aborted, and its thread with it, so the work stops too.
 */
export class Extractor {
  private readonly pool: Piscina<ExtractTask, DraftBundle>;
  private readonly threads: number;
  private readonly queue: number;
  /** Texts taken and not yet answered: at work or waiting. */
  private inFlight = 0;

  constructor({ threads = DEFAULT_EXTRACT_THREADS, queue = DEFAULT_EXTRACT_QUEUE }: ExtractorOptions = {}) {
    this.threads = threads;
    this.queue = queue;
    // From the source (npm start, the tests) the worker is TypeScript: the thread loads it as the process does.
    const source = __filename.endsWith(".ts");
    this.pool = new Piscina({
      filename: path.join(__dirname, source ? "worker.ts" : "worker.js"),
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: IDLE_MS,
      execArgv: source ? ["-r", "@swc-node/register"] : [],
    });
  }

  /** The draft of `text`; refused with TIMEOUT when `signal` aborts first, SERVICE_UNAVAILABLE when the queue is full. */
  async extract(text: string, options: ExtractOptions, signal?: AbortSignal): Promise<DraftBundle> {
    if (signal?.aborted) throw timedOut();
    // Admission is counted here, not left to the pool's queue, whose bound grows while threads start.
    if (this.inFlight >= this.threads + this.queue) {
      throw new GraphQLError(
        `The extractor is busy: its ${this.threads} thread(s) are at work and its queue of ${this.queue} text(s) is full (EXTRACT_THREADS, EXTRACT_QUEUE). Retry in a few seconds.`,
        { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } },
      );
    }
    this.inFlight += 1;
    try {
      return await this.pool.run({ text, options }, { signal });
    } catch (error) {
      if (signal?.aborted) throw timedOut();
      throw error;
    } finally {
      this.inFlight -= 1;
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

function timedOut(): GraphQLError {
  return new GraphQLError(
    "The extraction ran out of time (REQUEST_TIMEOUT_MS) and was stopped. Retry later, or send a shorter text.",
    { extensions: { code: ErrorCode.TIMEOUT } },
  );
}

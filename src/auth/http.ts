import type { RequestHandler } from "express";
import type { Db } from "../db/client";
import { ErrorCode, WWW_AUTHENTICATE } from "../errors";
import type { Principal } from "./keys";
import { authenticate, digestOf } from "./keys";

/**
 * Reads the request's `Authorization: Bearer …` key into `res.locals.principal`. A request
 * without one goes on as anonymous (reads are public); one whose key is malformed, unknown or
 * revoked is marked, to be refused by `refuseBadKeys` once its client has been charged.
 */
export function readPrincipal(db: Db, seen?: SeenKeys): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (header === undefined) return next();
    const key = bearerOf(header);
    if (!key) {
      res.locals.authProblem = "The Authorization header must be `Bearer ` and an API key.";
      return next();
    }
    authenticate(db, key).then((principal) => {
      if (principal) {
        res.locals.principal = principal satisfies Principal;
        seen?.add(key);
      } else res.locals.authProblem = "The API key is unknown or revoked.";
      next();
    }, next);
  };
}

function bearerOf(header: string): string | undefined {
  return header.match(/^Bearer +(\S+) *$/i)?.[1];
}

/**
 * Digests of keys this process found valid lately: a request with one of them is looked up
 * (and may be refused, if it was revoked since) even while its address is over budget; any other
 * key is looked up only while the address has budget left, so that inventing keys buys no
 * database queries. Bounded: the oldest are forgotten first.
 */
export class SeenKeys {
  private readonly digests = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  add(key: string): void {
    const digest = digestOf(key);
    this.digests.delete(digest);
    this.digests.add(digest);
    if (this.digests.size > this.capacity) this.digests.delete(this.digests.values().next().value!);
  }

  has(header: string): boolean {
    const key = bearerOf(header);
    return key !== undefined && this.digests.has(digestOf(key));
  }
}

/** Answers 401 with UNAUTHENTICATED to a request whose key was refused, even for a read: nothing runs. */
export function refuseBadKeys(): RequestHandler {
  return (_req, res, next) => {
    const problem = res.locals.authProblem as string | undefined;
    if (!problem) return next();
    res.setHeader("www-authenticate", `${WWW_AUTHENTICATE}, error="invalid_token"`);
    res.setHeader("cache-control", "no-store");
    res.status(401).json({ errors: [{ message: problem, extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
  };
}

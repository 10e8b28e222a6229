import type { RequestHandler } from "express";
import type { Db } from "../db/client";
import { ErrorCode, WWW_AUTHENTICATE } from "../errors";
import type { Principal } from "./keys";
import { authenticate } from "./keys";

/**
 * Reads the request's `Authorization: Bearer …` key into `res.locals.principal`. A request
 * without one goes on as anonymous (reads are public); one whose key is malformed, unknown or
 * revoked is marked, to be refused by `refuseBadKeys` once its client has been charged.
 */
export function readPrincipal(db: Db): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (header === undefined) return next();
    const key = header.match(/^Bearer +(\S+) *$/i)?.[1];
    if (!key) {
      res.locals.authProblem = "The Authorization header must be `Bearer ` and an API key.";
      return next();
    }
    authenticate(db, key).then((principal) => {
      if (principal) res.locals.principal = principal satisfies Principal;
      else res.locals.authProblem = "The API key is unknown or revoked.";
      next();
    }, next);
  };
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

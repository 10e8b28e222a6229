import { existsSync } from "node:fs";
import path from "node:path";
import express from "express";
import type { RequestHandler } from "express";

/** Where scripts/build-playground.mjs writes the page (from src/playground/ and dist/playground/ alike). */
export const DEFAULT_PLAYGROUND_DIR = path.resolve(__dirname, "../../dist-playground");

/** The page's assets are served under this path (playground/index.html refers to it). */
export const PLAYGROUND_ASSETS_PATH = "/playground";

export interface PlaygroundOptions {
  /** The built page: index.html and assets/. Default: dist-playground/ at the project root. */
  distDir?: string;
}

const MISSING_BUNDLE = [
  "The GraphQL playground has not been built.",
  "",
  "It is built at install time: run `npm install`, or build it alone with `node scripts/build-playground.mjs`",
  "(both need the devDependencies). The GraphQL endpoint itself works: POST /graphql.",
  "",
].join("\n");

/**
 * The playground page's policy: everything from this origin only. GraphiQL and Monaco set inline
 * styles; the icon font is a data: URL inside the stylesheet.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Serves the self-hosted GraphiQL page at `GET /`, its assets under `/playground/`, and sends
 * `GET /sandbox` to Apollo's landing page on `/graphql` (Apollo Sandbox, which loads from Apollo's
 * CDN). Answers 503 with instructions while the page has not been built.
 */
export function mountPlayground(
  app: express.Express,
  { distDir = DEFAULT_PLAYGROUND_DIR }: PlaygroundOptions = {},
): void {
  const indexFile = path.join(distDir, "index.html");

  const page: RequestHandler = (_req, res, next) => {
    // Checked on every request so that a build made while the server runs is picked up.
    if (!existsSync(indexFile)) {
      res.status(503).type("text/plain").send(MISSING_BUNDLE);
      return;
    }
    res.setHeader("content-security-policy", CONTENT_SECURITY_POLICY);
    res.setHeader("cache-control", "no-cache");
    res.sendFile(indexFile, (error) => {
      if (error) next(error);
    });
  };

  app.get("/", page);
  app.use(
    PLAYGROUND_ASSETS_PATH,
    express.static(path.join(distDir, "assets"), {
      index: false,
      redirect: false,
      // File names are stable across builds: revalidate (ETag) rather than cache blindly.
      cacheControl: true,
      maxAge: 0,
      setHeaders: (res) => res.setHeader("cache-control", "no-cache"),
    }),
  );
  app.get("/sandbox", (_req, res) => {
    res.redirect(302, "/graphql");
  });
}

import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Request, Response } from "express";
import { Router } from "express";
import { GraphQLError } from "graphql";
import { toGlobalId } from "../../common/global-id";
import { DateTimeScalar } from "../../common/scalars";
import { hasNul, NUL_MESSAGE } from "../../common/text-input";
import { createContext } from "../../context";
import type { Db } from "../../db/client";
import { BadUserInputError } from "../../errors";
import { statementCriteria } from "./statement.criteria";
import { StatementKind } from "./statement.enums";
import type { StatementFilter } from "./statement.inputs";
import type { StatementCriteria, StatementExportRow } from "./statement.service";
import { findStatementExportRows, statementList } from "./statement.service";
import type { PageWindow } from "../../common/keyset";
import { keyValues } from "../../common/keyset";
import { readWindow } from "../../common/pages";
import { Prisma } from "../../generated/prisma/client";

const BATCH_SIZE = 500;

/** Columns of the CSV export, in order; NDJSON objects carry the same keys. */
export const EXPORT_COLUMNS = [
  "id",
  "kind",
  "text",
  "verb",
  "speaker",
  "speakerName",
  "occasion",
  "saidAt",
  "timeZone",
  "timePrecision",
  "timeBasis",
  "timeText",
  "topics",
  "source",
  "start",
  "end",
  "exact",
  "prefix",
  "suffix",
] as const;

type ExportRecord = Record<(typeof EXPORT_COLUMNS)[number], string | number | string[] | null>;

function toRecord(row: StatementExportRow): ExportRecord {
  return {
    id: toGlobalId("Statement", row.id),
    kind: row.kind,
    text: row.text,
    verb: row.verb,
    speaker: row.speaker.slug,
    speakerName: row.speaker.name,
    occasion: row.occasion,
    saidAt: row.saidAt?.toISOString() ?? null,
    timeZone: row.timeZone,
    timePrecision: row.timePrecision,
    timeBasis: row.timeBasis,
    timeText: row.timeText,
    topics: row.topics,
    source: toGlobalId("Source", row.sourceId),
    start: row.start,
    end: row.end,
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
  };
}

/** RFC 4180: quote a field holding a comma, quote or line break; double inner quotes. Lists join with `;`. */
function csvField(value: ExportRecord[keyof ExportRecord]): string {
  const text = value === null ? "" : Array.isArray(value) ? value.join(";") : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (fields: string[]) => `${fields.join(",")}\r\n`;

/** A query parameter's values (express's simple parser gives strings; the check narrows the type). */
function paramValues(req: Request, name: string): string[] | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  const values = Array.isArray(raw) ? raw : [raw];
  if (!values.every((value) => typeof value === "string")) {
    throw new BadUserInputError(`\`${name}\` must be plain text.`, name);
  }
  if (values.some(hasNul)) throw new BadUserInputError(`\`${name}\`: ${NUL_MESSAGE}.`, name);
  return values;
}

/** Repeated (`?topic=a&topic=b`) or comma-separated (`?topic=a,b`) query parameter values. */
function listParam(req: Request, name: string): string[] | undefined {
  const values = paramValues(req, name)?.flatMap((value) => value.split(","));
  return values?.map((value) => value.trim()).filter(Boolean);
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An RFC 3339 instant, as the `DateTime` scalar takes it, or a calendar date taken whole (in UTC):
 * its first instant as the start of a range, its last as the end.
 */
function dateParam(req: Request, name: string, end: "start" | "end"): Date | undefined {
  const values = paramValues(req, name);
  if (values === undefined) return undefined;
  const refuse = () =>
    new BadUserInputError(
      `\`${name}\` must be a date (2025-08-15) or an instant with its offset (2025-08-15T19:00:00Z), once (got ${JSON.stringify(values.join(","))}).`,
      name,
    );
  const [raw] = values;
  if (values.length !== 1 || raw === undefined) throw refuse();
  const date = CALENDAR_DATE.exec(raw);
  if (date) {
    const value = new Date(`${raw}T${end === "start" ? "00:00:00.000" : "23:59:59.999"}Z`);
    // PostgreSQL has no year 0.
    if (Number.isNaN(value.getTime()) || value.getUTCDate() !== Number(date[3]) || date[1] === "0000") throw refuse();
    return value;
  }
  try {
    return DateTimeScalar.parseValue(raw) as Date;
  } catch {
    throw refuse();
  }
}

const KNOWN_PARAMS = new Set(["speaker", "topic", "occasion", "kind", "saidFrom", "saidTo"]);

/** The query string as the `statements` filter: same names, same checks, same errors. */
function filterOf(req: Request): StatementFilter {
  for (const name of Object.keys(req.query)) {
    if (!KNOWN_PARAMS.has(name)) {
      throw new BadUserInputError(`Unknown parameter \`${name}\`; use ${[...KNOWN_PARAMS].join(", ")}.`, name);
    }
  }
  const kinds = listParam(req, "kind");
  for (const kind of kinds ?? []) {
    if (!Object.values<string>(StatementKind).includes(kind)) {
      throw new BadUserInputError(
        `\`kind\` must be ${Object.values(StatementKind).join(" or ")} (got "${kind}").`,
        "kind",
      );
    }
  }
  const saidFrom = dateParam(req, "saidFrom", "start");
  const saidTo = dateParam(req, "saidTo", "end");
  return {
    speakers: listParam(req, "speaker"),
    topics: listParam(req, "topic"),
    occasions: listParam(req, "occasion"),
    kinds: kinds as StatementKind[] | undefined,
    saidBetween: saidFrom || saidTo ? { from: saidFrom, to: saidTo } : undefined,
  };
}

async function exportStatements(db: Db, format: "ndjson" | "csv", req: Request, res: Response): Promise<void> {
  let criteria: StatementCriteria;
  try {
    criteria = await statementCriteria(filterOf(req), createContext(db, res.locals.requestId as string), {
      speakers: "speaker",
      topics: "topic",
      occasions: "occasion",
      saidBetween: "saidFrom/saidTo",
    });
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === "BAD_USER_INPUT") {
      res.status(400).json({ errors: [{ message: error.message, extensions: error.extensions }] });
      return;
    }
    throw error;
  }
  res.status(200);
  res.setHeader("content-type", format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
  res.setHeader("content-disposition", `inline; filename="statements.${format}"`);
  // Ids only, a batch at a time in source order, each batch seeking past the last.
  const list = { ...statementList(criteria), columns: Prisma.sql`s.id` };
  async function* batches(): AsyncGenerator<string> {
    if (format === "csv") yield csvLine([...EXPORT_COLUMNS]);
    let window: PageWindow = { size: BATCH_SIZE, backward: false };
    for (;;) {
      const read = await readWindow(db, list, window);
      const batch = read.slice(0, BATCH_SIZE);
      let chunk = "";
      for (const row of await findStatementExportRows(
        db,
        batch.map((r) => Number(r.id)),
      )) {
        const record = toRecord(row);
        chunk +=
          format === "csv" ? csvLine(EXPORT_COLUMNS.map((c) => csvField(record[c]))) : `${JSON.stringify(record)}\n`;
      }
      if (chunk) yield chunk;
      if (read.length <= BATCH_SIZE) return;
      window = { ...window, after: keyValues(batch[batch.length - 1]!, list.keys.length) };
    }
  }
  // The next batch is read only when the client has taken the last, and not at all once it has gone.
  await pipeline(Readable.from(batches()), res);
}

/**
 * Bulk export for notebooks: `GET /export/statements.ndjson` and `/export/statements.csv`,
 * in source order, filtered like `statements` by `speaker`, `topic`, `occasion` (slugs),
 * `kind`, `saidFrom` and `saidTo`.
 */
export function statementExportRouter(db: Db): Router {
  const router = Router();
  for (const format of ["ndjson", "csv"] as const) {
    router.get(`/export/statements.${format}`, (req, res, next) => {
      exportStatements(db, format, req, res).catch(next);
    });
  }
  return router;
}

import type { Request, Response } from "express";
import { Router } from "express";
import { GraphQLError } from "graphql";
import { toGlobalId } from "../../common/global-id";
import { createContext } from "../../context";
import type { Db } from "../../db/client";
import { BadUserInputError } from "../../errors";
import { statementCriteria } from "./statement.criteria";
import { StatementKind } from "./statement.enums";
import type { StatementFilter } from "./statement.inputs";
import type { StatementExportRow } from "./statement.service";
import { findStatementExportRows, listStatementIds } from "./statement.service";

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

/** Repeated (`?topic=a&topic=b`) or comma-separated (`?topic=a,b`) query parameter values. */
function listParam(req: Request, name: string): string[] | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((value) => String(value).split(","));
  return values.map((value) => value.trim()).filter(Boolean);
}

function dateParam(req: Request, name: string): Date | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  const value = new Date(String(raw));
  if (typeof raw !== "string" || Number.isNaN(value.getTime())) {
    throw new BadUserInputError(`\`${name}\` must be an ISO 8601 date or instant (got ${JSON.stringify(raw)}).`, name);
  }
  return value;
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
    if (!(kind in StatementKind)) {
      throw new BadUserInputError(
        `\`kind\` must be ${Object.keys(StatementKind).join(" or ")} (got "${kind}").`,
        "kind",
      );
    }
  }
  const saidFrom = dateParam(req, "saidFrom");
  const saidTo = dateParam(req, "saidTo");
  return {
    speakers: listParam(req, "speaker"),
    topics: listParam(req, "topic"),
    occasions: listParam(req, "occasion"),
    kinds: kinds as StatementKind[] | undefined,
    saidBetween: saidFrom || saidTo ? { from: saidFrom, to: saidTo } : undefined,
  };
}

async function exportStatements(db: Db, format: "ndjson" | "csv", req: Request, res: Response): Promise<void> {
  let ids: number[];
  try {
    const criteria = await statementCriteria(filterOf(req), createContext(db, res.locals.requestId as string), {
      speakers: "speaker",
      topics: "topic",
      occasions: "occasion",
      saidBetween: "saidFrom/saidTo",
    });
    ids = await listStatementIds(db, criteria);
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
  if (format === "csv") res.write(csvLine([...EXPORT_COLUMNS]));
  for (let at = 0; at < ids.length; at += BATCH_SIZE) {
    for (const row of await findStatementExportRows(db, ids.slice(at, at + BATCH_SIZE))) {
      const record = toRecord(row);
      res.write(
        format === "csv" ? csvLine(EXPORT_COLUMNS.map((c) => csvField(record[c]))) : `${JSON.stringify(record)}\n`,
      );
    }
  }
  res.end();
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

import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { RequireScope } from "../../auth/authorize";
import { BundleError, describeProblem } from "../../bundle/verify";
import { JSONScalar } from "../../common/scalars";
import type { Context } from "../../context";
import { BadUserInputError, clip, ErrorCode } from "../../errors";
import { GraphQLError } from "graphql";
import type { IngestSummary } from "../../ingest/ingest";
import { ingestBundle, MAX_IDEMPOTENCY_KEY_LENGTH } from "../../ingest/ingest";
import { ImportSummary } from "./import.type";

/** What an import costs in rate-limit points: it may write thousands of rows. */
export const IMPORT_COST = 500;

/** The idempotency key of a request: its argument or its `Idempotency-Key` header, which must agree. */
function idempotencyKeyOf(argument: string | null | undefined, header: string | undefined): string | undefined {
  if (argument != null && header !== undefined && argument !== header) {
    throw new BadUserInputError(
      "The idempotencyKey argument and the Idempotency-Key header differ; send one of them.",
      "idempotencyKey",
    );
  }
  const key = argument ?? header;
  if (key === undefined) return undefined;
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new BadUserInputError(
      `An idempotency key is 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters long (this one has ${key.length}).`,
      "idempotencyKey",
    );
  }
  return key;
}

/** A refused bundle as a client sees it: every problem, each with its path and expected vs found text. */
function refused(error: BundleError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      argumentName: "bundle",
      // Each text cut to 100 characters: a span's exact words may be a whole article.
      problems: error.problems.map(({ path, message, expected, found }) => {
        const shown = {
          path: clip(path),
          message: clip(message),
          ...(expected === undefined ? {} : { expected: clip(expected) }),
          ...(found === undefined ? {} : { found: clip(found) }),
        };
        return { ...shown, description: describeProblem(shown) };
      }),
    },
  });
}

@Resolver()
export class ImportResolver {
  @RequireScope("context:write")
  @Mutation(() => ImportSummary, {
    complexity: IMPORT_COST,
    description:
      "Imports a context bundle (schemas/context-bundle.schema.json): one source and the context it carries, checked whole and written in one transaction, or refused with every problem and nothing written. Importing the same bundle again changes nothing. Needs an API key with context:write.",
  })
  async importContext(
    @Arg("bundle", () => JSONScalar, { description: 'The bundle, as JSON (format "news-context-bundle", version 1).' })
    bundle: unknown,
    @Arg("idempotencyKey", () => String, {
      nullable: true,
      description:
        "Replays the first answer to a retry with the same key (kept 24 hours, per API key); the same key with another bundle is a CONFLICT. The `Idempotency-Key` header does the same.",
    })
    idempotencyKey: string | null | undefined,
    @Ctx() context: Context,
  ): Promise<Omit<ImportSummary, "source" | "revision"> & { source: unknown; revision: unknown }> {
    const principal = context.principal!;
    const key = idempotencyKeyOf(idempotencyKey, context.idempotencyKey);
    let summary: IngestSummary;
    try {
      summary = await ingestBundle(context.db, bundle, {
        author: { apiKeyId: principal.keyId, name: principal.name, operation: "importContext" },
        idempotency: key === undefined ? undefined : { apiKeyId: principal.keyId, key },
        timeoutMs: context.writeTimeoutMs,
      });
    } catch (error) {
      throw error instanceof BundleError ? refused(error) : error;
    }
    const { id } = await context.db.source.findUniqueOrThrow({ where: { slug: summary.source }, select: { id: true } });
    const { source, revision, ...rest } = summary;
    return {
      ...rest,
      sourceSlug: source,
      source: await context.loaders.source.byId.load(id),
      revision: revision === null ? null : await context.loaders.revision.byId.load(revision),
    };
  }
}

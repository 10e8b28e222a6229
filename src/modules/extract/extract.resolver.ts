import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { matchStoredActors } from "../../extract/match";
import { JSONScalar, LocalDateScalar } from "../../common/scalars";
import { BadUserInputError } from "../../errors";
import { extractDraft } from "../../extract/draft";
import { requestWork } from "../../db/pool";

/**
 * The longest text `extractContext` takes: a long feature. Extraction runs on a worker thread
 * (about 25 ms a thousand characters), within the request's deadline.
 */
export const MAX_EXTRACT_TEXT = 50_000;

/** Points a character of text costs, per hundred: a long text costs what its extraction does. */
export function extractCost(args: Record<string, unknown>): number {
  const length = typeof args.text === "string" ? args.text.length : MAX_EXTRACT_TEXT;
  return 10 + Math.ceil(Math.min(length, MAX_EXTRACT_TEXT) / 100);
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

@Resolver()
export class ExtractResolver {
  @Query(() => JSONScalar, {
    complexity: ({ args }) => extractCost(args),
    description: `Drafts a context bundle from an article's raw text, offline: its direct quotes with code-point spans, their speakers (null where the text names no one), reported speech as PARAPHRASE candidates, the actors and roles named (matched to stored actors by slug, name or other names), relative dates resolved against \`publishedOn\`, and review flags. Runs on a worker thread, within the request's deadline. Nothing is stored; the draft, once a person has cleared its \`review\` flags, is what \`importContext\` takes. Costs 10 points and one per hundred characters; texts up to ${MAX_EXTRACT_TEXT} characters.`,
  })
  async extractContext(
    @Arg("text", { description: "The article's text, as published." }) text: string,
    @Arg("publishedOn", () => LocalDateScalar, {
      nullable: true,
      description: 'The day it was published, which "today" and "on Wednesday" are reckoned from.',
    })
    publishedOn: string | null,
    @Arg("sourceSlug", () => String, { nullable: true, description: "The slug to give the draft's source." })
    sourceSlug: string | null,
    @Ctx() { db, extractor }: Context,
  ): Promise<unknown> {
    if (text.trim().length === 0) throw new BadUserInputError("The text is empty.", "text");
    if (text.length > MAX_EXTRACT_TEXT) {
      throw new BadUserInputError(
        `The text has ${text.length} characters; extractContext takes at most ${MAX_EXTRACT_TEXT} (npm run extract takes any length).`,
        "text",
      );
    }
    if (sourceSlug != null && (!SLUG.test(sourceSlug) || sourceSlug.length > 200)) {
      throw new BadUserInputError(
        "sourceSlug must be lowercase letters, digits and single hyphens, at most 200 characters.",
        "sourceSlug",
      );
    }
    const options = { publishedOn: publishedOn ?? undefined, sourceSlug: sourceSlug ?? undefined };
    const draft = extractor
      ? await extractor.extract(text, options, requestWork.getStore()?.signal)
      : extractDraft(text, options);
    return matchStoredActors(db, draft);
  }
}

import { Arg, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { RequireScope } from "../../auth/authorize";
import type { ApiKeyRecord, Scope } from "../../auth/keys";
import { createApiKey, findApiKey, keyRequestProblem, listApiKeys, revokeApiKey, SCOPES } from "../../auth/keys";
import { DateTimeScalar } from "../../common/scalars";
import type { Context } from "../../context";
import { BadUserInputError, NotFoundError } from "../../errors";

@ObjectType({
  description: "An API key, as the server keeps it: never the key itself, which is shown once, when it is created.",
})
export class ApiKey {
  @Field(() => Int)
  id!: number;

  @Field({ description: 'Who or what uses the key ("newsroom pipeline"); revisions name their author by it.' })
  name!: string;

  @Field({ description: "The key's first 12 characters, to tell keys apart." })
  prefix!: string;

  @Field(() => [String], { description: `What the key may do: ${SCOPES.join(", ")}.` })
  scopes!: string[];

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When the key was revoked; a revoked key is refused (UNAUTHENTICATED).",
  })
  revokedAt!: Date | null;
}

@ObjectType({ description: "A new API key: `key` is the only time the key is shown." })
export class CreatedApiKey {
  @Field({
    description:
      "The key, to send as `Authorization: Bearer <key>`. Keep it now: the server stores its SHA-256 digest only.",
  })
  key!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}

@Resolver()
export class ApiKeyResolver {
  @Query(() => ApiKey, {
    nullable: true,
    description: "The API key this request was made with; null for an anonymous request.",
  })
  async viewer(@Ctx() { principal, db }: Context): Promise<ApiKeyRecord | null> {
    if (!principal) return null;
    return (await findApiKey(db, principal.keyId)) ?? null;
  }

  @RequireScope("admin", "Query")
  @Query(() => [ApiKey], { description: "Every API key, revoked ones too, oldest first. Needs an admin key." })
  apiKeys(@Ctx() { db }: Context): Promise<ApiKeyRecord[]> {
    return listApiKeys(db);
  }

  @RequireScope("admin")
  @Mutation(() => CreatedApiKey, { description: "Makes an API key with these scopes. Needs an admin key." })
  async createApiKey(
    @Arg("name", { description: "Who or what will use the key." }) name: string,
    @Arg("scopes", () => [String], { description: `Any of ${SCOPES.join(", ")}.` }) scopes: string[],
    @Ctx() { db }: Context,
  ): Promise<{ key: string; apiKey: ApiKeyRecord }> {
    const problem = keyRequestProblem(name, scopes);
    if (problem) throw new BadUserInputError(problem, problem.includes("scope") ? "scopes" : "name");
    const { key, record } = await createApiKey(db, name, scopes as Scope[]);
    return { key, apiKey: record };
  }

  @RequireScope("admin")
  @Mutation(() => ApiKey, {
    description: "Revokes an API key: requests made with it are refused from now on. Needs an admin key.",
  })
  async revokeApiKey(@Arg("id", () => Int) id: number, @Ctx() { db }: Context): Promise<ApiKeyRecord> {
    const revoked = await revokeApiKey(db, id);
    if (!revoked) throw new NotFoundError("ApiKey", "id", String(id));
    return revoked;
  }
}

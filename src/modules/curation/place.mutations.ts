import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import type { z } from "zod";
import { RequireScope } from "../../auth/authorize";
import { placeSchema } from "../../bundle/schema";
import { fromGlobalIdOf, toGlobalId } from "../../common/global-id";
import type { Context } from "../../context";
import { ConflictError, NotFoundError } from "../../errors";
import type { PlaceRecord } from "../event/event.service";
import { Place } from "../event/event.type";
import type { Tx } from "./curate";
import {
  changedMeanwhile,
  checked,
  checkVersion,
  curate,
  fromInput,
  countUpTo,
  describeUses,
  USE_COUNT_CAP,
} from "./curate";
import { PlaceChanges, PlaceInput } from "./place.inputs";
import { Deletion, deletion } from "./statement.mutations";

async function currentPlace(tx: Tx, id: string, version: number) {
  const row = await tx.place.findUnique({ where: { id: fromGlobalIdOf("Place", id) } });
  if (!row) throw new NotFoundError("Place", "ID", id);
  checkVersion("The place", row, version);
  return row;
}

/** A checked place's columns, every optional one written (null when absent). */
function placeColumns(p: z.output<typeof placeSchema>) {
  return {
    name: p.name,
    locality: p.locality ?? null,
    region: p.region ?? null,
    country: p.country ?? null,
    countryCode: p.countryCode ?? null,
    latitude: p.latitude ?? null,
    longitude: p.longitude ?? null,
    coordinatesBasis: p.coordinatesBasis ?? null,
    note: p.note ?? null,
  };
}

@Resolver()
export class PlaceMutations {
  @RequireScope("context:curate")
  @Mutation(() => Place, { description: "Adds a place events can be held at. Needs context:curate." })
  async createPlace(
    @Arg("input", () => PlaceInput, { description: "The new place's fields." }) input: PlaceInput,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<PlaceRecord> {
    const place = checked(placeSchema, fromInput(input));
    const { value: id } = await curate(context.db, context.principal!, "createPlace", reason, async ({ tx, log }) => {
      const taken = await tx.place.findUnique({ where: { slug: place.slug }, select: { id: true } });
      if (taken) {
        throw new ConflictError(`A place has slug "${place.slug}" already.`, {
          argumentName: "input",
          field: "input.slug",
          existing: toGlobalId("Place", taken.id),
        });
      }
      const row = await tx.place.create({ data: { slug: place.slug, ...placeColumns(place) } });
      log.created("Place", row);
      return row.id;
    });
    return context.loaders.event.placeById.load(id) as Promise<PlaceRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Place, {
    description:
      "Changes a place; `version` must be the one you read (else CONFLICT, and nothing is written). Needs context:curate.",
  })
  async updatePlace(
    @Arg("id", () => ID, { description: "The place's ID." }) id: string,
    @Arg("version", () => Int, { description: "The place's `version` as you read it." }) version: number,
    @Arg("input", () => PlaceChanges, { description: "The fields to change." }) input: PlaceChanges,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<PlaceRecord> {
    const { value: rowId } = await curate(
      context.db,
      context.principal!,
      "updatePlace",
      reason,
      async ({ tx, log }) => {
        const current = await currentPlace(tx, id, version);
        const { id: _id, version: _version, ...stored } = current;
        const place = checked(placeSchema, { ...stored, ...fromInput(input) });
        const { count } = await tx.place.updateMany({
          where: { id: current.id, version },
          data: { ...placeColumns(place), version: { increment: 1 } },
        });
        if (count === 0) throw changedMeanwhile("The place");
        const after = await tx.place.findUniqueOrThrow({ where: { id: current.id } });
        log.updated("Place", current, after);
        return current.id;
      },
    );
    return context.loaders.event.placeById.load(rowId) as Promise<PlaceRecord>;
  }

  @RequireScope("context:curate")
  @Mutation(() => Deletion, {
    description: "Deletes a place no event is held at (else CONFLICT, saying how many are). Needs context:curate.",
  })
  async deletePlace(
    @Arg("id", () => ID, { description: "The place's ID." }) id: string,
    @Arg("version", () => Int, { description: "The place's `version` as you read it." }) version: number,
    @Arg("reason", () => String, { nullable: true, description: "Why, for the history." }) reason: string | null,
    @Ctx() context: Context,
  ): Promise<Deletion> {
    const { revision } = await curate(context.db, context.principal!, "deletePlace", reason, async ({ tx, log }) => {
      const current = await currentPlace(tx, id, version);
      const uses = {
        events: await countUpTo(
          tx.event.findMany({ where: { placeId: current.id }, select: { id: true }, take: USE_COUNT_CAP }),
        ),
      };
      if (uses.events > 0) {
        throw new ConflictError(
          `The place "${current.slug}" is used by ${describeUses(uses)}; change those first.`,
          uses,
        );
      }
      const { count } = await tx.place.deleteMany({ where: { id: current.id, version } });
      if (count === 0) throw changedMeanwhile("The place");
      log.deleted("Place", current);
    });
    return deletion(context, id, revision);
  }
}

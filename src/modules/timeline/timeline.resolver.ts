import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { ConnectionShape } from "../../common/connection";
import { ConnectionArgs, paginate, toConnection, validateConnectionArgs } from "../../common/connection";
import { loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import type { ActorRecord } from "../actor/actor.service";
import { Actor } from "../actor/actor.type";
import type { EventRecord } from "../event/event.service";
import { Event } from "../event/event.type";
import type { TimelineEntryRecord } from "./timeline.service";
import { TimelineConnection, TimelineEntry, TimelineItem } from "./timeline.type";

async function timelineConnection(
  args: ConnectionArgs,
  loadEntries: () => Promise<TimelineEntryRecord[]>,
): Promise<ConnectionShape<TimelineEntryRecord>> {
  validateConnectionArgs(args);
  const entries = await loadEntries();
  const byKey = new Map(entries.map((entry) => [entry.key, entry]));
  const page = paginate([...byKey.keys()], args, "TimelineEntry");
  return toConnection(
    page,
    page.ids.map((key) => byKey.get(key)!),
  );
}

@Resolver(() => Actor)
export class ActorTimelineResolver {
  @FieldResolver(() => TimelineConnection, {
    description: "This actor's statements and positions in time order, across events; earliest first, undated last.",
  })
  timeline(@Root() actor: ActorRecord, @Args() args: ConnectionArgs, @Ctx() { loaders }: Context) {
    return timelineConnection(args, () => loaders.timeline.byActor.load(actor.id));
  }
}

@Resolver(() => Event)
export class EventTimelineResolver {
  @FieldResolver(() => TimelineConnection, {
    description: "This event's sub-events (at any depth) and statements (as in `statements`) in time order.",
  })
  timeline(@Root() event: EventRecord, @Args() args: ConnectionArgs, @Ctx() { loaders }: Context) {
    return timelineConnection(args, () => loaders.timeline.byEvent.load(event.id));
  }
}

@Resolver(() => TimelineEntry)
export class TimelineEntryResolver {
  @FieldResolver(() => TimelineItem, { description: "The event, statement or position." })
  item(@Root() entry: TimelineEntryRecord, @Ctx() { loaders }: Context): Promise<{ typename: string }> {
    switch (entry.type) {
      case "Event":
        return loadOrFail(loaders.event.byId, entry.id);
      case "Statement":
        return loadOrFail(loaders.statement.byId, entry.id);
      case "Position":
        return loadOrFail(loaders.position.byId, entry.id);
    }
  }
}

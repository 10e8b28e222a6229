import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { ConnectionArgs } from "../../common/connection";
import { loadOrFail } from "../../common/loaders";
import type { Context } from "../../context";
import type { ActorRecord } from "../actor/actor.service";
import { Actor } from "../actor/actor.type";
import type { EventRecord } from "../event/event.service";
import { Event } from "../event/event.type";
import type { TimelineEntryRecord } from "./timeline.service";
import { actorTimeline, eventTimeline } from "./timeline.service";
import { TimelineConnection, TimelineEntry, TimelineItem } from "./timeline.type";

@Resolver(() => Actor)
export class ActorTimelineResolver {
  @FieldResolver(() => TimelineConnection, {
    description: "This actor's statements and positions in time order, across events; earliest first, undated last.",
  })
  timeline(@Root() actor: ActorRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(actorTimeline, actor.id, args);
  }
}

@Resolver(() => Event)
export class EventTimelineResolver {
  @FieldResolver(() => TimelineConnection, {
    description: "This event's sub-events (at any depth) and statements (as in `statements`) in time order.",
  })
  timeline(@Root() event: EventRecord, @Args() args: ConnectionArgs, @Ctx() { pages }: Context) {
    return pages.child(eventTimeline, event.id, args);
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

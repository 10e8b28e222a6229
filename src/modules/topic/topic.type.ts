import { Field, ObjectType } from "type-graphql";
import { ConnectionType } from "../../common/connection";
import { Node } from "../../common/node.type";
import { Versioned } from "../revision/revision.type";

@ObjectType({
  implements: [Node, Versioned],
  description: 'A subject statements touch and positions are taken on ("the land swap").',
})
export class Topic extends Versioned {
  @Field({ description: 'Stable human-readable key ("territorial-exchange").' })
  slug!: string;

  @Field({ description: "Short name." })
  name!: string;

  @Field(() => String, { nullable: true, description: "What the topic covers." })
  description!: string | null;
}

export const TopicConnection = ConnectionType(Topic, "Topic", "topic");

import { Field, ID, InterfaceType } from "type-graphql";
import { typeNameOf } from "./type-name";

@InterfaceType({
  description: "An object with a global ID, refetchable with `node(id:)`.",
  resolveType: typeNameOf,
})
export abstract class Node {
  @Field(() => ID, { description: "Opaque global ID: pass it to `node(id:)` to fetch this object again." })
  id!: string;
}

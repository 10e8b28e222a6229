import { Field, InputType, registerEnumType } from "type-graphql";
import { BadUserInputError, clip } from "../errors";
import { DateTimeScalar, LocalDateScalar } from "./scalars";

export const OrderDirection = { ASC: "ASC", DESC: "DESC" } as const;
export type OrderDirection = (typeof OrderDirection)[keyof typeof OrderDirection];

registerEnumType(OrderDirection, {
  name: "OrderDirection",
  description: "Sort direction.",
  valuesConfig: {
    ASC: { description: "Smallest or earliest first." },
    DESC: { description: "Largest or latest first." },
  },
});

@InputType({
  description:
    "A span of time, either end optional. It matches a dated object whose period overlaps it: a DAY-precision date matches if any part of that day (in its time zone) is inside the range.",
})
export class InstantRange {
  @Field(() => DateTimeScalar, { nullable: true, description: "Start of the range (inclusive)." })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "End of the range (inclusive)." })
  to?: Date | null;
}

@InputType({ description: "A span of calendar days, either end optional, both ends inclusive." })
export class DateRange {
  @Field(() => LocalDateScalar, { nullable: true, description: "First day (inclusive), YYYY-MM-DD." })
  from?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day (inclusive), YYYY-MM-DD." })
  to?: string | null;
}

/** Throws BAD_USER_INPUT when a range ends before it starts. */
export function checkRange(
  range: { from?: Date | string | null; to?: Date | string | null } | null | undefined,
  argumentName: string,
): void {
  if (!range?.from || !range.to) return;
  const from = new Date(range.from).getTime();
  const to = new Date(range.to).getTime();
  if (from > to) {
    const show = (value: Date | string) => (value instanceof Date ? value.toISOString() : value);
    throw new BadUserInputError(
      `\`${argumentName}\` ends (${show(range.to)}) before it starts (${show(range.from)}).`,
      argumentName,
    );
  }
}

/**
 * Slugs a client named, resolved to ids through a by-slug loader; an unknown slug is the
 * client's error, named. `undefined` when the client gave no list (no condition).
 */
export async function idsOfSlugs(
  loader: { loadMany(slugs: readonly string[]): Promise<({ id: number } | null | Error)[]> },
  slugs: readonly string[] | null | undefined,
  what: string,
  argumentName: string,
): Promise<number[] | undefined> {
  if (!slugs) return undefined;
  const rows = await loader.loadMany(slugs);
  return rows.map((row, index) => {
    if (row instanceof Error) throw row;
    if (row === null)
      throw new BadUserInputError(
        `No ${what} has slug "${clip(slugs[index]!)}" (in \`${argumentName}\`).`,
        argumentName,
      );
    return row.id;
  });
}

/** Refuses a list argument naming the same slug twice, where order and count matter (matrix rows, columns). */
export function assertDistinct(slugs: readonly string[] | null | undefined, argumentName: string): void {
  const seen = new Set<string>();
  for (const slug of slugs ?? []) {
    if (seen.has(slug)) throw new BadUserInputError(`\`${argumentName}\` lists "${clip(slug)}" twice.`, argumentName);
    seen.add(slug);
  }
}

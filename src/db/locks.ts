import type { Prisma } from "../generated/prisma/client";

/**
 * Holds a transaction-scoped advisory lock on `name` until the transaction ends: writers that
 * must not interleave (imports of one source and curators of its rows; checks the database
 * cannot make, such as keys among rows without a source) take the same name.
 */
export async function lockName(tx: Prisma.TransactionClient, name: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${name}))`;
}

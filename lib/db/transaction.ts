import "server-only";
import type pg from "pg";

export type TransactionOptions = {
  readOnly?: boolean;
  /** Sort and hash memory for the transaction's statements, such as "64MB". */
  workMem?: string;
  /** The longest any one statement may run, in milliseconds. */
  statementTimeout?: number;
  /** Roll back at the end instead of committing: a dry run that does all the work and keeps none of it. */
  rollback?: boolean;
  /** Turns LLVM JIT compilation off for the transaction's statements. */
  noJit?: boolean;
  /** Plans no nested loop where another join will do (`enable_nestloop = off`). */
  noNestedLoops?: boolean;
  /** Plans no sort where hashing will do (`enable_sort = off`). */
  noSorts?: boolean;
  /** Counts parallel workers' start and their rows' passing to the leader as free, so that any plan that can use them does. */
  freeParallel?: boolean;
};

const SIZE = /^\d{1,6}(kB|MB|GB)$/;

/**
 * Runs `work` in one transaction on a connection of its own: committed when it resolves, rolled back when it throws.
 * The settings are `set local`, so they end with the transaction and never leak to the next user of the connection.
 * A connection that cannot even roll back is discarded rather than returned to the pool.
 */
export async function withTransaction<T>(pool: pg.Pool, options: TransactionOptions, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const opening = [options.readOnly ? "begin read only" : "begin"];
  if (options.workMem !== undefined) {
    if (!SIZE.test(options.workMem)) throw new Error(`work_mem is a size such as 64MB, not "${options.workMem}"`);
    opening.push(`set local work_mem = '${options.workMem}'`);
  }
  if (options.statementTimeout !== undefined) {
    if (!Number.isSafeInteger(options.statementTimeout) || options.statementTimeout < 0) throw new Error("statement_timeout is a whole number of ms");
    opening.push(`set local statement_timeout = ${options.statementTimeout}`);
  }
  if (options.noJit) opening.push("set local jit = off");
  if (options.noNestedLoops) opening.push("set local enable_nestloop = off");
  if (options.noSorts) opening.push("set local enable_sort = off");
  if (options.freeParallel) opening.push("set local parallel_setup_cost = 0", "set local parallel_tuple_cost = 0");
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // One round trip for the opening statements (a simple query may hold several).
    await client.query(opening.join("; "));
    const result = await work(client);
    await client.query(options.rollback ? "rollback" : "commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

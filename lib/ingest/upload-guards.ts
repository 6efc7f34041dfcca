import "server-only";
import type pg from "pg";
import { Slots } from "@/lib/concurrency";
import { withTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * What keeps uploads from holding the server: a cap on uploads at once in this process, an idle limit on a body that
 * stops arriving, and a lock per running upload that dies with its connection, by which a restarted server tells an
 * upload that crashed from one still running in another process (the CLI, a second app instance).
 */

const uploads = new Slots({
  size: () => env().JOURNEYLENS_UPLOADS_AT_ONCE,
  maxWaiting: 0,
  full: () =>
    new AppError("rate_limited", `${env().JOURNEYLENS_UPLOADS_AT_ONCE} uploads are running on this server, the most at once. Try again in a minute.`, undefined, 60),
});

/** Runs an upload in one of JOURNEYLENS_UPLOADS_AT_ONCE places; past them it answers 429 with Retry-After. */
export function withUploadPlace<T>(work: () => Promise<T>): Promise<T> {
  return uploads.run(work);
}

/**
 * The stream, failing when no bytes arrive for JOURNEYLENS_UPLOAD_IDLE_S: a client that stops sending ends its upload
 * (the import's transaction rolls back) instead of holding a connection and an open transaction for ever.
 */
export async function* idleLimited(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const seconds = env().JOURNEYLENS_UPLOAD_IDLE_S;
  const iterator = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError("invalid", `The upload stopped: no data arrived for ${seconds} s (JOURNEYLENS_UPLOAD_IDLE_S). Nothing was stored.`)), seconds * 1000);
      });
      try {
        const next = await Promise.race([iterator.next(), idle]);
        if (next.done) return;
        yield next.value;
      } finally {
        clearTimeout(timer);
      }
    }
  } finally {
    // Not awaited: a source still waiting for bytes that never come would hold its return() for ever.
    void iterator.return?.()?.catch(() => {});
  }
}

// Advisory locks in their own namespace: (this number, upload id).
const UPLOAD_LOCK = 7_267_100;

/** Held for the import's transaction, released by its end or by the connection's death. */
export async function lockRunningUpload(client: pg.PoolClient, uploadId: string) {
  await client.query("select pg_advisory_xact_lock($1, $2::int)", [UPLOAD_LOCK, uploadId]);
}

/**
 * Marks failed, with a reason, every upload left `running` whose lock nobody holds: its process died before it could
 * say how it ended. Run at server start. Each upload's lock is tried in a transaction of its own and released by its
 * end: a session lock could stay behind on a pooler's server connection (PgBouncer in transaction mode).
 */
export async function failAbandonedUploads(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>("select id::text from uploads where status = 'running'");
  const failed: string[] = [];
  for (const { id } of rows) {
    const abandoned = await withTransaction(pool, {}, async (client) => {
      const { rows: lock } = await client.query("select pg_try_advisory_xact_lock($1, $2::int) as free", [UPLOAD_LOCK, id]);
      if (!lock[0].free) return false;
      const report = { message: "The server stopped while this upload was running (a crash or a restart). Nothing of it was stored; upload the file again.", errors: [] };
      const { rowCount } = await client.query("update uploads set status = 'failed', finished_at = now(), error_report = $2 where id = $1 and status = 'running'", [id, JSON.stringify(report)]);
      return rowCount === 1;
    });
    if (abandoned) failed.push(id);
  }
  return failed;
}

import "server-only";
import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { describeBytes } from "@/lib/ingest/limits";

/**
 * A request body read as a stream and stopped as soon as it passes `limit` bytes, chunked or not, whatever
 * Content-Length claims: a large body never sits in memory. Passing the limit answers 413 with the limit.
 */
export async function readBody(req: NextRequest, limit: number, what: string): Promise<Buffer> {
  const tooLarge = () => new AppError("too_large", `${what} may be at most ${describeBytes(limit)}.`);
  if (Number(req.headers.get("content-length") ?? 0) > limit) throw tooLarge();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      linger(reader);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * The rest of a body past its limit, read and dropped for a while after the answer, as a server's lingering close
 * does: cancelling it at once resets the connection, and the client could get the reset before the 413 that says
 * why. Bounded in bytes and time, after which it is cancelled all the same.
 */
const LINGER_BYTES = 4 * 1024 * 1024;
const LINGER_MS = 5_000;
function linger(reader: ReadableStreamDefaultReader<Uint8Array>) {
  const stop = () => void reader.cancel().catch(() => {});
  const timer = setTimeout(stop, LINGER_MS);
  timer.unref?.();
  void (async () => {
    let dropped = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        dropped += value.byteLength;
        if (dropped > LINGER_BYTES) {
          stop();
          break;
        }
      }
    } catch {
      // The client went away: nothing left to drop.
    } finally {
      clearTimeout(timer);
    }
  })();
}

/** A JSON body of at most `limit` bytes (64 KiB unless said); a body that is not JSON answers 400 with `example`. */
export async function readJson(req: NextRequest, example: string, limit = 64 * 1024): Promise<unknown> {
  const text = (await readBody(req, limit, "A JSON body")).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid", `The request body must be JSON: ${example}.`);
  }
}

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
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
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

import "server-only";
import { getDb } from "@/lib/db/client";

/** Prepares the database at server start (no acting user: nothing is read or written on anyone's behalf). */
export async function warmUp() {
  await getDb();
}

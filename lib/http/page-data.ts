import "server-only";
import { forbidden, notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

/**
 * For server components: runs a lib/data call and turns its refusals into the matching page — 404 for what does
 * not exist or is out of reach, 403 for a missing permission — and invalid parameters, a report too costly to run
 * and a busy server into a message to show.
 */
export async function pageData<T>(load: () => Promise<T>): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  try {
    return { ok: true, data: await load() };
  } catch (error) {
    if (error instanceof AppError) {
      if (error.code === "not_found") notFound();
      if (error.code === "forbidden") forbidden();
      if (error.code === "invalid" || error.code === "too_costly" || error.code === "busy") return { ok: false, message: error.message };
    }
    throw error;
  }
}

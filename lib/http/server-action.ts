import "server-only";
import { z } from "zod";
import { publicError } from "@/lib/errors";
import { currentActor } from "@/lib/auth/session";
import type { Actor } from "@/lib/data/actor";

/** An action's answer; a refusal carries the error code an API would answer with (`forbidden`, `not_found` …). */
export type ActionState<T = unknown> = { ok: true; data: T; message?: string } | { ok: false; error: string; code: string } | null;

/**
 * The wrapper every server action uses. Server actions are public endpoints: each checks the session itself,
 * parses its form with zod, and calls lib/data, where the permission is checked.
 */
/**
 * For the few actions whose credential is in the form itself (a one-time link's token) rather than a session: the
 * same parsing and error mapping, with no actor.
 */
export function tokenAction<S extends z.ZodType, T>(schema: S, fn: (input: z.output<S>) => Promise<T>, message?: (data: T) => string) {
  return async (_prev: unknown, form: FormData): Promise<ActionState<T>> => {
    const parsed = schema.safeParse(Object.fromEntries(form.entries()));
    if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.message).join(" "), code: "invalid" };
    try {
      const data = await fn(parsed.data);
      return { ok: true, data, message: message?.(data) };
    } catch (error) {
      const e = publicError(error);
      return { ok: false, error: e.message, code: e.code };
    }
  };
}

export function serverAction<S extends z.ZodType, T>(schema: S, fn: (actor: Actor, input: z.output<S>) => Promise<T>, message?: (data: T) => string) {
  return async (_prev: unknown, form: FormData): Promise<ActionState<T>> => {
    const actor = await currentActor();
    if (!actor) return { ok: false, error: "Your session has ended. Sign in again.", code: "unauthorized" };
    const parsed = schema.safeParse(Object.fromEntries(form.entries()));
    if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.message).join(" "), code: "invalid" };
    try {
      const data = await fn(actor, parsed.data);
      return { ok: true, data, message: message?.(data) };
    } catch (error) {
      const e = publicError(error);
      return { ok: false, error: e.message, code: e.code };
    }
  };
}

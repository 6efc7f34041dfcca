import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { AppError, publicError } from "@/lib/errors";
import { actorForApiKey } from "@/lib/data/api-keys";
import { requirePermission, type Actor } from "@/lib/data/actor";
import type { Permission } from "@/lib/auth/permissions";
import { currentActor } from "@/lib/auth/session";
import { appOrigin } from "./app-origin";

/**
 * The wrapper every JSON route handler uses: authenticate by `Authorization: Bearer <key>` or by the session (401),
 * check the route's permission before anything of the body is read (403), run the handler (which calls lib/data,
 * where permissions are checked again: 403/404), and map errors to JSON.
 */
export function apiRoute<Ctx>(handler: (req: NextRequest, actor: Actor, ctx: Ctx) => Promise<Response | object>, options: { permission?: Permission } = {}) {
  return async (req: NextRequest, ctx: Ctx) => {
    try {
      const actor = await authenticate(req);
      if (options.permission) requirePermission(actor, options.permission);
      const out = await handler(req, actor, ctx);
      return out instanceof Response ? out : NextResponse.json(out);
    } catch (error) {
      const e = publicError(error);
      const headers = e.retryAfter ? { "retry-after": String(e.retryAfter) } : undefined;
      return NextResponse.json({ error: { code: e.code, message: e.message, details: e.details } }, { status: e.status, headers });
    }
  };
}

async function authenticate(req: NextRequest): Promise<Actor> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match ? await actorForApiKey(match[1]!) : null;
    if (!actor) throw new AppError("unauthorized", "The API key is missing, wrong or revoked.");
    return actor;
  }
  const actor = await currentActor();
  if (!actor) throw new AppError("unauthorized", "Sign in or send an API key as `Authorization: Bearer <key>`.");
  // A browser sends the session cookie along with requests other sites make: a change needs proof it came from here.
  if (!SAFE_METHODS.has(req.method) && !(await fromThisOrigin(req)))
    throw new AppError("forbidden", "This request came from another site. Changes with a session cookie are accepted from this app's own pages only.");
  return actor;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Sec-Fetch-Site when the browser sends it, else the Origin header, compared with the app's origin. */
async function fromThisOrigin(req: NextRequest): Promise<boolean> {
  const site = req.headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = req.headers.get("origin");
  return origin !== null && origin === (await appOrigin());
}

import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { AppError, publicError } from "@/lib/errors";
import type { Actor } from "@/lib/data/actor";
import { openShare } from "@/lib/data/shares";

type Ctx<P> = { params: Promise<P & { token: string }> };

/**
 * The wrapper of a share link's own routes (read-only, GET): the token in the path is the credential. A wrong,
 * expired or revoked token answers 404; a password-protected link 401 until the browser has unlocked it.
 */
export function shareRoute<P>(handler: (req: NextRequest, actor: Actor, project: string, params: P) => Promise<Response | object>) {
  return async (req: NextRequest, ctx: Ctx<P>) => {
    try {
      const { token, ...params } = await ctx.params;
      const opened = await openShare(token, (name) => req.cookies.get(name)?.value);
      if (!opened.actor) throw new AppError("unauthorized", "This link needs its password: open the link and enter it.");
      const out = await handler(req, opened.actor, opened.project, params as P);
      return out instanceof Response ? out : NextResponse.json(out);
    } catch (error) {
      const e = publicError(error);
      return NextResponse.json({ error: { code: e.code, message: e.message } }, { status: e.status });
    }
  };
}

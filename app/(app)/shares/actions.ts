"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createShare, revokeShare, rotateShare } from "@/lib/data/shares";
import { serverAction } from "@/lib/http/server-action";

/** A new share link from the share form: one dashboard, or one report kind with the view's URL parameters. */
export async function createShareAction(prev: unknown, form: FormData) {
  return serverAction(
    z.object({
      slug: z.string(),
      dashboard: z.string().optional(),
      kind: z.string().optional(),
      params: z.string().max(20_000).default("{}"),
      expires: z.string().optional(),
      password: z.string().optional(),
      locks: z.string().max(10_000).default(""),
      allowCsv: z.string().optional(),
      allowPeople: z.string().optional(),
      allowSql: z.string().optional(),
    }),
    async (actor, input) => {
      let params: unknown = {};
      try {
        params = JSON.parse(input.params);
      } catch {
        params = {};
      }
      const created = await createShare(actor, input.slug, {
        ...input,
        params: params as Record<string, string>,
        password: input.password || undefined,
        locks: input.locks.split("\n"),
      });
      revalidatePath("/shares");
      return { path: created.path, expiresAt: created.expiresAt };
    },
  )(prev, form);
}

export async function revokeShareAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ id: z.string() }), async (actor, { id }) => {
    await revokeShare(actor, id);
    revalidatePath("/shares");
    return true;
  }, () => "Revoked: the link answers 404 from now on.")(prev, form);
}

export async function rotateShareAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ id: z.string() }), async (actor, { id }) => {
    const rotated = await rotateShare(actor, id);
    revalidatePath("/shares");
    return rotated.path;
  }, () => "A new address: the old one answers 404 from now on.")(prev, form);
}

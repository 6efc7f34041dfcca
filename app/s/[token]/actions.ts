"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { unlockShare } from "@/lib/data/shares";
import { tokenAction } from "@/lib/http/server-action";
import { env } from "@/lib/env";

/** A share link's password: on success the browser keeps an unlock cookie for a day, for this link's pages only. */
export const unlockShareAction = tokenAction(z.object({ token: z.string().max(100), password: z.string().min(1, "Enter the password.").max(200) }), async ({ token, password }) => {
  const unlock = await unlockShare(token, password);
  (await cookies()).set(unlock.name, unlock.value, { httpOnly: true, sameSite: "lax", path: `/s/${token}`, maxAge: unlock.maxAge, secure: env().NEXTAUTH_URL?.startsWith("https:") ?? false });
  return true;
});

"use server";

import { z } from "zod";
import { tokenAction } from "@/lib/http/server-action";
import { resetPassword } from "@/lib/data/users";

const resetSchema = z
  .object({ token: z.string().min(1), next: z.string(), confirm: z.string() })
  .refine((f) => f.next === f.confirm, { message: "The new password and its confirmation differ." });

/** The one-time link's token is the credential: no session is needed, and the link works once. */
export async function resetPasswordAction(prev: unknown, form: FormData) {
  return tokenAction(resetSchema, (input) => resetPassword(input.token, input.next), () => "Your password is set. Sign in with it.")(prev, form);
}

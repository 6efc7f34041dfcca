"use server";

import { z } from "zod";
import { serverAction } from "@/lib/http/server-action";
import { changeOwnPassword } from "@/lib/data/users";

const changeSchema = z
  .object({ current: z.string().min(1, "Enter your current password."), next: z.string(), confirm: z.string() })
  .refine((f) => f.next === f.confirm, { message: "The new password and its confirmation differ." });

export async function changePasswordAction(prev: unknown, form: FormData) {
  return serverAction(changeSchema, async (actor, input) => changeOwnPassword(actor, input), () => "Your password is changed. Your other sessions have ended.")(prev, form);
}

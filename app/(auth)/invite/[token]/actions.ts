"use server";

import { z } from "zod";
import { acceptInvitation } from "@/lib/data/invitations";
import { tokenAction } from "@/lib/http/server-action";

const acceptForm = z
  .object({ token: z.string().min(1), name: z.string(), next: z.string(), confirm: z.string() })
  .refine((f) => f.next === f.confirm, { message: "The password and its confirmation differ." });

/** The invitation's link is the credential: no session is needed, and it works once. */
export async function acceptInvitationAction(prev: unknown, form: FormData) {
  return tokenAction(acceptForm, (input) => acceptInvitation(input.token, { name: input.name, password: input.next }), (u) => `Welcome! Sign in as ${u.email}.`)(prev, form);
}

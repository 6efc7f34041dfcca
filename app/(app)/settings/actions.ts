"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { serverAction } from "@/lib/http/server-action";
import { createPasswordReset, createUser, newUserSchema, setUserDisabled, setUserRole } from "@/lib/data/users";
import { createApiKey, newApiKeySchema, revokeApiKey } from "@/lib/data/api-keys";
import { createProject, newProjectSchema } from "@/lib/data/projects";
import { ROLES } from "@/lib/auth/permissions";

export async function createUserAction(prev: unknown, form: FormData) {
  return serverAction(newUserSchema, async (actor, input) => {
    const user = await createUser(actor, input);
    revalidatePath("/settings/users");
    return user.email;
  }, (email) => `Created ${email}.`)(prev, form);
}

export async function setRoleAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ email: z.string(), role: z.enum(ROLES) }), async (actor, input) => {
    await setUserRole(actor, input.email, input.role);
    revalidatePath("/settings/users");
    return input.email;
  }, (email) => `Saved the role of ${email}.`)(prev, form);
}

export async function setDisabledAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ email: z.string(), disabled: z.enum(["true", "false"]) }), async (actor, input) => {
    await setUserDisabled(actor, input.email, input.disabled === "true");
    revalidatePath("/settings/users");
    return input.email;
  })(prev, form);
}

export async function resetLinkAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ email: z.string() }), async (actor, input) => {
    const reset = await createPasswordReset(actor, input.email);
    return { email: reset.email, path: reset.path, expiresAt: reset.expiresAt.toISOString() };
  })(prev, form);
}

export async function createApiKeyAction(prev: unknown, form: FormData) {
  return serverAction(newApiKeySchema, async (actor, input) => {
    const key = await createApiKey(actor, input);
    revalidatePath("/settings/api-keys");
    return key;
  })(prev, form);
}

export async function revokeApiKeyAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ id: z.string() }), async (actor, input) => {
    await revokeApiKey(actor, input.id);
    revalidatePath("/settings/api-keys");
    return input.id;
  }, () => "Revoked.")(prev, form);
}

export async function createProjectAction(prev: unknown, form: FormData) {
  return serverAction(newProjectSchema, async (actor, input) => {
    const project = await createProject(actor, input);
    revalidatePath("/", "layout");
    return project.slug;
  }, (slug) => `Created project ${slug}.`)(prev, form);
}

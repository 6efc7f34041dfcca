"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { serverAction } from "@/lib/http/server-action";
import { createPasswordReset, createUser, newUserSchema, setUserDisabled, setUserRole } from "@/lib/data/users";
import { createApiKey, newApiKeySchema, revokeApiKey } from "@/lib/data/api-keys";
import { createProject, deleteProject, newProjectSchema, updateProject } from "@/lib/data/projects";
import { createInvitation, invitationSchema, revokeInvitation } from "@/lib/data/invitations";
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

export async function updateProjectAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ slug: z.string(), name: z.string().optional(), timezone: z.string().optional() }), async (actor, input) => {
    const project = await updateProject(actor, input.slug, { name: input.name, timezone: input.timezone });
    revalidatePath("/", "layout");
    return project.slug;
  }, (slug) => `Saved ${slug}.`)(prev, form);
}

export async function deleteProjectAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ slug: z.string(), confirm: z.string().default("") }), async (actor, input) => {
    await deleteProject(actor, input.slug, input.confirm);
    revalidatePath("/", "layout");
    return input.slug;
  }, (slug) => `Deleted ${slug} and all its data.`)(prev, form);
}

export async function inviteUserAction(prev: unknown, form: FormData) {
  return serverAction(invitationSchema, async (actor, input) => {
    const invitation = await createInvitation(actor, input);
    revalidatePath("/settings/users");
    return { email: invitation.email, path: invitation.path, expiresAt: invitation.expiresAt.toISOString() };
  })(prev, form);
}

export async function revokeInvitationAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ id: z.string() }), async (actor, input) => {
    await revokeInvitation(actor, input.id);
    revalidatePath("/settings/users");
    return input.id;
  }, () => "Revoked the invitation.")(prev, form);
}

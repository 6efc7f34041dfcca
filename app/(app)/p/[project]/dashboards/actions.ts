"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  addDashboardTile, createDashboard, deleteDashboard, removeDashboardTile, saveDashboardLayout, setDashboardFilters, setDefaultDashboard,
} from "@/lib/data/dashboards";
import { createDigest, deleteDigest, sendDigestNow, type DigestInput } from "@/lib/data/digests";
import { serverAction } from "@/lib/http/server-action";

const target = { slug: z.string(), id: z.string() };
const refresh = (slug: string) => revalidatePath(`/p/${slug}`, "layout");

export async function createDashboardAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ slug: z.string(), name: z.string() }), async (actor, input) => {
    const board = await createDashboard(actor, input.slug, input.name);
    refresh(input.slug);
    return board.path;
  })(prev, form);
}

export async function addTileAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ ...target, saved: z.string().min(1, "Choose a saved report.") }), async (actor, input) => {
    await addDashboardTile(actor, input.slug, input.id, { saved: input.saved });
    refresh(input.slug);
    return input.id;
  }, () => "Added the tile.")(prev, form);
}

export async function saveLayoutAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ ...target, layout: z.string().max(20_000) }), async (actor, input) => {
    await saveDashboardLayout(actor, input.slug, input.id, JSON.parse(input.layout));
    refresh(input.slug);
    return input.id;
  }, () => "Saved the layout.")(prev, form);
}

export async function removeTileAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ ...target, tile: z.string() }), async (actor, input) => {
    await removeDashboardTile(actor, input.slug, input.id, input.tile);
    refresh(input.slug);
    return input.id;
  })(prev, form);
}

export async function setFiltersAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ ...target, from: z.string().default(""), to: z.string().default(""), where: z.string().default("") }), async (actor, input) => {
    const where = input.where.split("\n").map((w) => w.trim()).filter(Boolean);
    await setDashboardFilters(actor, input.slug, input.id, { from: input.from.trim() || undefined, to: input.to.trim() || undefined, where });
    refresh(input.slug);
    return input.id;
  }, () => "Applied to every tile.")(prev, form);
}

export async function setDefaultAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ ...target, isDefault: z.enum(["true", "false"]) }), async (actor, input) => {
    await setDefaultDashboard(actor, input.slug, input.id, input.isDefault === "true");
    refresh(input.slug);
    return input.id;
  })(prev, form);
}

export async function deleteDashboardAction(prev: unknown, form: FormData) {
  return serverAction(z.object(target), async (actor, input) => {
    await deleteDashboard(actor, input.slug, input.id);
    refresh(input.slug);
    return `/p/${input.slug}/dashboards`;
  })(prev, form);
}

export async function createDigestAction(prev: unknown, form: FormData) {
  return serverAction(
    z.object({ ...target, frequency: z.string(), weekday: z.string().optional(), monthDay: z.string().optional(), hour: z.string().optional(), recipients: z.string().max(10_000), locks: z.string().max(10_000).default("") }),
    async (actor, input) => {
      const digest = await createDigest(actor, input.slug, input.id, input as DigestInput);
      refresh(input.slug);
      return digest.id;
    },
    () => "Scheduled the digest.",
  )(prev, form);
}

export async function deleteDigestAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ slug: z.string(), digest: z.string() }), async (actor, input) => {
    await deleteDigest(actor, input.slug, input.digest);
    refresh(input.slug);
    return input.digest;
  })(prev, form);
}

export async function sendDigestAction(prev: unknown, form: FormData) {
  return serverAction(
    z.object({ slug: z.string(), digest: z.string() }),
    async (actor, input) => {
      const sent = await sendDigestNow(actor, input.slug, input.digest);
      refresh(input.slug);
      return sent;
    },
    (sent) => `Sent ${sent.tiles} charts to ${sent.recipients} recipient${sent.recipients === 1 ? "" : "s"}.`,
  )(prev, form);
}

/** A report view as it is on the page (its kind and URL parameters) added to a dashboard as a tile. */
export async function addViewTileAction(prev: unknown, form: FormData) {
  return serverAction(
    z.object({ ...target, kind: z.string(), params: z.string().max(20_000).default("{}") }),
    async (actor, input) => {
      let params: Record<string, string | string[]> = {};
      try {
        params = z.record(z.string(), z.union([z.string(), z.array(z.string())])).parse(JSON.parse(input.params));
      } catch {
        params = {};
      }
      await addDashboardTile(actor, input.slug, input.id, { kind: input.kind, params });
      refresh(input.slug);
      return `/p/${input.slug}/dashboards/${input.id}`;
    },
    () => "Added to the dashboard.",
  )(prev, form);
}

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { deleteSavedReport, saveReport, updateSavedReport } from "@/lib/data/saved-reports";
import { paramsJson } from "@/lib/http/params-json";
import { serverAction } from "@/lib/http/server-action";

export async function saveReportAction(prev: unknown, form: FormData) {
  return serverAction(
    z.object({ slug: z.string(), kind: z.string(), name: z.string(), description: z.string().default(""), params: paramsJson }),
    async (actor, input) => {
      const saved = await saveReport(actor, input.slug, input);
      revalidatePath(`/p/${input.slug}`, "layout");
      return saved.path;
    },
    () => "Saved.",
  )(prev, form);
}

export async function updateSavedReportAction(prev: unknown, form: FormData) {
  return serverAction(
    z.object({ slug: z.string(), id: z.string(), name: z.string().optional(), description: z.string().optional(), params: paramsJson.optional() }),
    async (actor, input) => {
      const saved = await updateSavedReport(actor, input.slug, input.id, input);
      revalidatePath(`/p/${input.slug}`, "layout");
      return saved.path;
    },
    () => "Saved the changes.",
  )(prev, form);
}

export async function deleteSavedReportAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ slug: z.string(), id: z.string(), kind: z.string() }), async (actor, input) => {
    await deleteSavedReport(actor, input.slug, input.id);
    revalidatePath(`/p/${input.slug}`, "layout");
    return `/p/${input.slug}/${input.kind}`;
  })(prev, form);
}

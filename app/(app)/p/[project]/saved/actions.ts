"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { deleteSavedReport, saveReport, updateSavedReport } from "@/lib/data/saved-reports";
import { serverAction } from "@/lib/http/server-action";

/** The view's URL parameters, as the form carries them: a JSON object of strings and lists of strings. */
const paramsJson = z
  .string()
  .max(20_000)
  .transform((text, ctx) => {
    try {
      return z.record(z.string(), z.union([z.string(), z.array(z.string())])).parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: "custom", message: "The view's parameters could not be read." });
      return z.NEVER;
    }
  });

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

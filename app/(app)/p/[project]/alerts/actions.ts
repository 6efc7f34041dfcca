"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createAlertRule, deleteAlertRule } from "@/lib/data/alerts";
import { serverAction } from "@/lib/http/server-action";

const optionalNumber = z.preprocess((v) => (v === "" || v === undefined ? undefined : Number(v)), z.number({ message: "Numbers only." }).finite().optional());
const optionalText = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());

const newAlertForm = z.object({
  slug: z.string(),
  name: z.string(),
  metric: z.string(),
  condition: z.string(),
  threshold: optionalNumber,
  k: optionalNumber,
  periods: optionalNumber,
  from: optionalText,
  as_of: optionalText,
  // A funnel's steps, one event a line, and its window: for the funnel conversion metric.
  steps: optionalText,
  window: optionalText,
  webhookUrl: optionalText,
});

export async function createAlertAction(prev: unknown, form: FormData) {
  return serverAction(newAlertForm, async (actor, input) => {
    const steps = (input.steps ?? "").split("\n").map((l) => l.trim()).filter(Boolean);
    const given = { from: input.from, as_of: input.as_of, window: input.window, ...(steps.length ? { step: steps } : {}) };
    const params = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
    const rule = await createAlertRule(actor, input.slug, {
      name: input.name,
      metric: input.metric as "dau",
      condition: input.condition as "anomaly",
      threshold: input.threshold,
      k: input.k,
      periods: input.periods,
      params,
      webhookUrl: input.webhookUrl,
    });
    revalidatePath(`/p/${input.slug}/alerts`);
    return rule.id;
  }, () => "Saved the rule.")(prev, form);
}

export async function deleteAlertAction(prev: unknown, form: FormData) {
  return serverAction(z.object({ slug: z.string(), id: z.string() }), async (actor, input) => {
    await deleteAlertRule(actor, input.slug, input.id);
    revalidatePath(`/p/${input.slug}/alerts`);
    return input.id;
  }, () => "Deleted the rule.")(prev, form);
}

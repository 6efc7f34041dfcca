"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { saveReportDefaults } from "@/lib/data/report-defaults";
import { paramsJson } from "@/lib/http/params-json";
import { serverAction } from "@/lib/http/server-action";

/** Stores a project's own defaults for a report kind (its stage definitions, for one): every view then reads them. */
export async function saveReportDefaultsAction(prev: unknown, form: FormData) {
  return serverAction(
    z.object({ slug: z.string(), kind: z.string(), params: paramsJson }),
    async (actor, input) => {
      const saved = await saveReportDefaults(actor, input.slug, input.kind, input.params);
      revalidatePath(`/p/${input.slug}/${input.kind}`);
      return saved;
    },
    () => "Saved for this project.",
  )(prev, form);
}

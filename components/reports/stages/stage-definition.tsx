"use client";

import { useActionState } from "react";
import { saveReportDefaultsAction } from "@/app/(app)/p/[project]/[report]/actions";
import type { StagesResult } from "@/lib/reports/stages/definition";

/**
 * The stage definition in use, in words, and for editors a button that makes it this project's own: every view of
 * the stages, on the page, in the API and in the CLI, then reads it wherever it does not say otherwise.
 */
export function StageDefinition({ slug, definition, editable }: { slug: string; definition: StagesResult["definition"]; editable: boolean }) {
  const [state, action, pending] = useActionState(saveReportDefaultsAction, null);
  const params = {
    purchase: definition.purchase,
    purchase_where: definition.purchaseWhere,
    return: definition.return,
    return_where: definition.returnWhere,
    category: definition.category,
    size: definition.size,
  };
  const filters = (list: string[]) => (list.length ? ` with ${list.join(" and ")}` : "");
  return (
    <section className="card space-y-2 p-5" data-testid="stage-definition">
      <h2 className="text-sm font-semibold text-slate-700">What the stages are</h2>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
        <li>
          A <strong>purchase</strong> is a “{definition.purchase}” event{filters(definition.purchaseWhere)}; the lines of one purchase share its time.
        </li>
        <li>
          A <strong>return</strong> is a “{definition.return}” event{filters(definition.returnWhere)}.
        </li>
        <li>
          <strong>First purchase</strong>: a person&apos;s first purchase. <strong>Repeat purchase</strong>: any later one. <strong>First purchase in a new category</strong>: a later
          purchase with a “{definition.category}” they had not bought before. <strong>Return</strong>: a return after the first purchase. Sizes are the events&apos; “{definition.size}”.
        </li>
      </ul>
      {editable && (
        <form action={action} className="flex flex-wrap items-center gap-3 pt-1">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="kind" value="stages" />
          <input type="hidden" name="params" value={JSON.stringify(params)} />
          <button type="submit" className="btn-secondary" disabled={pending}>
            Save as this project&apos;s definition
          </button>
          <span className="text-xs text-slate-500">Change it in the form above first; every view of the stages then uses it.</span>
          {state?.ok && <span className="text-sm text-emerald-700" role="status">{state.message}</span>}
          {state && !state.ok && <span className="text-sm text-red-700" role="alert">{state.error}</span>}
        </form>
      )}
    </section>
  );
}

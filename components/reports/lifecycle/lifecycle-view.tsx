import type { LifecycleResult } from "@/lib/reports/lifecycle/definition";
import type { ReportViewProps } from "../registry";
import { LifecycleChart } from "./lifecycle-chart";
import { LifecycleTable } from "./lifecycle-table";

/** Everyone's lifecycle bars and table, then one chart per breakdown value. */
export function LifecycleView({ output }: ReportViewProps<LifecycleResult>) {
  const r = output.result;
  const everyone = r.groups.find((g) => g.value === null)!;
  const values = r.groups.filter((g) => g.value !== null);
  return (
    <>
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">New, returning, resurrected and dormant people per {r.period}</h2>
        <LifecycleChart group={everyone} period={r.period} />
      </section>
      {values.length > 0 && (
        <section className="grid gap-4 lg:grid-cols-2" aria-label={`By ${r.breakdown}`}>
          {values.map((g) => (
            <div key={g.value} className="card p-5">
              <h3 className="mb-2 text-sm font-semibold text-slate-700">
                {r.breakdown}: {g.value}
              </h3>
              <LifecycleChart group={g} period={r.period} height={220} />
            </div>
          ))}
        </section>
      )}
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Per {r.period}</h2>
        <LifecycleTable periods={everyone.periods} period={r.period} />
      </section>
    </>
  );
}

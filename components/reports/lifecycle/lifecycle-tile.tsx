import type { LifecycleResult } from "@/lib/reports/lifecycle/definition";
import type { ReportTileProps } from "../registry";
import { LifecycleChart } from "./lifecycle-chart";

/** A dashboard tile: everyone's lifecycle bars. */
export function LifecycleTile({ output }: ReportTileProps<LifecycleResult>) {
  const everyone = output.result.groups.find((g) => g.value === null)!;
  return (
    <div data-testid="lifecycle-tile">
      <LifecycleChart group={everyone} period={output.result.period} height={180} />
    </div>
  );
}

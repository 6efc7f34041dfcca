import { formatNumber } from "@/lib/format";
import type { RetentionGroup } from "@/lib/reports/retention/definition";

/** Below this many people, a headline rate is flagged: one or two people more or less would move it by a point. */
const SMALL_BASE = 100;

/** What a period's average rests on: the cohorts complete in it, and their people. */
export function averageBase(group: RetentionGroup | undefined, k: number) {
  const cohorts = (group?.cohorts ?? []).filter((c) => c.size > 0 && c.cells[k]?.state === "complete");
  const people = cohorts.reduce((sum, c) => sum + c.size, 0);
  const words = `weighted average of ${formatNumber(cohorts.length)} complete cohort${cohorts.length === 1 ? "" : "s"}, ${formatNumber(people)} ${people === 1 ? "person" : "people"}`;
  return people > 0 && people < SMALL_BASE ? `${words} — a small base, read with care` : words;
}

import "server-only";
import { formatFilter } from "../filters";
import { runQuery, type ReportContext } from "../run-query";
import { resolveDayRange } from "../sql/time-bounds";
import { categoryOf, sizeOf, STAGE_DEFAULTS, type Durations, type Stage, type StagesParams, type StagesResult } from "./definition";
import { stagesQuery } from "./query";

type Row = {
  buyers: number;
  repeaters: number;
  new_category: number;
  returners: number;
  times: { stage: Exclude<Stage, "first_purchase">; people: number; mean: number; quartiles: [number, number, number] }[];
  transitions: { from: Stage; to: Stage | "none"; count: number; median_seconds: number | null }[];
  cohorts: { cohort: string; buyers: number; purchases: number; returns: number; returners: number }[];
  sizes: { size: string; purchases: number; returns: number }[];
  links: { level: number; from_page: string; to_page: string; n: number }[];
};

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export async function runStages(ctx: ReportContext, p: StagesParams): Promise<StagesResult> {
  const bounds = await resolveDayRange(ctx, p, STAGE_DEFAULTS.from);
  const [row] = await runQuery<Row>(ctx, "Stages", stagesQuery(ctx.project, p, bounds));
  if (!row) throw new Error("The stages query returned no row");
  const time = (stage: Exclude<Stage, "first_purchase">): Durations | null => {
    const t = row.times.find((x) => x.stage === stage);
    return t ? { people: t.people, mean: t.mean, p25: t.quartiles[0], median: t.quartiles[1], p75: t.quartiles[2] } : null;
  };
  const reached: Record<Stage, number> = { first_purchase: row.buyers, repeat_purchase: row.repeaters, new_category: row.new_category, return: row.returners };
  return {
    asOf: bounds.asOf,
    fromDay: bounds.fromDay,
    toDay: bounds.toDay,
    definition: { purchase: p.purchase, purchaseWhere: p.purchase_where.map(formatFilter), return: p.return, returnWhere: p.return_where.map(formatFilter), category: categoryOf(p), size: sizeOf(p) },
    buyers: row.buyers,
    stages: (Object.keys(reached) as Stage[]).map((stage) => ({ stage, people: reached[stage], share: rate(reached[stage], row.buyers) })),
    timeFromFirst: (["repeat_purchase", "new_category", "return"] as const).map((stage) => ({ stage, time: time(stage) })),
    transitions: row.transitions.map((t) => ({ from: t.from, to: t.to, count: t.count, medianSeconds: t.median_seconds })),
    returnsByCohort: row.cohorts.map((c) => ({ ...c, returnRate: rate(c.returns, c.purchases), returnerShare: rate(c.returners, c.buyers) })),
    returnsBySize: row.sizes.map((s) => ({ ...s, returnRate: rate(s.returns, s.purchases) })),
    categoryPaths: row.links.map((l) => ({ from: { level: l.level, page: l.from_page }, to: { level: l.level + 1, page: l.to_page }, journeys: l.n })),
  };
}

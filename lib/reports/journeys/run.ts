import "server-only";
import { compareProportions } from "@/lib/stats/compare";
import { formatBreakdown } from "../breakdown";
import { runQuery, type ReportContext } from "../run-query";
import { resolveDayRange } from "../sql/time-bounds";
import type { PathLink } from "../paths";
import type { JourneySegment, JourneysParams, JourneysResult, PageCount, PresenceComparison } from "./definition";
import { JOURNEY_DEFAULTS, LENGTH_CAP } from "./definition";
import { journeysQuery } from "./query";

type Keyed = { everyone: boolean; grp: string | null };
type Listed<K> = Keyed & { key: K; n: number };
type Row = {
  lengths: (Keyed & { journeys: number; mean: number | null; median: number | null })[];
  emptied: (Keyed & { n: number })[];
  length_bins: (Keyed & { length: number; n: number })[];
  presence: Listed<string>[];
  page_counts: Listed<string>[];
  sequences: Listed<string[]>[];
  first_pages: Listed<string>[];
  last_pages: Listed<string>[];
  before_pages: Listed<string>[];
  after_pages: Listed<string>[];
  path_links: { level: number; from_page: string; to_page: string; n: number }[];
  path_journeys: number;
};

const inGroup = (row: Keyed, value: string | null) => (value === null ? row.everyone : !row.everyone && row.grp === value);
const counts = (rows: Listed<string>[], value: string | null): PageCount[] => rows.filter((r) => inGroup(r, value)).map((r) => ({ page: r.key, count: r.n }));

function segment(row: Row, value: string | null): JourneySegment {
  const lengths = row.lengths.find((l) => inGroup(l, value));
  const journeys = lengths?.journeys ?? 0;
  return {
    value,
    journeys,
    emptied: row.emptied.find((e) => inGroup(e, value))?.n ?? 0,
    pageCounts: counts(row.page_counts, value),
    presence: row.presence.filter((r) => inGroup(r, value)).map((r) => ({ page: r.key, journeys: r.n, share: journeys ? r.n / journeys : 0 })),
    before: counts(row.before_pages, value),
    after: counts(row.after_pages, value),
    sequences: row.sequences.filter((r) => inGroup(r, value)).map((r) => ({ pages: r.key, journeys: r.n })),
    length: {
      mean: lengths?.mean ?? null,
      median: lengths?.median ?? null,
      distribution: row.length_bins.filter((b) => inGroup(b, value)).map((b) => ({ length: b.length, journeys: b.n, orLonger: b.length > LENGTH_CAP })),
    },
    firstPages: counts(row.first_pages, value),
    lastPages: counts(row.last_pages, value),
  };
}

/** Segment values by their journeys, most first; "(other)" last, as it is no value of its own. */
function segmentValues(row: Row): string[] {
  return row.lengths
    .filter((l) => !l.everyone)
    .sort((a, b) => Number(a.grp === "(other)") - Number(b.grp === "(other)") || b.journeys - a.journeys || (a.grp! < b.grp! ? -1 : 1))
    .map((l) => l.grp!);
}

/** Each page's presence in every other segment against the first (largest) one. */
function comparisons(segments: JourneySegment[]): PresenceComparison[] {
  const [baseline, ...others] = segments.filter((s) => s.value !== null && s.value !== "(other)");
  if (!baseline || !others.length) return [];
  return others.flatMap((s) =>
    baseline.presence.map((b) => ({
      page: b.page,
      segment: s.value!,
      baseline: baseline.value!,
      comparison: compareProportions({ successes: s.presence.find((x) => x.page === b.page)?.journeys ?? 0, total: s.journeys }, { successes: b.journeys, total: baseline.journeys }),
    })),
  );
}

/** Links in the order people went: for paths to an end page, the levels before it are counted back from it. */
function pathLinks(row: Row, toEnd: boolean): PathLink[] {
  return row.path_links.map((l) =>
    toEnd
      ? { from: { level: -(l.level + 1), page: l.to_page }, to: { level: -l.level, page: l.from_page }, journeys: l.n }
      : { from: { level: l.level, page: l.from_page }, to: { level: l.level + 1, page: l.to_page }, journeys: l.n },
  );
}

export async function runJourneys(ctx: ReportContext, p: JourneysParams): Promise<JourneysResult> {
  const bounds = await resolveDayRange(ctx, p, JOURNEY_DEFAULTS.from);
  const [row] = await runQuery<Row>(ctx, "Journeys", journeysQuery(ctx.project, p, bounds));
  if (!row) throw new Error("The journeys query returned no row");
  const segments = [segment(row, null), ...(p.segment ? segmentValues(row).map((v) => segment(row, v)) : [])];
  const anchor = p.start ? ("start" as const) : p.end ? ("end" as const) : null;
  return {
    asOf: bounds.asOf,
    fromDay: bounds.fromDay,
    toDay: bounds.toDay,
    source: p.event ? `${p.event}${p.by ? ` by ${p.by}` : ""}` : p.by ? `by ${p.by}` : "page journeys",
    unit: p.unit,
    segment: formatBreakdown(p.segment) ?? null,
    page: p.page ?? null,
    n: p.n,
    segments,
    comparisons: comparisons(segments),
    paths: anchor ? { anchor, page: (p.start ?? p.end)!, depth: p.depth, journeys: row.path_journeys, links: pathLinks(row, anchor === "end") } : null,
    pages: segments[0]!.pageCounts.map((c) => c.page),
  };
}

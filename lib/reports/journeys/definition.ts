import { z } from "zod";
import type { ProportionComparison } from "@/lib/stats/compare";
import { formatBreakdown, propertyField, propertyReferences } from "../breakdown";
import { asArray, commonParams, commonToRaw, dayField, single } from "../params";
import { filterReferences, formatFilter } from "../filters";
import type { ReportDefinition } from "../definition";
import { PATH_PAGES, type PathLink } from "../paths";

export const JOURNEY_DEFAULTS = { from: "-89d", unit: "person", sessions: "all", repeats: "collapse", n: 3, depth: 4 } as const;
export const JOURNEY_UNITS = ["person", "session"] as const;
export const MAX_SEQUENCE = 6;
export const MAX_DEPTH = 8;
/** Rows of each top list (pages, sequences, neighbours, first and last pages). */
export const TOP_ROWS = 25;
/** Journey lengths are counted one by one up to this, and together above it. */
export const LENGTH_CAP = 30;

export type SessionChoice = { take: "all" } | { take: "first" | "last"; count: number };

const text = z.preprocess(single, z.string().trim().min(1).max(200).optional());
const pages = z.preprocess(asArray, z.array(z.string().trim().min(1).max(200)).max(50, "At most 50 pages to remove."));

const sessionsField = z.preprocess(
  single,
  z
    .string()
    .trim()
    .default(JOURNEY_DEFAULTS.sessions)
    .transform((value, ctx): SessionChoice => {
      if (value === "all") return { take: "all" };
      const m = /^(first|last):(\d{1,4})$/.exec(value);
      if (!m || Number(m[2]) < 1) {
        ctx.addIssue({ code: "custom", message: `sessions is all, first:<n> or last:<n> (first:1, last:3), not "${value}".` });
        return z.NEVER;
      }
      return { take: m[1] as "first" | "last", count: Number(m[2]) };
    }),
);
const formatSessions = (s: SessionChoice) => (s.take === "all" ? "all" : `${s.take}:${s.count}`);

/** A segment names a property as `where` does: `person.<name>` a person's, a bare name that of the journey's first event. */
const segmentField = propertyField("segment names a property, as where does: person.plan (a person's), category (an event's).");

const fields = {
  ...commonParams,
  from: dayField("from"),
  to: dayField("to"),
  event: text,
  by: text,
  unit: z.preprocess(single, z.enum(JOURNEY_UNITS, { message: "unit is person or session." }).default(JOURNEY_DEFAULTS.unit)),
  sessions: sessionsField,
  remove: pages,
  repeats: z.preprocess(single, z.enum(["collapse", "keep"], { message: "repeats is collapse or keep." }).default(JOURNEY_DEFAULTS.repeats)),
  segment: segmentField,
  page: text,
  n: z.preprocess(single, z.coerce.number({ message: "n is a number from 2 to 6." }).int().min(2, "n is at least 2.").max(MAX_SEQUENCE, `n is at most ${MAX_SEQUENCE}.`).default(JOURNEY_DEFAULTS.n)),
  start: text,
  end: text,
  depth: z.preprocess(single, z.coerce.number({ message: "depth is a number from 1 to 8." }).int().min(1, "depth is at least 1.").max(MAX_DEPTH, `depth is at most ${MAX_DEPTH}.`).default(JOURNEY_DEFAULTS.depth)),
};
export const journeysSchema = z.object(fields).superRefine((p, ctx) => {
  if (p.start && p.end) ctx.addIssue({ code: "custom", message: "The path chart starts at a page or ends at one: give start or end, not both." });
});
export type JourneysParams = z.output<typeof journeysSchema>;

export type PageCount = { page: string; count: number };
export type PagePresence = { page: string; journeys: number; share: number };
export type SequenceCount = { pages: string[]; journeys: number };
export type LengthStats = { mean: number | null; median: number | null; distribution: { length: number; journeys: number; orLonger: boolean }[] };
export type JourneySegment = {
  /** null for everyone; otherwise the segment's value ("(none)" without one). */
  value: string | null;
  journeys: number;
  /** People or sessions with pages before removal and none after: not journeys, counted apart. */
  emptied: number;
  pageCounts: PageCount[];
  presence: PagePresence[];
  before: PageCount[];
  after: PageCount[];
  sequences: SequenceCount[];
  length: LengthStats;
  firstPages: PageCount[];
  lastPages: PageCount[];
};
/** A page's presence in a segment against the first (largest) segment. */
export type PresenceComparison = { page: string; segment: string; baseline: string; comparison: ProportionComparison | null };

export type JourneysResult = {
  asOf: string;
  fromDay: string;
  toDay: string;
  source: string;
  unit: "person" | "session";
  segment: string | null;
  page: string | null;
  n: number;
  segments: JourneySegment[];
  comparisons: PresenceComparison[];
  /** The path chart: links between the pages at consecutive levels (level 0 is the start or end page). */
  paths: { anchor: "start" | "end"; page: string; depth: number; journeys: number; links: PathLink[] } | null;
  /** Every page name the journeys hold, most frequent first: for the page pickers. */
  pages: string[];
};

const sourceWords = (p: JourneysParams) =>
  p.event
    ? `the events named "${p.event}"${p.by ? `, each named by its "${p.by}"` : ""}`
    : p.by
      ? `every event with a "${p.by}", named by it`
      : "the pages of page journeys (events without a clock)";

export const journeysDefinition = {
  kind: "journeys",
  title: "Journeys",
  parameters: Object.keys(fields),
  narrowing: "Narrow it: a later `from`, an earlier `to`, fewer sessions (first:3), or no segment.",
  viewParameters: ["view"],
  schema: journeysSchema,
  toRaw: (p) => ({
    ...commonToRaw(p),
    from: p.from,
    to: p.to,
    event: p.event,
    by: p.by,
    unit: p.unit,
    sessions: formatSessions(p.sessions),
    remove: p.remove,
    repeats: p.repeats,
    segment: formatBreakdown(p.segment),
    page: p.page,
    n: String(p.n),
    start: p.start,
    end: p.end,
    depth: String(p.depth),
  }),
  references: (p) => [
    ...filterReferences("where", p.where),
    ...propertyReferences("segment", p.segment),
    ...(p.by ? [{ parameter: "by", scope: "event" as const, property: p.by }] : []),
  ],
  events: (p) => (p.event ? [{ parameter: "event", event: p.event }] : []),
  describe(p, project) {
    const lines = [
      `Journeys of ${sourceWords(p)}. Events with a clock count from ${p.from ?? `${JOURNEY_DEFAULTS.from.slice(1, -1)} days before the as-of day`} to ${p.to ?? "the as-of day"} (local days in ${project.timezone}), up to as_of (${p.as_of ?? "now"}); pages without a clock are all counted.`,
      "Order: time, then upload and place in the file (sessions in the order they came, pages in order).",
      `Preprocessing, in this order: 1. unit: ${p.unit === "person" ? "a person's sessions concatenated in session order" : "each session on its own"}; 2. sessions: ${p.sessions.take === "all" ? "all" : `the ${p.sessions.take} ${p.sessions.count} of each person (all of them when a person has fewer)`}, taken before concatenation; 3. pages removed: ${p.remove.length ? p.remove.join(", ") : "none"}; 4. consecutive repeats: ${p.repeats === "collapse" ? "collapsed into one, across session boundaries too, after concatenation and removal" : "kept"}.`,
      "A journey left with no pages after removal is no journey: it is counted apart as emptied.",
      "Page count: every occurrence. Presence: journeys that contain the page at least once, and their share of all journeys. Sequences: contiguous runs of pages, each counted at most once per journey. Ties in every list: most first, then by name.",
    ];
    if (p.page) lines.push(`Before and after "${p.page}": the page just before and just after each of its occurrences; (start) and (end) at the journey's edges.`);
    if (p.start || p.end)
      lines.push(
        p.start
          ? `Paths: from each journey's first "${p.start}", the next ${p.depth} pages; (end) where the journey ends. At most ${PATH_PAGES} pages a level, the rest as (other).`
          : `Paths: to each journey's last "${p.end}", the ${p.depth} pages before it; (start) where the journey begins. At most ${PATH_PAGES} pages a level, the rest as (other).`,
      );
    if (p.where.length) lines.push(`Only events matching: ${p.where.map(formatFilter).join(" and ")}.`);
    if (p.segment)
      lines.push(
        `Every metric per value of the ${p.segment.scope === "person" ? "person's" : "journey's first event's"} "${p.segment.property}" ("(none)" without one); each page's presence in a segment is compared with the largest segment's by a pooled two-proportion z-test.`,
      );
    return lines;
  },
  table: (r) => ({
    columns: ["segment", "page", "count", "journeys_with_page", "share_of_journeys"],
    rows: r.segments.flatMap((s) =>
      s.presence.map((pr) => [s.value ?? "(all)", pr.page, s.pageCounts.find((c) => c.page === pr.page)?.count ?? 0, pr.journeys, pr.share]),
    ),
  }),
  drilldowns: {},
  examples: [
    {},
    { segment: "person.plan", page: "Pricing", start: "Homepage", repeats: "keep", unit: "session", sessions: "first:2", remove: ["Other"] },
    { event: "Order", by: "category", end: "Order", n: "2", sessions: "last:1", where: "person.plan = Pro", segment: "category" },
  ],
} satisfies ReportDefinition<JourneysParams, JourneysResult>;

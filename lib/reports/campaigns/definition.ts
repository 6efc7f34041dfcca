import { z } from "zod";
import type { MeanComparison, ProportionComparison } from "@/lib/stats/compare";
import { commonParams, commonToRaw, dayField, single } from "../params";
import { filterReferences, formatFilter } from "../filters";
import type { ReportDefinition } from "../definition";

export const CAMPAIGN_DEFAULTS = { window: "7d", dormant: "30d" } as const;
/** Breakdowns other than a person property: `person.<name>` names one. */
export const CAMPAIGN_BREAKDOWNS = [
  { value: "channel", label: "Channel" },
  { value: "send_day", label: "Send date" },
] as const;
const MAX_WINDOW_DAYS = 366;

const optionalText = z.preprocess(single, z.string().trim().min(1).max(200).optional());

/** `<n>d` or `<n>h`, as hours. */
const durationField = (name: string, fallback: string, units: "dh" | "d") =>
  z.preprocess(
    single,
    z
      .string()
      .trim()
      .default(fallback)
      .transform((text, ctx) => {
        const m = (units === "dh" ? /^(\d{1,5})([dh])$/ : /^(\d{1,5})(d)$/).exec(text);
        const hours = m ? Number(m[1]) * (m[2] === "d" ? 24 : 1) : 0;
        if (!m || hours <= 0 || hours > MAX_WINDOW_DAYS * 24) {
          ctx.addIssue({ code: "custom", message: `${name} is a number of ${units === "dh" ? "days or hours (14d, 36h)" : "days (30d)"} from 1 hour to ${MAX_WINDOW_DAYS} days, not "${text}".` });
          return z.NEVER;
        }
        return { text, hours };
      }),
  );

/** A breakdown of each campaign's sends: a column of the send, or a person property. */
export type CampaignBreakdown = { by: "channel" | "send_day" } | { by: "person"; property: string };

function parseBreakdown(text: string | undefined): CampaignBreakdown | undefined {
  if (!text) return undefined;
  if (text === "channel" || text === "send_day") return { by: text };
  return { by: "person", property: text.replace(/^person\./, "") };
}
export const formatBreakdown = (b: CampaignBreakdown | undefined) => (!b ? undefined : b.by === "person" ? `person.${b.property}` : b.by);

const fields = {
  ...commonParams,
  from: dayField("from"),
  to: dayField("to"),
  campaign: optionalText,
  goal: optionalText,
  window: durationField("window", CAMPAIGN_DEFAULTS.window, "dh"),
  dormant: durationField("dormant", CAMPAIGN_DEFAULTS.dormant, "d"),
  baseline: optionalText,
  breakdown: z.preprocess(single, z.string().trim().min(1).max(200).optional()).transform(parseBreakdown),
};
export const campaignsSchema = z.object(fields);
export type CampaignsParams = z.output<typeof campaignsSchema>;

/**
 * One group of a campaign's audience: the whole campaign (`arm` and `value` null), one arm (a variant, or the
 * holdout), or one value of the breakdown. Recipients and holdout members are never mixed in one group.
 */
export type CampaignGroup = {
  campaign: string;
  level: "campaign" | "arm" | "breakdown";
  holdout: boolean;
  /** The variant for an arm (null: sends without one); the breakdown value for a breakdown group. */
  value: string | null;
  firstSend: string;
  lastSend: string;
  audience: number;
  sent: number;
  bounced: number;
  delivered: number;
  opens: number;
  clicks: number;
  unsubscribes: number;
  openRate: number | null;
  ctr: number | null;
  clickToOpen: number | null;
  unsubscribeRate: number | null;
  /** null without a goal. */
  conversions: number | null;
  conversionRate: number | null;
  revenue: number;
  revenuePerMember: number | null;
  /** Sample variance of each member's revenue, for Welch's test. */
  revenueVariance: number | null;
  dormant: number;
  reengaged: number;
  reengagementRate: number | null;
  /** Every member's window has ended by as_of. */
  windowComplete: boolean;
};

export type CampaignSummary = CampaignGroup & { name: string; holdoutAudience: number; holdoutConversionRate: number | null };

/** The metrics compared between arms: rates by the z-test, revenue per member by Welch's test. */
export const COMPARED_RATES = [
  { metric: "openRate", label: "Open rate", successes: "opens", total: "delivered", recipientsOnly: true },
  { metric: "ctr", label: "CTR", successes: "clicks", total: "delivered", recipientsOnly: true },
  { metric: "clickToOpen", label: "Click-to-open", successes: "clicks", total: "opens", recipientsOnly: true },
  { metric: "unsubscribeRate", label: "Unsubscribe rate", successes: "unsubscribes", total: "delivered", recipientsOnly: true },
  { metric: "conversionRate", label: "Goal conversion", successes: "conversions", total: "audience", recipientsOnly: false },
  { metric: "reengagementRate", label: "Re-engagement", successes: "reengaged", total: "dormant", recipientsOnly: false },
] as const;

export type CampaignComparison = {
  campaign: string;
  /** The arm compared: a variant (null: sends without one). */
  variant: string | null;
  against: { holdout: true } | { holdout: false; variant: string | null };
  metric: (typeof COMPARED_RATES)[number]["metric"] | "revenuePerMember";
  label: string;
  value: number | null;
  control: number | null;
  test: ProportionComparison | MeanComparison | null;
};

export type CohortCell = { campaign: string; cohort: string; dormant: number; reengaged: number; rate: number | null };

export type CampaignsResult = {
  asOf: string;
  fromDay: string | null;
  toDay: string;
  goal: string | null;
  windowHours: number;
  dormantDays: number;
  breakdown: string | null;
  /** Every campaign with a send in the range (or the one asked for), newest first. */
  campaigns: CampaignSummary[];
  /** Arms and breakdown groups of those campaigns. */
  groups: CampaignGroup[];
  comparisons: CampaignComparison[];
  /** Comparisons per campaign, and the p-value under which a result survives Bonferroni's correction. */
  multipleComparisons: { campaign: string; count: number; bonferroni: number }[];
  /** Re-engagement of dormant recipients per signup cohort (month) and campaign. */
  cohorts: CohortCell[];
};

const windowWords = (hours: number) => (hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? "" : "s"}` : `${hours} hours`);

export const campaignsDefinition = {
  kind: "campaigns",
  title: "Campaigns",
  parameters: Object.keys(fields),
  narrowing: "Narrow it: one `campaign`, a later `from`, or no breakdown.",
  // The page's view: the campaign whose arms are compared, the metric drawn.
  viewParameters: ["metric"],
  schema: campaignsSchema,
  toRaw: (p) => ({
    ...commonToRaw(p),
    from: p.from,
    to: p.to,
    campaign: p.campaign,
    goal: p.goal,
    window: p.window.text,
    dormant: p.dormant.text,
    baseline: p.baseline,
    breakdown: formatBreakdown(p.breakdown),
  }),
  references: (p) => [
    ...filterReferences("where", p.where),
    ...(p.breakdown?.by === "person" ? [{ parameter: "breakdown", scope: "person" as const, property: p.breakdown.property }] : []),
  ],
  events: (p) => (p.goal ? [{ parameter: "goal", event: p.goal }] : []),
  describe(p, project) {
    const w = windowWords(p.window.hours);
    const lines = [
      `Campaigns with a send ${p.from || p.to ? `from ${p.from ?? "the first send"} to ${p.to ?? "the as-of day"}` : "at any time"} up to as_of (${p.as_of ?? "now"}), days in the project's time zone (${project.timezone})${p.campaign ? `, only "${p.campaign}"` : ""}.`,
      "Each person counts once per campaign, arm and group, from their first send in it. Holdout members were in the audience but deliberately not sent; they count from the time they would have been sent, and are never mixed with recipients.",
      "Audience: recipients and holdout members. Sent: recipients. Delivered: sent less bounced. Opens, clicks and unsubscribes are unique people; a click without a recorded open counts as an open.",
      "Open rate, CTR and unsubscribe rate are over delivered; click-to-open is clickers over openers.",
      p.goal
        ? `Goal conversion: members with a "${p.goal}" event within ${w} from their send (at or after it, and before its end), over the group's audience.`
        : "Goal conversion: give `goal=<event>` to count members who do that event within the window after their send.",
      `Revenue: the sum of the revenue of members' events within ${w} from their send; per member, over the audience, members without revenue counting as 0.`,
      `Re-engagement: members active before but not in the ${p.dormant.hours / 24} days before their send (dormant) who have any event within ${w} from it, over dormant members. The cohort heatmap shows it for recipients by the month of signup (or of the first event, without a signup time).`,
      p.baseline
        ? `Each variant is compared with the holdout when the campaign has one, otherwise with the variant "${p.baseline}".`
        : "Each variant is compared with the holdout when the campaign has one, otherwise with the first variant by name (choose another with `baseline`).",
      "Rates: pooled two-proportion z-test, with the difference, relative lift, 95% confidence interval (unpooled Wald) and two-sided p-value. Revenue per member: Welch's t-test with its 95% interval and degrees of freedom. p < 0.05 is flagged; with many comparisons some pass by chance, and the Bonferroni threshold is shown.",
      `A group whose windows have not all ended by as_of is marked incomplete. Events after as_of are ignored.`,
    ];
    const person = p.where.filter((f) => f.scope === "person");
    const event = p.where.filter((f) => f.scope === "event");
    if (person.length) lines.push(`Only people matching: ${person.map(formatFilter).join(" and ")}.`);
    if (event.length) lines.push(`Only events matching (goal, revenue and activity): ${event.map(formatFilter).join(" and ")}.`);
    if (p.breakdown)
      lines.push(
        p.breakdown.by === "person"
          ? `Broken down by the person property "${p.breakdown.property}"; people without it are "(none)".`
          : p.breakdown.by === "channel"
            ? "Broken down by channel."
            : "Broken down by the local day of the send.",
      );
    return lines;
  },
  table: (r) => {
    const names = new Map(r.campaigns.map((c) => [c.campaign, c.name]));
    const rows = [...r.campaigns.map((c) => ({ ...c, level: "campaign" as const })), ...r.groups].map((g) => [
      g.campaign,
      names.get(g.campaign) ?? g.campaign,
      g.level,
      g.holdout ? "holdout" : "recipients",
      g.value,
      g.firstSend,
      g.audience,
      g.sent,
      g.delivered,
      g.opens,
      g.clicks,
      g.unsubscribes,
      g.openRate,
      g.ctr,
      g.clickToOpen,
      g.unsubscribeRate,
      g.conversions,
      g.conversionRate,
      g.revenue,
      g.revenuePerMember,
      g.dormant,
      g.reengaged,
      g.reengagementRate,
      g.windowComplete ? "complete" : "incomplete",
    ]);
    return {
      columns: [
        "campaign", "name", "level", "group", "value", "first_send", "audience", "sent", "delivered", "opens", "clicks", "unsubscribes",
        "open_rate", "ctr", "click_to_open", "unsubscribe_rate", "conversions", "conversion_rate", "revenue", "revenue_per_member",
        "dormant", "reengaged", "reengagement_rate", "window",
      ],
      rows,
    };
  },
  drilldowns: {},
  examples: [
    {},
    { campaign: "spring-sale", goal: "purchase", window: "14d", breakdown: "channel" },
    { goal: "Purchase", dormant: "60d", breakdown: "person.plan", where: ["person.plan = Pro", "revenue > 0"] },
    { campaign: "c1", baseline: "A", breakdown: "send_day", window: "36h", from: "-89d" },
  ],
} satisfies ReportDefinition<CampaignsParams, CampaignsResult>;

import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { runReport } from "@/lib/data/reports";
import { getDb } from "@/lib/db/client";
import { getProject } from "@/lib/data/projects";
import { campaignsSchema, type CampaignsResult } from "@/lib/reports/campaigns/definition";
import { campaignBounds, campaignBoundsQuery, campaignPath, campaignsQuery, cutMembersQuery, type CampaignBoundsRow, type CampaignPath, type MemberSource } from "@/lib/reports/campaigns/query";
import { createFixtureProject, type FixtureSend } from "../support/fixtures";

/*
 * Fixture, in UTC. Campaign c1 "Spring sale" goes out 2026-03-10 10:00 to variants A and B, with a holdout; the
 * window is 7 days (to 03-17 10:00), dormancy 30 days (from 02-08 10:00), the goal Purchase.
 *   a1 A  delivered, opened, clicked          View 03-05; Purchase 03-11 ($20)          converts, not dormant
 *   a2 A  two sends (10:00, 12:00), both opened, never clicked
 *                                             View 03-01; Purchase 03-17 10:01 ($50)    one minute late: no conversion
 *   a3 A  bounced                             no events
 *   a4 A  clicked without a recorded open, unsubscribed
 *   b1 B  opened, clicked                     View 01-15; Purchase 03-12 ($30)          dormant, re-engaged, converts
 *   b2 B  delivered, nothing else             View 01-20; View 03-18 10:00              dormant; active a day late
 *   b3 B  opened                              View 03-11                                never seen before: not dormant
 *   h1 holdout                                View 01-10; Purchase 03-13 ($40)          dormant, re-engaged, converts
 *   h2 holdout                                View 03-01
 * c2 "Newsletter" 03-20 10:00 to a1, no variant. c3 "Subject test" 03-25 10:00: a1 A opened; b1 B not; b3 B opened.
 */
const people = [
  { id: "a1", plan: "Pro" }, { id: "a2", plan: "Pro" }, { id: "a3" }, { id: "a4" },
  { id: "b1", signup: "2025-12-05T00:00:00Z" }, { id: "b2", signup: "2026-01-02T00:00:00Z" }, { id: "b3" },
  { id: "h1" }, { id: "h2" },
];
const events = [
  { person: "a1", name: "View", at: "2026-03-05T09:00:00Z" },
  { person: "a1", name: "Purchase", at: "2026-03-11T09:00:00Z", revenue: 20 },
  { person: "a2", name: "View", at: "2026-03-01T09:00:00Z" },
  { person: "a2", name: "Purchase", at: "2026-03-17T10:01:00Z", revenue: 50 },
  { person: "b1", name: "View", at: "2026-01-15T09:00:00Z" },
  { person: "b1", name: "Purchase", at: "2026-03-12T09:00:00Z", revenue: 30 },
  { person: "b2", name: "View", at: "2026-01-20T09:00:00Z" },
  { person: "b2", name: "View", at: "2026-03-18T10:00:00Z" },
  { person: "b3", name: "View", at: "2026-03-11T09:00:00Z" },
  { person: "h1", name: "View", at: "2026-01-10T09:00:00Z" },
  { person: "h1", name: "Purchase", at: "2026-03-13T09:00:00Z", revenue: 40 },
  { person: "h2", name: "View", at: "2026-03-01T09:00:00Z" },
];
const C1 = "2026-03-10T10:00:00Z";
const sends: FixtureSend[] = [
  { person: "a1", campaign: "c1", variant: "A", sent: C1, opened: "2026-03-10T11:00:00Z", clicked: "2026-03-10T11:01:00Z" },
  { person: "a2", campaign: "c1", variant: "A", sent: C1, opened: "2026-03-10T11:00:00Z" },
  { person: "a2", campaign: "c1", variant: "A", sent: "2026-03-10T12:00:00Z", opened: "2026-03-10T13:00:00Z" },
  { person: "a3", campaign: "c1", variant: "A", sent: C1, bounced: "2026-03-10T10:00:05Z" },
  { person: "a4", campaign: "c1", variant: "A", sent: C1, clicked: "2026-03-10T12:00:00Z", unsubscribed: "2026-03-10T12:01:00Z" },
  { person: "b1", campaign: "c1", variant: "B", sent: C1, opened: "2026-03-10T11:00:00Z", clicked: "2026-03-10T11:02:00Z" },
  { person: "b2", campaign: "c1", variant: "B", sent: C1 },
  { person: "b3", campaign: "c1", variant: "B", sent: C1, opened: "2026-03-11T08:00:00Z" },
  { person: "h1", campaign: "c1", holdout: true, sent: C1 },
  { person: "h2", campaign: "c1", holdout: true, sent: C1 },
  { person: "a1", campaign: "c2", sent: "2026-03-20T10:00:00Z" },
  { person: "a1", campaign: "c3", variant: "A", sent: "2026-03-25T10:00:00Z", opened: "2026-03-25T11:00:00Z" },
  { person: "b1", campaign: "c3", variant: "B", sent: "2026-03-25T10:00:00Z" },
  { person: "b3", campaign: "c3", variant: "B", sent: "2026-03-25T10:00:00Z", opened: "2026-03-25T12:00:00Z" },
];
const NAMES: Record<string, string> = { c1: "Spring sale", c2: "Newsletter", c3: "Subject test" };

const run = async (params: Record<string, string | string[]>) =>
  (await runReport(cliActor, "camp", "campaigns", { as_of: "2026-03-31", ...params })).result as CampaignsResult;

/*
 * A second fixture for the two ways of reading members' events (the sequence rollup and the events table), with the
 * edges of each comparison: k1 goes out at T = 2026-03-10 10:00 UTC.
 *   q1 A  Purchase T−1h ($7, before the send); View at T (active from the send on); Purchase T+1h ($10); Upgrade
 *         T+2d ($5, revenue that is not the goal); Purchase at T+7d exactly ($100, the window's end: outside); a page
 *         without a clock
 *   q2 B  View at T−30d exactly (the dormancy bound: not dormant)
 *   q3 B  View T−40d (dormant); Purchase T+3d ($20); Purchase 03-20 ($30, after an as_of of 03-15)
 *   q4    no events; a holdout send and a variant A send at the same time (the holdout comes first)
 *   q5    sent B at T+1h and A at T: the first send, A, decides
 *   q6 A  pages without a clock only
 *   q7 A  events only after 03-20
 *   q8 A  Purchase at T exactly ($1)
 *   and, for windows near the 31 days the member rollup keeps: q3 Purchase T+31d−1h ($9), q2 Purchase T+31d ($4)
 * k2 goes out 03-12 00:00 by SMS to q1, q3 and q6.
 */
const T = Date.parse("2026-03-10T10:00:00Z");
const at = (hours: number) => new Date(T + hours * 3_600_000).toISOString();
const pathEvents = [
  { person: "q1", name: "Purchase", at: at(-1), revenue: 7 },
  { person: "q1", name: "View", at: at(0) },
  { person: "q1", name: "Purchase", at: at(1), revenue: 10 },
  { person: "q1", name: "Upgrade", at: at(48), revenue: 5 },
  { person: "q1", name: "Purchase", at: at(168), revenue: 100 },
  { person: "q1", name: "Home", at: null, session: "s1", position: 1 },
  { person: "q2", name: "View", at: at(-720) },
  { person: "q3", name: "View", at: at(-960) },
  { person: "q3", name: "Purchase", at: at(72), revenue: 20 },
  { person: "q3", name: "Purchase", at: "2026-03-20T09:00:00Z", revenue: 30 },
  { person: "q6", name: "Home", at: null, session: "s2", position: 1 },
  { person: "q6", name: "Pricing", at: null, session: "s2", position: 2 },
  { person: "q7", name: "View", at: "2026-03-21T09:00:00Z" },
  { person: "q7", name: "Purchase", at: "2026-03-22T09:00:00Z", revenue: 3 },
  { person: "q8", name: "Purchase", at: at(0), revenue: 1 },
  { person: "q3", name: "Purchase", at: at(743), revenue: 9 },
  { person: "q2", name: "Purchase", at: at(744), revenue: 4 },
];
const K1 = at(0);
const pathSends: FixtureSend[] = [
  { person: "q1", campaign: "k1", variant: "A", sent: K1, opened: at(1) },
  { person: "q2", campaign: "k1", variant: "B", sent: K1 },
  // A second send two days later: as_of or a range between the two cuts q2's sends of k1.
  { person: "q2", campaign: "k1", variant: "A", sent: at(48) },
  { person: "q3", campaign: "k1", variant: "B", sent: K1, clicked: at(2) },
  { person: "q4", campaign: "k1", holdout: true, sent: K1 },
  { person: "q4", campaign: "k1", variant: "A", sent: K1 },
  { person: "q5", campaign: "k1", variant: "B", sent: at(1) },
  { person: "q5", campaign: "k1", variant: "A", sent: K1 },
  { person: "q6", campaign: "k1", variant: "A", sent: K1 },
  { person: "q7", campaign: "k1", variant: "A", sent: K1 },
  { person: "q8", campaign: "k1", variant: "A", sent: K1 },
  ...["q1", "q3", "q6"].map((person): FixtureSend => ({ person, campaign: "k2", channel: "sms", sent: "2026-03-12T00:00:00Z" })),
];
const pathPeople = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"].map((id, i) => ({ id, plan: i % 2 ? "Pro" : "Basic" }));

beforeAll(async () => {
  await createFixtureProject("camp", "UTC", people, events, sends.map((s) => ({ ...s, name: NAMES[s.campaign] })));
  await createFixtureProject("campq", "UTC", pathPeople, pathEvents, pathSends.map((s) => ({ ...s, name: s.campaign === "k1" ? "Launch" : "Reminder" })));
});

const arm = (r: CampaignsResult, campaign: string, value: string | null, holdout = false) =>
  r.groups.find((g) => g.campaign === campaign && g.level === "arm" && g.value === value && g.holdout === holdout)!;

describe("campaigns report", () => {
  it("lists every campaign newest first, with the whole campaign's figures", async () => {
    const r = await run({ goal: "Purchase" });
    expect(r.campaigns.map((c) => c.campaign)).toEqual(["c3", "c2", "c1"]);
    const c1 = r.campaigns.find((c) => c.campaign === "c1")!;
    expect(c1).toMatchObject({
      name: "Spring sale", firstSend: "2026-03-10T10:00:00.000Z", audience: 9, holdoutAudience: 2,
      sent: 7, bounced: 1, delivered: 6, opens: 5, clicks: 3, unsubscribes: 1,
      conversions: 2, revenue: 50, dormant: 2, reengaged: 1, holdoutConversionRate: 0.5, windowComplete: true,
    });
    expect(c1.openRate).toBeCloseTo(5 / 6, 12);
    expect(c1.ctr).toBe(0.5);
    expect(c1.clickToOpen).toBe(0.6);
    expect(c1.unsubscribeRate).toBeCloseTo(1 / 6, 12);
    expect(c1.conversionRate).toBeCloseTo(2 / 7, 12);
    expect(c1.revenuePerMember).toBeCloseTo(50 / 7, 12);
    expect(c1.reengagementRate).toBe(0.5);
    expect(r.campaigns.find((c) => c.campaign === "c2")).toMatchObject({ audience: 1, sent: 1, delivered: 1, opens: 0, conversions: 0, dormant: 0 });
  });

  it("counts each arm: unique opens, a click as an open, bounces, the goal and revenue within the window, re-engagement", async () => {
    const r = await run({ campaign: "c1", goal: "Purchase", window: "7d", dormant: "30d" });
    expect(r.campaigns.map((c) => c.campaign)).toEqual(["c1"]);
    expect(arm(r, "c1", "A")).toMatchObject({
      audience: 4, sent: 4, bounced: 1, delivered: 3, opens: 3, clicks: 2, unsubscribes: 1,
      openRate: 1, conversions: 1, conversionRate: 0.25, revenue: 20, revenuePerMember: 5, revenueVariance: 100,
      dormant: 0, reengaged: 0, reengagementRate: null,
    });
    expect(arm(r, "c1", "A").ctr).toBeCloseTo(2 / 3, 12);
    expect(arm(r, "c1", "A").clickToOpen).toBeCloseTo(2 / 3, 12);
    expect(arm(r, "c1", "B")).toMatchObject({
      audience: 3, delivered: 3, opens: 2, clicks: 1, clickToOpen: 0.5, unsubscribeRate: 0,
      conversions: 1, revenue: 30, revenuePerMember: 10, revenueVariance: 300, dormant: 2, reengaged: 1, reengagementRate: 0.5,
    });
    expect(arm(r, "c1", null, true)).toMatchObject({
      audience: 2, sent: 0, delivered: 0, opens: 0, openRate: null,
      conversions: 1, conversionRate: 0.5, revenue: 40, revenuePerMember: 20, revenueVariance: 800, dormant: 1, reengaged: 1, reengagementRate: 1,
    });
    expect(r.cohorts).toEqual([
      { campaign: "c1", cohort: "2025-12", dormant: 1, reengaged: 1, rate: 1 },
      { campaign: "c1", cohort: "2026-01", dormant: 1, reengaged: 0, rate: 0 },
    ]);
  });

  it("an hour longer window counts the purchase a minute late, and two days longer the return a day late", async () => {
    const minute = await run({ campaign: "c1", goal: "Purchase", window: "169h" });
    expect(arm(minute, "c1", "A")).toMatchObject({ conversions: 2, revenue: 70 });
    const day = await run({ campaign: "c1", window: "9d" });
    expect(arm(day, "c1", "B")).toMatchObject({ dormant: 2, reengaged: 2, conversions: null, conversionRate: null });
  });

  it("compares each variant with the holdout: z-test for rates, Welch's test for revenue per member", async () => {
    const r = await run({ campaign: "c1", goal: "Purchase" });
    const find = (variant: string, metric: string) => r.comparisons.find((c) => c.variant === variant && c.metric === metric)!;
    expect(r.comparisons.map((c) => `${c.variant}:${c.metric}`)).toEqual([
      "A:conversionRate", "A:reengagementRate", "A:revenuePerMember", "B:conversionRate", "B:reengagementRate", "B:revenuePerMember",
    ]);
    expect(find("A", "conversionRate").against).toEqual({ holdout: true });
    const conv = find("A", "conversionRate").test as Extract<CampaignsResult["comparisons"][number]["test"], { z: number }>;
    expect(conv.test).toBe("pooled two-proportion z-test");
    expect(conv.difference).toBe(-0.25);
    expect(conv.relativeLift).toBe(-0.5);
    expect(conv.z).toBeCloseTo(-0.6123724356957945, 10);
    expect(conv.p).toBeCloseTo(0.5402913746074199, 10);
    expect(conv.ci95[0]).toBeCloseTo(-1.0625581424161612, 10);
    expect(conv.ci95[1]).toBeCloseTo(0.5625581424161613, 10);
    // A has no dormant member: nothing to compare.
    expect(find("A", "reengagementRate").test).toBeNull();
    const reeng = find("B", "reengagementRate").test as typeof conv;
    expect(reeng.z).toBeCloseTo(-0.8660254037844385, 10);
    expect(reeng.p).toBeCloseTo(0.3864762307712327, 10);
    const rev = find("A", "revenuePerMember").test as Extract<CampaignsResult["comparisons"][number]["test"], { df: number }>;
    expect(rev.test).toBe("Welch's t-test");
    expect(rev.difference).toBe(-15);
    expect(rev.t).toBeCloseTo(-0.7276068751089989, 10);
    expect(rev.df).toBeCloseTo(1.1274382314694407, 10);
    expect(rev.p).toBeCloseTo(0.5880528656353103, 6);
    expect(rev.ci95[0]).toBeCloseTo(-216.36764287245742, 4);
    const revB = find("B", "revenuePerMember").test as typeof rev;
    expect(revB.df).toBeCloseTo(1.5151515151515151, 10);
    expect(revB.p).toBeCloseTo(0.7103157635276612, 6);
    expect(r.multipleComparisons).toEqual([{ campaign: "c1", count: 5, bonferroni: 0.01 }]);
  });

  it("without a holdout, compares with the first variant by name, or with baseline", async () => {
    const r = await run({ campaign: "c3" });
    const open = r.comparisons.find((c) => c.metric === "openRate")!;
    expect(open).toMatchObject({ variant: "B", against: { holdout: false, variant: "A" }, value: 0.5, control: 1 });
    expect((open.test as { p: number }).p).toBeCloseTo(0.3864762307712327, 10);
    const swapped = await run({ campaign: "c3", baseline: "B" });
    expect(swapped.comparisons.find((c) => c.metric === "openRate")).toMatchObject({ variant: "A", against: { holdout: false, variant: "B" } });
    await expect(run({ campaign: "c3", baseline: "b" })).rejects.toThrow('baseline: campaign "c3" has no variant "b". Did you mean "B"? Its variants: A, B.');
  });

  it("breaks down by channel, send day or a person property, holdout apart; filters people", async () => {
    const plan = await run({ campaign: "c1", breakdown: "person.plan" });
    const groups = plan.groups.filter((g) => g.level === "breakdown").map((g) => [g.value, g.holdout, g.audience]);
    expect(groups).toEqual([["(none)", false, 5], ["Pro", false, 2], ["(none)", true, 2]]);
    const day = await run({ campaign: "c1", breakdown: "send_day" });
    expect(day.groups.filter((g) => g.level === "breakdown").map((g) => [g.value, g.holdout, g.audience])).toEqual([["2026-03-10", false, 7], ["2026-03-10", true, 2]]);
    const pro = await run({ where: "person.plan = Pro" });
    expect(pro.campaigns.map((c) => [c.campaign, c.audience])).toEqual([["c3", 1], ["c2", 1], ["c1", 2]]);
  });

  it("refuses a campaign the project lacks, naming the nearest", async () => {
    await expect(run({ campaign: "c9" })).rejects.toThrow('campaign: this project has no campaign "c9". Did you mean "c3"? Its campaigns, newest first: c3, c2, c1.');
    await expect(run({ window: "2w" })).rejects.toThrow('window is a number of days or hours (14d, 36h) from 1 hour to 366 days, not "2w".');
  });

  it("as of a day inside the window, marks it incomplete and ignores later opens and events", async () => {
    const r = await run({ campaign: "c1", goal: "Purchase", as_of: "2026-03-10" });
    expect(r.campaigns[0]).toMatchObject({ windowComplete: false, opens: 4, conversions: 0 });
  });
});

describe("campaign paths", () => {
  /** The query's groups and cohorts for a path and member source, with the bounds the report resolves first. */
  const figures = async (slug: string, params: Record<string, string>, path: CampaignPath, source: MemberSource = "sends") => {
    const project = await getProject(cliActor, slug);
    const p = campaignsSchema.parse({ as_of: "2026-03-31", ...params });
    const { pool } = await getDb();
    const bq = campaignBoundsQuery(project, p, new Date());
    const bounds = campaignBounds((await pool.query<CampaignBoundsRow>(bq.text, bq.values as unknown[])).rows[0]!);
    const cq = cutMembersQuery(project, p, bounds);
    const { cut } = (await pool.query<{ cut: boolean }>(cq.text, cq.values as unknown[])).rows[0]!;
    const q = campaignsQuery(project, p, bounds, source, path);
    return { cut, ...(await pool.query(q.text, q.values as unknown[])).rows[0] };
  };
  const cases: [string, Record<string, string>][] = [
    ["camp", { goal: "Purchase" }],
    ["camp", { goal: "Purchase", window: "169h" }],
    ["camp", { window: "9d", breakdown: "channel" }],
    ["camp", { goal: "Purchase", as_of: "2026-03-10" }],
    ["campq", { goal: "Purchase" }],
    ["campq", {}],
    ["campq", { goal: "Purchase", window: "3d", dormant: "1d" }],
    ["campq", { goal: "Purchase", window: "169h" }],
    ["campq", { goal: "Purchase", as_of: "2026-03-15" }],
    ["campq", { goal: "Purchase", as_of: "2026-03-10" }],
    ["campq", { goal: "View", breakdown: "channel" }],
    ["campq", { goal: "Purchase", breakdown: "person.plan" }],
    ["campq", { goal: "Purchase", breakdown: "send_day", where: "person.plan = Pro" }],
    ["campq", { goal: "Purchase", campaign: "k1", dormant: "29d" }],
    ["campq", { goal: "Purchase", from: "2026-03-11" }],
    // The member rollup's follow-ups reach 31 days: a window of 31 days is read from them, one of 32 from the sequences.
    ["campq", { goal: "Purchase", window: "31d", as_of: "2026-04-30" }],
    ["campq", { goal: "Purchase", window: "32d", as_of: "2026-04-30" }],
  ];

  it.each(cases)("%s %j: the same figures from the sequences as from the events, and from the member rollup unless cut", async (slug, params) => {
    const fromSequences = await figures(slug, params, "sequences");
    expect(fromSequences.groups.length).toBeGreaterThan(0);
    expect(fromSequences).toEqual(await figures(slug, params, "events"));
    if (fromSequences.cut) return;
    expect(await figures(slug, params, "sequences", "rollup")).toEqual(fromSequences);
    if (campaignPath(campaignsSchema.parse(params), "rollup") === "follow-ups") expect(await figures(slug, params, "follow-ups", "rollup")).toEqual(fromSequences);
  });

  it("reads the sends when the range or as_of cuts a member's sends, where the rollup's first send and outcomes differ", async () => {
    // q2's sends of k1: 2026-03-10 (B) and 2026-03-12 (A).
    const whole = await figures("campq", { campaign: "k1" }, "sequences");
    const before = await figures("campq", { campaign: "k1", as_of: "2026-03-11" }, "sequences");
    const after = await figures("campq", { campaign: "k1", from: "2026-03-11" }, "sequences");
    expect([whole.cut, before.cut, after.cut]).toEqual([false, true, true]);
    const armB = (f: { groups: { level: string; value: string | null; audience: number }[] }) => f.groups.find((g) => g.level === "arm" && g.value === "B")?.audience;
    // B is q2 and q3 (q5's first send is A's, at K1); from 03-11 the only send of k1 in range is q2's A one.
    expect([armB(whole), armB(before), armB(after)]).toEqual([2, 2, undefined]);
    expect(await figures("campq", { campaign: "k1", from: "2026-03-11" }, "sequences", "rollup")).not.toEqual(after);
  });

  it("counts the edges as worked out by hand from the sequences", async () => {
    const r = (await runReport(cliActor, "campq", "campaigns", { as_of: "2026-03-31", campaign: "k1", goal: "Purchase" })).result as CampaignsResult;
    // A: q1 (converts, $10 + $5), q5, q6, q7, q8 (converts at the send, $1); B: q2, q3 (dormant, converts, $20); holdout q4.
    expect(arm(r, "k1", "A")).toMatchObject({ audience: 5, opens: 1, conversions: 2, revenue: 16, dormant: 0, reengaged: 0 });
    expect(arm(r, "k1", "B")).toMatchObject({ audience: 2, clicks: 1, conversions: 1, revenue: 20, dormant: 1, reengaged: 1 });
    expect(arm(r, "k1", null, true)).toMatchObject({ audience: 1, conversions: 0, revenue: 0 });
  });

  it("counts a window of 31 days, the member rollup's reach, to its last millisecond", async () => {
    const r = async (window: string) => (await runReport(cliActor, "campq", "campaigns", { as_of: "2026-04-30", campaign: "k1", goal: "Purchase", window })).result as CampaignsResult;
    // B: q2 (Purchase at T+31d exactly) and q3 (dormant; $20 at T+3d, $30 on 03-20, $9 at T+31d−1h).
    expect(arm(await r("31d"), "k1", "B")).toMatchObject({ audience: 2, conversions: 1, revenue: 59, dormant: 1, reengaged: 1 });
    expect(arm(await r("32d"), "k1", "B")).toMatchObject({ audience: 2, conversions: 2, revenue: 63, dormant: 1, reengaged: 1 });
  });

  it("reads the events table for event filters, which no rollup keeps, and the member rollup's follow-ups for windows up to 31 days", () => {
    const path = (params: Record<string, string>, source: MemberSource) => campaignPath(campaignsSchema.parse(params), source);
    expect(path({ where: "source = ads" }, "rollup")).toBe("events");
    expect(path({ where: "person.plan = Pro", breakdown: "person.plan" }, "rollup")).toBe("follow-ups");
    expect(path({ window: "744h" }, "rollup")).toBe("follow-ups");
    expect(path({ window: "745h" }, "rollup")).toBe("sequences");
    expect(path({}, "sends")).toBe("sequences");
  });
});

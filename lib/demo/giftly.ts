import { sessionsAfter, type ActivityModel } from "./activity";
import { GIFTLY_SLUG, demoProject } from "./projects";
import { createRng, deriveSeed, weighted, type Rng } from "./random";
import { daysBefore, growth, HOURS, isBlackFridayWeek, weekdayFactor } from "./seasonality";
import { planSignups } from "./signups";
import { buildTimeline, type DemoDay, type Timeline } from "./timeline";
import type { DemoDataset, DemoDatasetOptions, EventRow, PersonRow, SpendRow } from "./types";

/**
 * Giftly, a gifting app: a four-stage funnel (Registration → Free gift → Premium gift → Paying) whose conversion
 * depends on acquisition source and platform, recurring app activity, monthly renewals, and daily ad spend for
 * the two paid sources.
 */

export const GIFTLY_PEOPLE = 8_000;
export const GIFTLY_FUNNEL = ["Registration", "Free gift", "Premium gift", "Paying"] as const;

type Source = "invitation" | "organic" | "paid social" | "search ads";
const PLATFORMS = ["Android", "iOS", "web"] as const;
type Platform = (typeof PLATFORMS)[number];

const SOURCE = weighted<Source>([["invitation", 22], ["organic", 33], ["paid social", 28], ["search ads", 17]]);
const PLATFORM = weighted<Platform>([["iOS", 45], ["Android", 40], ["web", 15]]);
const PACK = weighted([[{ plan: "Gift Pack S", price: 4.99 }, 50], [{ plan: "Gift Pack M", price: 9.99 }, 35], [{ plan: "Gift Pack L", price: 19.99 }, 15]] as const);
const GIFT = weighted([["flowers", 25], ["chocolate", 20], ["coffee", 20], ["book", 12], ["experience", 8], ["gift card", 15]] as const);
const COUNTRY = weighted([["US", 78], ["CA", 9], ["GB", 5], ["MX", 4], ["AU", 4]] as const);

// Stage-to-stage conversion: a base rate times a source factor and a platform factor.
const STEP = [
  { base: 0.62, source: { invitation: 1.25, organic: 1, "paid social": 0.8, "search ads": 0.95 }, platform: { iOS: 1.05, Android: 1, web: 0.85 }, medianHours: 2 },
  { base: 0.42, source: { invitation: 1.1, organic: 1, "paid social": 0.75, "search ads": 1.2 }, platform: { iOS: 1.2, Android: 0.9, web: 0.85 }, medianHours: 60 },
  { base: 0.38, source: { invitation: 0.9, organic: 1, "paid social": 0.7, "search ads": 1.35 }, platform: { iOS: 1.25, Android: 0.85, web: 1 }, medianHours: 110 },
] as const;

/** Gifting peaks: Valentine's Day, Mother's Day (second Sunday of May), Black Friday, the run-up to Christmas. */
function giftingSeason(day: DemoDay): number {
  if (daysBefore(day, 2, 14, 0, 8)) return 2;
  const firstMay = new Date(Date.UTC(day.year, 4, 1)).getUTCDay();
  if (daysBefore(day, 5, 1 + ((7 - firstMay) % 7) + 7, 0, 7)) return 1.6;
  if (isBlackFridayWeek(day)) return 1.7;
  if (daysBefore(day, 12, 24, 0, 23)) return 1.8;
  return 1;
}

const WEEKDAY = [1.25, 0.9, 0.9, 0.95, 1, 1.1, 1.3] as const;

type Persona = { personId: string; source: Source; platform: Platform; registeredAt: number; day: DemoDay };

class Giftly {
  readonly timeline: Timeline;
  private readonly signupDays: Int32Array;

  constructor(private readonly options: DemoDatasetOptions) {
    this.timeline = buildTimeline(options.endDate, demoProject(GIFTLY_SLUG).timezone);
    this.signupDays = planSignups(createRng(deriveSeed(options.seed, GIFTLY_SLUG, "signups")), this.timeline, GIFTLY_PEOPLE, (day) =>
      growth(this.timeline, day, 2.2) * weekdayFactor(day, WEEKDAY) * giftingSeason(day),
    );
  }

  private persona(i: number, rng: Rng): Persona {
    const day = this.timeline.days[this.signupDays[i]!]!;
    return {
      personId: `u_${String(i + 1).padStart(6, "0")}`,
      source: SOURCE(rng),
      platform: PLATFORM(rng),
      registeredAt: this.timeline.timeIn(rng, day, HOURS.mobile),
      day,
    };
  }

  /** One person: their row and all their events, drawn from their own generator. */
  simulate(i: number): { person: PersonRow; events: EventRow[] } {
    const rng = createRng(deriveSeed(this.options.seed, GIFTLY_SLUG, i));
    const p = this.persona(i, rng);
    const end = this.timeline.end;
    const events: EventRow[] = [{ personId: p.personId, name: "Registration", occurredAt: new Date(p.registeredAt), properties: { source: p.source } }];
    let stage = 0;
    let t = p.registeredAt;
    for (const step of STEP) {
      if (!rng.chance(Math.min(0.95, step.base * step.source[p.source] * step.platform[p.platform]))) break;
      t += rng.logNormal(step.medianHours, 1) * 3_600_000;
      if (t > end) break;
      stage++;
      const name = GIFTLY_FUNNEL[stage]!;
      if (name === "Paying") {
        const pack = PACK(rng);
        events.push({ personId: p.personId, name, occurredAt: new Date(t), properties: { plan: pack.plan, renewal: false }, revenue: pack.price });
        // Monthly renewals until the subscriber cancels.
        for (let r = t + 30 * 86_400_000; r <= end && rng.chance(0.8); r += 30 * 86_400_000) {
          events.push({ personId: p.personId, name, occurredAt: new Date(r), properties: { plan: pack.plan, renewal: true }, revenue: pack.price });
        }
      } else {
        events.push({ personId: p.personId, name, occurredAt: new Date(t), properties: { gift: GIFT(rng) } });
      }
    }
    const model: ActivityModel = {
      meanGapDays: stage >= 3 ? 4 : 7,
      gapGrowthPerMonth: 1.3,
      churnPerSession: stage >= 2 ? 0.1 : 0.3,
      reactivation: 0.3,
      reactivationGapDays: [20, 120],
      dayWeight: (day) => weekdayFactor(day, WEEKDAY) / 1.3,
      hour: HOURS.mobile,
    };
    for (const session of sessionsAfter(rng, this.timeline, p.registeredAt, model)) {
      events.push({ personId: p.personId, name: "App open", occurredAt: new Date(session.start), properties: session.reactivated ? { reactivated: true } : {} });
      if (rng.chance(0.3)) {
        const at = session.start + rng.int(20, 600) * 1000;
        if (at <= end) events.push({ personId: p.personId, name: "Send gift", occurredAt: new Date(at), properties: { gift: GIFT(rng), premium: stage >= 2 && rng.chance(0.4) } });
      }
    }
    const registered = new Date(p.registeredAt);
    const person: PersonRow = {
      personId: p.personId,
      firstSeen: registered,
      signupAt: registered,
      plan: stage >= 3 ? "paying" : stage >= 2 ? "premium" : "free",
      source: p.source,
      platform: p.platform,
      country: COUNTRY(rng),
      properties: { age_group: rng.pick(["18-24", "25-34", "35-44", "45-54", "55+"]) },
    };
    return { person, events };
  }

  /** Paid signups per local day, channel and platform, from the same personas as the people rows. */
  paidSignups(): Map<string, number> {
    const counts = new Map<string, number>();
    for (let i = 0; i < GIFTLY_PEOPLE; i++) {
      const p = this.persona(i, createRng(deriveSeed(this.options.seed, GIFTLY_SLUG, i)));
      if (p.source !== "paid social" && p.source !== "search ads") continue;
      const key = `${p.day.index}|${p.source}|${p.platform}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  *spend(): Generator<SpendRow> {
    const rng = createRng(deriveSeed(this.options.seed, GIFTLY_SLUG, "spend"));
    const counts = this.paidSignups();
    const channels = [
      { channel: "paid social", campaign: "Meta · Gifting prospecting", cpa: 3.6, cpc: 0.45, ctr: 0.012 },
      { channel: "search ads", campaign: "Google · Gift ideas", cpa: 5.2, cpc: 1.15, ctr: 0.045 },
    ] as const;
    const platformCost = { iOS: 1.3, Android: 0.95, web: 0.8 } as const;
    for (const day of this.timeline.days) {
      for (const c of channels) {
        for (const platform of PLATFORMS) {
          const signups = counts.get(`${day.index}|${c.channel}|${platform}`) ?? 0;
          // Spend buys signups with noise, and some spend buys none on a given day.
          const cost = Math.round((signups + 0.6) * c.cpa * platformCost[platform] * rng.logNormal(1, 0.3) * 100) / 100;
          const clicks = Math.max(1, Math.round((cost / c.cpc) * rng.logNormal(1, 0.15)));
          const impressions = Math.round((clicks / c.ctr) * rng.logNormal(1, 0.2));
          yield { day: day.date, channel: c.channel, campaign: c.campaign, platform, cost, currency: "USD", clicks, impressions };
        }
      }
    }
  }
}

export function giftlyDataset(options: DemoDatasetOptions): DemoDataset {
  const giftly = new Giftly(options);
  return {
    ...demoProject(GIFTLY_SLUG),
    files: [
      {
        kind: "demo:events",
        fileName: "demo generator: giftly events",
        people: function* () {
          for (let i = 0; i < GIFTLY_PEOPLE; i++) yield giftly.simulate(i).person;
        },
        events: function* () {
          for (let i = 0; i < GIFTLY_PEOPLE; i++) yield* giftly.simulate(i).events;
        },
      },
      { kind: "demo:spend", fileName: "demo generator: giftly ad spend", spend: () => giftly.spend() },
    ],
  };
}

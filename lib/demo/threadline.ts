import { sessionsAfter, type ActivityModel } from "./activity";
import { THREADLINE_SLUG, demoProject } from "./projects";
import { createRng, deriveSeed, weighted, type Rng } from "./random";
import { growth, HOURS, isBlackFridayWeek, monthFactor, weekdayFactor } from "./seasonality";
import { planSignups } from "./signups";
import { buildTimeline, type DemoDay, type Timeline } from "./timeline";
import type { DemoDataset, DemoDatasetOptions, EventRow, PersonRow } from "./types";

/**
 * Threadline Apparel, an online clothing store: browsing sessions of product views, carts, orders (one Order event
 * per order line, revenue = Quantity × Price) and later returns, with a November–December peak.
 */

export const THREADLINE_PEOPLE = 6_000;

type Category = "Tops" | "Dresses" | "Jeans" | "Shoes" | "Accessories" | "Outerwear";
const WARM = weighted<Category>([["Tops", 32], ["Dresses", 18], ["Jeans", 16], ["Shoes", 14], ["Accessories", 14], ["Outerwear", 6]]);
const COLD = weighted<Category>([["Tops", 22], ["Dresses", 10], ["Jeans", 16], ["Shoes", 15], ["Accessories", 17], ["Outerwear", 20]]);
const PRICES: Record<Category, readonly number[]> = {
  Tops: [19.99, 24.99, 29.99, 34.99, 39.99, 49.99],
  Dresses: [39.99, 49.99, 59.99, 79.99, 99.99, 129.99],
  Jeans: [49.99, 59.99, 69.99, 89.99, 119.99],
  Shoes: [59.99, 79.99, 89.99, 109.99, 149.99],
  Accessories: [9.99, 14.99, 19.99, 29.99, 49.99],
  Outerwear: [89.99, 119.99, 149.99, 199.99, 249.99],
};
const RETURN_RATE: Record<Category, number> = { Tops: 0.15, Dresses: 0.3, Jeans: 0.25, Shoes: 0.22, Accessories: 0.05, Outerwear: 0.12 };
const CLOTHING_SIZE = weighted([["XS", 8], ["S", 24], ["M", 34], ["L", 22], ["XL", 12]] as const);
const QUANTITY = weighted([[1, 85], [2, 12], [3, 3]] as const);
const COUNTRY = weighted([["DE", 42], ["AT", 10], ["CH", 8], ["NL", 9], ["FR", 8], ["BE", 5], ["IT", 6], ["ES", 5], ["PL", 4], ["DK", 3]] as const);
const MONTHS = [1.2, 0.8, 0.9, 0.95, 1, 1, 1.1, 0.9, 0.95, 1.05, 1.6, 1.75] as const;
const WEEKDAYS = [1.2, 1, 0.95, 0.95, 1, 1, 1.1] as const;

function season(day: DemoDay): number {
  return monthFactor(day, MONTHS) * (isBlackFridayWeek(day) ? 2 : 1);
}

class Threadline {
  readonly timeline: Timeline;
  private readonly signupDays: Int32Array;

  constructor(private readonly options: DemoDatasetOptions) {
    this.timeline = buildTimeline(options.endDate, demoProject(THREADLINE_SLUG).timezone);
    this.signupDays = planSignups(createRng(deriveSeed(options.seed, THREADLINE_SLUG, "signups")), this.timeline, THREADLINE_PEOPLE, (day) =>
      growth(this.timeline, day, 1.6) * weekdayFactor(day, WEEKDAYS) * season(day),
    );
  }

  simulate(i: number): { person: PersonRow; events: EventRow[] } {
    const rng = createRng(deriveSeed(this.options.seed, THREADLINE_SLUG, i));
    const personId = `u_${String(i + 1).padStart(6, "0")}`;
    const end = this.timeline.end;
    const firstVisit = this.timeline.timeIn(rng, this.timeline.days[this.signupDays[i]!]!, HOURS.shopping);
    const clothing = CLOTHING_SIZE(rng);
    const shoe = String(Math.round(Math.min(46, Math.max(36, 40.5 + 2.5 * rng.normal()))));
    const events: EventRow[] = [];
    let orders = 0;
    let firstOrder: number | null = null;

    const shop = (start: number, rng: Rng) => {
      const day = this.timeline.dayAt(start)!;
      const cold = day.month >= 10 || day.month <= 2;
      const peak = season(day) > 1.3;
      let t = start;
      const cart: Record<string, unknown>[] = [];
      for (let v = 1 + rng.geometric(1.7); v > 0 && t <= end; v--) {
        const category = (cold ? COLD : WARM)(rng);
        const product = rng.int(1, 40);
        const prices = PRICES[category];
        const listPrice = prices[product % prices.length]!;
        // Black Friday and the season's sales take a fifth off.
        const price = peak && rng.chance(0.5) ? Math.round(listPrice * 80) / 100 : listPrice;
        const size = category === "Shoes" ? shoe : category === "Accessories" ? "One size" : clothing;
        const properties = { category, product_id: `TL-${category.slice(0, 3).toUpperCase()}-${String(product).padStart(3, "0")}`, size, Price: price };
        events.push({ personId, name: "View product", occurredAt: new Date(t), properties });
        if (rng.chance(peak ? 0.24 : 0.19)) {
          const line = { ...properties, Quantity: QUANTITY(rng) };
          t += rng.int(5, 60) * 1000;
          if (t <= end) {
            events.push({ personId, name: "Add to cart", occurredAt: new Date(t), properties: line });
            cart.push(line);
          }
        }
        t += rng.int(15, 240) * 1000;
      }
      if (cart.length === 0 || !rng.chance(orders > 0 ? 0.55 : 0.42)) return;
      const orderedAt = t + rng.int(60, 600) * 1000;
      if (orderedAt > end) return;
      orders++;
      firstOrder ??= orderedAt;
      const orderId = `TL-${String(i + 1).padStart(6, "0")}-${orders}`;
      for (const line of cart) {
        const revenue = Math.round((line.Quantity as number) * (line.Price as number) * 100) / 100;
        const properties = { ...line, order_id: orderId };
        events.push({ personId, name: "Order", occurredAt: new Date(orderedAt), properties, revenue });
        if (rng.chance(RETURN_RATE[line.category as Category])) {
          const returnedAt = orderedAt + rng.uniform(5, 30) * 86_400_000;
          if (returnedAt <= end) events.push({ personId, name: "Return", occurredAt: new Date(Math.floor(returnedAt)), properties, revenue: -revenue });
        }
      }
    };

    shop(firstVisit, rng);
    const model: ActivityModel = {
      meanGapDays: 7,
      gapGrowthPerMonth: 1.25,
      churnPerSession: 0.3,
      reactivation: 0.35,
      reactivationGapDays: [30, 150],
      dayWeight: (day) => (weekdayFactor(day, WEEKDAYS) * season(day)) / 4.2,
      hour: HOURS.shopping,
    };
    for (const session of sessionsAfter(rng, this.timeline, firstVisit, model)) shop(session.start, rng);

    const person: PersonRow = {
      personId,
      firstSeen: new Date(firstVisit),
      // An account is created at the first checkout.
      signupAt: firstOrder === null ? null : new Date(firstOrder),
      plan: null,
      country: COUNTRY(rng),
      properties: { newsletter: rng.chance(0.35), age_group: rng.pick(["18-24", "25-34", "25-34", "35-44", "45-54", "55+"]), orders },
    };
    return { person, events };
  }
}

export function threadlineDataset(options: DemoDatasetOptions): DemoDataset {
  const store = new Threadline(options);
  return {
    ...demoProject(THREADLINE_SLUG),
    files: [
      {
        kind: "demo:events",
        fileName: "demo generator: threadline store events",
        people: function* () {
          for (let i = 0; i < THREADLINE_PEOPLE; i++) yield store.simulate(i).person;
        },
        events: function* () {
          for (let i = 0; i < THREADLINE_PEOPLE; i++) yield* store.simulate(i).events;
        },
      },
    ],
  };
}

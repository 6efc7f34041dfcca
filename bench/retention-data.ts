/**
 * The retention benchmark's data: a seeded product whose people arrive over 18 months at a rate that triples, each
 * with a lifetime (many leave within days, the rest after months), dormant spells, and activity that decays with age.
 * Written as local wall-clock times without a zone (the project's zone reads them), in time order, as an events CSV
 * and a people CSV. Streamed day by day: only one day's events are ever in memory.
 *
 * Exactly `targetEvents` rows: a first pass counts what the model produces, the second keeps every person's first
 * event and a uniform sample of the rest (selection sampling), so the model can stay natural and the count exact.
 * The population, its days and its writer are exported for the other files of the same product (bench/suite-data.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { Rng, deriveSeed, weighted } from "@/lib/demo/random";

const SEED = 20261123;
export const FIRST_DAY = Date.UTC(2025, 0, 1);
/** 2025-01-01 to 2026-06-30. */
export const DAYS = 546;
/** Events per person by default: 10M events come from 200k people. */
const EVENTS_PER_PERSON = 50;

const NAMES = ["Open app", "View item", "Search", "Add to cart", "Purchase", "Share"] as const;
const PURCHASE = NAMES.indexOf("Purchase");
const pickName = weighted<number>([[1, 52], [2, 22], [3, 14], [4, 5], [5, 7]]);
const CATEGORIES = ["Tops", "Dresses", "Jeans", "Shoes", "Bags", "Outerwear", "Beauty", "Home"] as const;
export const PLANS = ["Free", "Pro", "Team"] as const;
const pickPlan = weighted<number>([[0, 68], [1, 24], [2, 8]]);
export const SOURCES = ["organic", "ads", "referral", "partner"] as const;
const pickSource = weighted<number>([[0, 40], [1, 30], [2, 20], [3, 10]]);
export const PLATFORMS = ["ios", "android", "web"] as const;
const pickPlatform = weighted<number>([[0, 40], [1, 35], [2, 25]]);
const COUNTRIES = ["GB", "US", "DE", "FR", "NL", "ES", "IE", "CA", "AU", "SE"] as const;
const pickCountry = weighted<number>(COUNTRIES.map((_, i) => [i, [30, 25, 10, 8, 5, 5, 4, 4, 4, 5][i]!] as const));
/** Local hour weights: a late-morning shoulder and an evening peak. */
const HOURS = [0.6, 0.35, 0.2, 0.15, 0.15, 0.25, 0.6, 1.2, 1.8, 2, 2, 2.1, 2.4, 2.3, 2.1, 2.1, 2.2, 2.5, 3, 3.4, 3.6, 3.2, 2.3, 1.2];
const pickHour = weighted<number>(HOURS.map((w, h) => [h, w] as const));

type Event = { t: number; person: number; name: number; session: number; category: number; duration: number; cents: number; first: boolean };

export type RetentionData = {
  eventsFile: string;
  peopleFile: string;
  events: number;
  people: number;
  /** Events the model produced before sampling down to `events`. */
  modelled: number;
  /** Local days of the first and last event. */
  firstDay: string;
  lastDay: string;
  eventBytes: number;
  peopleBytes: number;
  seconds: number;
};

export type Population = {
  count: number;
  arrival: Int32Array;
  signupSecond: Int32Array;
  lifeDays: Float64Array;
  base: Float64Array;
  tau: Float64Array;
  sessionsMean: Float64Array;
  plan: Uint8Array;
  source: Uint8Array;
  platform: Uint8Array;
  country: Uint8Array;
  ids: string[];
};

export type GenerateOptions = {
  /** Events per person on average (50 by default): the people are targetEvents ÷ this. */
  eventsPerPerson?: number;
  /** A `revenue` column, the price of each Purchase (empty on other events), besides the price property. */
  revenue?: boolean;
};

export const dayString = (d: number) => new Date(FIRST_DAY + d * 86_400_000).toISOString().slice(0, 10);
const two = (n: number) => (n < 10 ? `0${n}` : String(n));
/** A second of the day as HH:MM:SS. */
export const clockOf = (s: number) => `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;

/** The people of a product of `targetEvents` events: the same for the same arguments. */
export function populationFor(targetEvents: number, options: GenerateOptions = {}): Population {
  return population(Math.max(100, Math.round(targetEvents / (options.eventsPerPerson ?? EVENTS_PER_PERSON))));
}

/** People in arrival order, with everything about them drawn up front from one generator. */
function population(count: number): Population {
  const rng = new Rng(deriveSeed(SEED, "people"));
  const growth = Math.log(3);
  const arrivalDays = Array.from({ length: count }, () => {
    // Arrival density ∝ e^(growth·x) on [0, 1): the inverse of its CDF.
    const x = Math.log(1 + rng.next() * (Math.exp(growth) - 1)) / growth;
    return Math.min(DAYS - 1, Math.floor(x * DAYS));
  }).sort((a, b) => a - b);
  const p: Population = {
    count,
    arrival: Int32Array.from(arrivalDays),
    signupSecond: new Int32Array(count),
    lifeDays: new Float64Array(count),
    base: new Float64Array(count),
    tau: new Float64Array(count),
    sessionsMean: new Float64Array(count),
    plan: new Uint8Array(count),
    source: new Uint8Array(count),
    platform: new Uint8Array(count),
    country: new Uint8Array(count),
    // Text ids not in arrival order: a multiplicative hash is a bijection on 32 bits, so they are unique.
    ids: Array.from({ length: count }, (_, i) => `u${(Math.imul(i + 1, 0x9e3779b1) >>> 0).toString(36)}`),
  };
  for (let i = 0; i < count; i++) {
    const plan = pickPlan(rng);
    const source = pickSource(rng);
    p.plan[i] = plan;
    p.source[i] = source;
    p.platform[i] = pickPlatform(rng);
    p.country[i] = pickCountry(rng);
    p.signupSecond[i] = pickHour(rng) * 3600 + rng.int(0, 3599);
    const quickExit = plan > 0 ? 0.25 : source === 1 ? 0.5 : 0.4;
    p.lifeDays[i] = rng.chance(quickExit) ? rng.exponential(3) : rng.exponential(plan === 0 ? 180 : plan === 1 ? 280 : 360);
    p.base[i] = Math.min(0.9, rng.logNormal(0.165, 0.7) * [1, 1.4, 1.6][plan]!);
    p.tau[i] = rng.uniform(14, 60);
    p.sessionsMean[i] = rng.uniform(0.2, 1.2);
  }
  return p;
}

/**
 * Runs the model day by day and hands each day's events (unsorted) to `onDay`. Every draw happens here, so two
 * runs give identical events whatever `onDay` does with them.
 */
function simulate(p: Population, onDay: (day: number, events: Event[]) => void) {
  const rng = new Rng(deriveSeed(SEED, "activity"));
  const dormantUntil = new Int32Array(p.count);
  let alive: number[] = [];
  let next = 0;
  let session = 0;
  for (let d = 0; d < DAYS; d++) {
    while (next < p.count && p.arrival[next] === d) alive.push(next++);
    const weekday = new Date(FIRST_DAY + d * 86_400_000).getUTCDay();
    const dayFactor = (weekday === 0 || weekday === 6 ? 1.15 : 1) * (1 + 0.08 * Math.sin((2 * Math.PI * (d - 300)) / 365));
    const events: Event[] = [];
    const still: number[] = [];
    for (const i of alive) {
      const age = d - p.arrival[i]!;
      if (age > p.lifeDays[i]!) continue;
      still.push(i);
      if (age > 0) {
        if (d < dormantUntil[i]!) continue;
        if (rng.chance(0.006)) {
          dormantUntil[i] = d + 1 + Math.floor(rng.exponential(35));
          continue;
        }
        const chance = p.base[i]! * (0.25 + 0.75 * Math.exp(-age / p.tau[i]!)) * dayFactor;
        if (!rng.chance(chance)) continue;
      }
      const sessions = 1 + rng.geometric(p.sessionsMean[i]!);
      for (let s = 0; s < sessions; s++) {
        // On the arrival day the first session starts at signup and the others after it.
        const signup = p.signupSecond[i]!;
        let t = age > 0 ? pickHour(rng) * 3600 + rng.int(0, 3599) : s === 0 ? signup : signup + Math.floor(rng.next() * (86_400 - signup));
        const length = 1 + rng.geometric(3);
        session++;
        for (let k = 0; k < length && t < 86_400; k++) {
          const name = k === 0 ? 0 : pickName(rng);
          const browsing = name === 1 || name === 3 || name === 4;
          events.push({
            t,
            person: i,
            name,
            session,
            category: browsing ? rng.int(0, CATEGORIES.length - 1) : -1,
            duration: name === 1 ? 2 + Math.floor(rng.exponential(40)) : -1,
            cents: name === 3 || name === 4 ? 100 * rng.int(5, 120) - 1 : -1,
            first: age === 0 && s === 0 && k === 0,
          });
          t += 1 + Math.floor(rng.exponential(45));
        }
      }
    }
    alive = still;
    onDay(d, events);
  }
}

/** Writes text through a 1 MB buffer with synchronous writes: the generator never holds more than that. */
export function writer(file: string) {
  const fd = fs.openSync(file, "w");
  let buffer = "";
  let bytes = 0;
  const flush = () => {
    bytes += fs.writeSync(fd, buffer);
    buffer = "";
  };
  return {
    write(text: string) {
      buffer += text;
      if (buffer.length > 1 << 20) flush();
    },
    close() {
      flush();
      fs.closeSync(fd);
      return bytes;
    },
  };
}

export function generateRetentionData(dir: string, targetEvents: number, options: GenerateOptions = {}): RetentionData {
  const started = performance.now();
  const people = populationFor(targetEvents, options);

  // Pass 1: how many events the model makes, and how many are first events (always kept).
  let modelled = 0;
  let firsts = 0;
  simulate(people, (_, events) => {
    modelled += events.length;
    for (const e of events) if (e.first) firsts++;
  });
  if (modelled < targetEvents) throw new Error(`The model made ${modelled} events, fewer than the ${targetEvents} asked for: raise its activity.`);

  // Pass 2: selection sampling (Knuth's algorithm S) over the events that are not first events.
  const keep = new Rng(deriveSeed(SEED, "sample"));
  let candidates = modelled - firsts;
  let wanted = targetEvents - firsts;
  const clock = Array.from({ length: 86_400 }, (_, s) => clockOf(s));
  const eventsFile = path.join(dir, "events.csv");
  const out = writer(eventsFile);
  out.write(`person,time,name,session,category,duration_s,price${options.revenue ? ",revenue" : ""}\n`);
  let written = 0;
  let firstDay = -1;
  let lastDay = -1;
  simulate(people, (d, events) => {
    // Stable sort: equal times keep the order they were made in.
    events.sort((a, b) => a.t - b.t);
    const prefix = `${dayString(d)} `;
    for (const e of events) {
      if (!e.first) {
        const kept = keep.next() * candidates < wanted;
        candidates--;
        if (!kept) continue;
        wanted--;
      }
      const price = e.cents < 0 ? "" : (e.cents / 100).toFixed(2);
      const revenue = options.revenue ? (e.name === PURCHASE ? `,${price}` : ",") : "";
      out.write(
        `${people.ids[e.person]},${prefix}${clock[e.t]},${NAMES[e.name]},s${e.session.toString(36)},${e.category < 0 ? "" : CATEGORIES[e.category]},${e.duration < 0 ? "" : e.duration},${price}${revenue}\n`,
      );
      written++;
      if (firstDay < 0) firstDay = d;
      lastDay = d;
    }
  });
  const eventBytes = out.close();
  if (written !== targetEvents) throw new Error(`Wrote ${written} events, not ${targetEvents}`);

  // Signup a few minutes before the first event, on the same local day.
  const peopleFile = path.join(dir, "people.csv");
  const pout = writer(peopleFile);
  pout.write("person,signup,plan,source,platform,country\n");
  const rng = new Rng(deriveSeed(SEED, "signup"));
  for (let i = 0; i < people.count; i++) {
    const second = Math.max(0, people.signupSecond[i]! - rng.int(0, 300));
    pout.write(
      `${people.ids[i]},${dayString(people.arrival[i]!)} ${clock[second]},${PLANS[people.plan[i]!]},${SOURCES[people.source[i]!]},${PLATFORMS[people.platform[i]!]},${COUNTRIES[people.country[i]!]}\n`,
    );
  }
  const peopleBytes = pout.close();
  return {
    eventsFile,
    peopleFile,
    events: written,
    people: people.count,
    modelled,
    firstDay: dayString(firstDay),
    lastDay: dayString(lastDay),
    eventBytes,
    peopleBytes,
    seconds: (performance.now() - started) / 1000,
  };
}

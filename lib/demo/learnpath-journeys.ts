import { createRng, deriveSeed, weighted, type Rng, type Weighted } from "./random";
import { growth, HOURS, monthFactor, weekdayFactor } from "./seasonality";
import { planSignups } from "./signups";
import { buildTimeline } from "./timeline";
import { LEARNPATH_SLUG, demoProject } from "./projects";

/**
 * LearnPath's page journeys, in the shape of a journey export (user_id, session_id, subscription_type, user_journey
 * with pages joined by "-"): every learner is a subscriber, and their sessions up to and including the one in which
 * they bought. The rows carry order but no clock; only the signup day is known.
 */

export const LEARNPATH_PAGES = [
  "Homepage",
  "Log in",
  "Sign up",
  "Pricing",
  "Checkout",
  "Coupon",
  "Career tracks",
  "Career track certificate",
  "Courses",
  "Course page",
  "Skill tracks",
  "Resources center",
  "Upcoming events",
  "Blog",
  "Success stories",
  "Instructors",
  "Other",
] as const;
export type LearnpathPage = (typeof LEARNPATH_PAGES)[number];

export const JOURNEY_COLUMNS = ["user_id", "session_id", "subscription_type", "user_journey"] as const;
export type JourneyRow = [userId: string, sessionId: string, subscriptionType: string, userJourney: string];

export type Learner = {
  personId: string;
  plan: "Monthly" | "Quarterly" | "Annual";
  signupAt: number;
  sessions: { sessionId: string; pages: LearnpathPage[] }[];
};

export const LEARNPATH_PEOPLE = 4_300;

type P = LearnpathPage;
const BASE: Record<P, Weighted<P>> = {
  Homepage: [["Log in", 30], ["Sign up", 12], ["Courses", 10], ["Career tracks", 10], ["Skill tracks", 5], ["Pricing", 8], ["Blog", 5], ["Success stories", 3], ["Resources center", 4], ["Upcoming events", 3], ["Instructors", 2], ["Other", 6]],
  "Log in": [["Homepage", 10], ["Courses", 25], ["Career tracks", 15], ["Skill tracks", 8], ["Pricing", 12], ["Resources center", 6], ["Upcoming events", 4], ["Other", 20]],
  "Sign up": [["Courses", 20], ["Career tracks", 15], ["Pricing", 15], ["Homepage", 10], ["Skill tracks", 5], ["Other", 20]],
  Pricing: [["Courses", 10], ["Career tracks", 8], ["Homepage", 8], ["Success stories", 5], ["Other", 10], ["Checkout", 4], ["Coupon", 3]],
  Checkout: [["Courses", 10], ["Course page", 5], ["Other", 10], ["Homepage", 4]],
  Coupon: [["Checkout", 30], ["Pricing", 20], ["Other", 10]],
  "Career tracks": [["Career track certificate", 20], ["Courses", 15], ["Course page", 15], ["Pricing", 15], ["Other", 10], ["Homepage", 4]],
  "Career track certificate": [["Pricing", 25], ["Career tracks", 20], ["Courses", 10], ["Success stories", 8], ["Other", 10]],
  Courses: [["Course page", 45], ["Courses", 5], ["Pricing", 12], ["Career tracks", 6], ["Skill tracks", 5], ["Other", 10], ["Homepage", 5]],
  "Course page": [["Course page", 20], ["Courses", 20], ["Pricing", 15], ["Instructors", 6], ["Other", 10], ["Skill tracks", 4]],
  "Skill tracks": [["Course page", 25], ["Courses", 15], ["Pricing", 12], ["Career tracks", 8], ["Other", 10]],
  "Resources center": [["Blog", 20], ["Upcoming events", 15], ["Courses", 15], ["Other", 15], ["Homepage", 10]],
  "Upcoming events": [["Resources center", 15], ["Homepage", 10], ["Courses", 10], ["Pricing", 5], ["Other", 15]],
  Blog: [["Blog", 20], ["Courses", 15], ["Homepage", 15], ["Resources center", 10], ["Sign up", 5], ["Other", 15]],
  "Success stories": [["Pricing", 25], ["Career tracks", 15], ["Courses", 15], ["Homepage", 10], ["Other", 10]],
  Instructors: [["Course page", 25], ["Courses", 20], ["Pricing", 8], ["Other", 10]],
  Other: [["Homepage", 15], ["Courses", 15], ["Other", 10], ["Pricing", 10], ["Career tracks", 8], ["Log in", 5], ["Resources center", 5]],
};

/** Transition pickers for a session kind: a first visit signs up rather than logs in; a buying session heads for Checkout. */
function transitions(firstVisit: boolean, buying: boolean): Record<P, (rng: Rng) => P> {
  const adjust = (from: P, to: P, w: number): number => {
    if (to === "Sign up") return firstVisit ? w * 1.6 : w * 0.1;
    if (to === "Log in") return firstVisit ? w * 0.2 : w;
    if (!buying) return w;
    if (to === "Pricing") return w * 1.8;
    if (from === "Pricing" && to === "Checkout") return 55;
    if (from === "Pricing" && to === "Coupon") return 12;
    if (from === "Coupon" && to === "Checkout") return 70;
    return w;
  };
  const table = {} as Record<P, (rng: Rng) => P>;
  for (const from of LEARNPATH_PAGES) table[from] = weighted(BASE[from].map(([to, w]) => [to, adjust(from, to, w)] as const));
  return table;
}

const TABLES = {
  firstBrowse: transitions(true, false),
  firstBuying: transitions(true, true),
  laterBrowse: transitions(false, false),
  laterBuying: transitions(false, true),
};
const FIRST_ENTRY = weighted<P>([["Homepage", 72], ["Blog", 6], ["Courses", 5], ["Career tracks", 5], ["Pricing", 3], ["Success stories", 2], ["Sign up", 2], ["Other", 5]]);
const LATER_ENTRY = weighted<P>([["Homepage", 55], ["Log in", 25], ["Courses", 6], ["Career tracks", 4], ["Pricing", 4], ["Other", 6]]);
const PLAN = weighted<Learner["plan"]>([["Monthly", 55], ["Annual", 33], ["Quarterly", 12]]);
// Annual buyers deliberate longer before buying.
const SESSIONS_BEFORE_BUYING = { Monthly: 1.1, Quarterly: 1.5, Annual: 2.1 } as const;

function session(rng: Rng, firstVisit: boolean, buying: boolean): P[] {
  const pages: P[] = [(firstVisit ? FIRST_ENTRY : LATER_ENTRY)(rng)];
  let bought = false;
  let signedUp = !firstVisit || pages[0] === "Sign up";
  while (pages.length < 30) {
    const last = pages[pages.length - 1]!;
    if (last === "Checkout" && buying) bought = true;
    if (last === "Sign up") signedUp = true;
    const stillBuying = buying && !bought;
    if (!stillBuying && rng.chance(bought ? 0.7 : 0.2)) break;
    if (stillBuying && pages.length >= 20) {
      if (last !== "Pricing") pages.push("Pricing");
      if (rng.chance(0.25)) pages.push("Coupon");
      pages.push("Checkout");
      break;
    }
    // Once signed up, the visitor browses like a returning user (no second sign-up, no log-in).
    const table = !signedUp ? (stillBuying ? TABLES.firstBuying : TABLES.firstBrowse) : stillBuying ? TABLES.laterBuying : TABLES.laterBrowse;
    pages.push(table[last](rng));
  }
  return pages;
}

export function* learners(options: { seed: number; endDate: Date; people?: number }): Generator<Learner> {
  const total = options.people ?? LEARNPATH_PEOPLE;
  const timeline = buildTimeline(options.endDate, demoProject(LEARNPATH_SLUG).timezone);
  const signupDays = planSignups(createRng(deriveSeed(options.seed, LEARNPATH_SLUG, "signups")), timeline, total, (day) =>
    growth(timeline, day, 2) *
    weekdayFactor(day, [0.75, 1.1, 1.1, 1.05, 1, 0.85, 0.6]) *
    // New-year resolutions, back to school, a quiet summer.
    monthFactor(day, [1.45, 1.15, 1.05, 1, 0.95, 0.85, 0.75, 0.75, 1.2, 1.1, 1.15, 0.8]),
  );
  let sessionNumber = 0;
  for (let i = 0; i < total; i++) {
    const rng = createRng(deriveSeed(options.seed, LEARNPATH_SLUG, i));
    const plan = PLAN(rng);
    const count = 1 + rng.geometric(SESSIONS_BEFORE_BUYING[plan]);
    const sessions: Learner["sessions"] = [];
    for (let k = 0; k < count; k++) {
      sessionNumber++;
      sessions.push({ sessionId: `s_${String(sessionNumber).padStart(7, "0")}`, pages: session(rng, k === 0, k === count - 1) });
    }
    const signupAt = timeline.timeIn(rng, timeline.days[signupDays[i]!]!, HOURS.study);
    yield { personId: `u_${String(i + 1).padStart(6, "0")}`, plan, signupAt, sessions };
  }
}

/** The raw journey rows, one per session, ready to be written as a CSV for the importer. */
export function* journeyRows(options: { seed?: number; endDate?: Date; people?: number } = {}): Generator<JourneyRow> {
  const seed = options.seed ?? 42;
  const endDate = options.endDate ?? new Date();
  for (const learner of learners({ seed, endDate, people: options.people })) {
    for (const { sessionId, pages } of learner.sessions) {
      yield [learner.personId, sessionId, learner.plan, pages.join("-")];
    }
  }
}

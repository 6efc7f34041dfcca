/**
 * The speed suite's seeded project (npm run bench): the retention benchmark's product (bench/retention-data.ts) at
 * about 20 events a person — 18 months, arrivals that triple, many people leaving within days and the rest after
 * months, dormant spells — with a revenue column on purchases, and from the same people:
 * - people.csv: signup, plan, source, platform, country;
 * - journeys.csv: page journeys (user_id, session_id, subscription_type, user_journey with pages joined by "-") of a
 *   third of the web users, their sessions drawn by the LearnPath demo's page model (lib/demo/learnpath-journeys.ts);
 * - campaign-sends.csv: a monthly newsletter (two subject lines, no holdout) to the opted-in people still active, and
 *   a monthly promotion (push on phones, email on the web) to half of them with a tenth held out; opens, clicks,
 *   bounces and unsubscribes as times, none after the data ends;
 * - spend.csv: daily spend per paid channel (ads, partner) and platform, following the signups it bought.
 * Written once per size to .data/bench/suite-<events>/ and reused while its manifest matches (the files are seeded).
 */
import fs from "node:fs";
import path from "node:path";
import { learners } from "@/lib/demo/learnpath-journeys";
import { Rng, deriveSeed } from "@/lib/demo/random";
import { DAYS, FIRST_DAY, PLANS, PLATFORMS, SOURCES, clockOf, dayString, generateRetentionData, populationFor, writer, type GenerateOptions } from "./retention-data";

/** Bumped whenever the files' contents change, so that an older copy is written again. */
const VERSION = 1;
const SEED = 20261205;
export const SUITE_TIMEZONE = "Europe/London";
const OPTIONS: GenerateOptions = { eventsPerPerson: 20, revenue: true };

export type SuiteFile = { file: string; rows: number; bytes: number };
export type SuiteData = {
  version: number;
  dir: string;
  events: SuiteFile;
  people: SuiteFile;
  journeys: SuiteFile & { pages: number };
  sends: SuiteFile & { campaigns: number; holdout: number };
  spend: SuiteFile;
  /** Local days of the first and last event. */
  firstDay: string;
  lastDay: string;
  /** Events the model produced before sampling down. */
  modelled: number;
  seconds: number;
};

const size = (file: string) => fs.statSync(file).size;

/** The suite's files for `events` events: read from the manifest when written before, otherwise generated. */
export function suiteData(root: string, events: number): { data: SuiteData; reused: boolean } {
  const dir = path.join(root, `suite-${events}`);
  const manifest = path.join(dir, "manifest.json");
  if (fs.existsSync(manifest)) {
    const data = JSON.parse(fs.readFileSync(manifest, "utf8")) as SuiteData;
    const files = [data.events, data.people, data.journeys, data.sends, data.spend];
    if (data.version === VERSION && data.dir === dir && files.every((f) => fs.existsSync(f.file) && size(f.file) === f.bytes)) return { data, reused: true };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const data = generate(dir, events);
  fs.writeFileSync(manifest, JSON.stringify(data, null, 2) + "\n");
  return { data, reused: false };
}

function generate(dir: string, events: number): SuiteData {
  const started = performance.now();
  const base = generateRetentionData(dir, events, OPTIONS);
  const people = populationFor(events, OPTIONS);
  const lastDay = DAYS - 1;
  // The data ends at the end of the last day: no outcome recorded after it.
  const endMs = FIRST_DAY + DAYS * 86_400_000 - 1000;
  const local = (ms: number) => `${dayString(Math.floor((ms - FIRST_DAY) / 86_400_000))} ${clockOf(Math.floor((ms % 86_400_000) / 1000))}`;

  // Page journeys: a third of the web users, each given the sessions of one LearnPath learner.
  const web = [...people.ids.keys()].filter((i) => PLATFORMS[people.platform[i]!] === "web" && i % 3 === 0);
  const journeysFile = path.join(dir, "journeys.csv");
  const jout = writer(journeysFile);
  jout.write("user_id,session_id,subscription_type,user_journey\n");
  let journeyRows = 0;
  let pages = 0;
  let k = 0;
  for (const learner of learners({ seed: SEED, endDate: new Date(endMs), people: web.length })) {
    const i = web[k++]!;
    for (const { sessionId, pages: visited } of learner.sessions) {
      jout.write(`${people.ids[i]},${sessionId},${PLANS[people.plan[i]!]},${visited.join("-")}\n`);
      journeyRows++;
      pages += visited.length;
    }
  }
  const journeysBytes = jout.close();

  // Campaign sends to the people still active on the send day (arrived before it, within their lifetime).
  const rng = new Rng(deriveSeed(SEED, "campaigns"));
  const optedIn = Array.from({ length: people.count }, () => rng.chance(0.55));
  const sendsFile = path.join(dir, "campaign-sends.csv");
  const sout = writer(sendsFile);
  sout.write("campaign_id,campaign_name,channel,variant,holdout,person,sent_at,delivered_at,bounced_at,opened_at,clicked_at,unsubscribed_at\n");
  let sends = 0;
  let campaigns = 0;
  let held = 0;
  const at = (ms: number) => (ms <= endMs ? local(ms) : "");
  for (let d = 1; d <= lastDay; d++) {
    const date = new Date(FIRST_DAY + d * 86_400_000);
    const month = dayString(d).slice(0, 7);
    const newsletter = date.getUTCDay() === 2 && date.getUTCDate() <= 7;
    const promo = date.getUTCDate() === 15;
    if (!newsletter && !promo) continue;
    campaigns++;
    const sentMs = FIRST_DAY + d * 86_400_000 + (newsletter ? 9 : 18) * 3_600_000;
    const id = newsletter ? `news-${month}` : `promo-${month}`;
    const name = newsletter ? `Monthly newsletter ${month}` : `${month} offer`;
    for (let i = 0; i < people.count && people.arrival[i]! < d; i++) {
      if (d > people.arrival[i]! + people.lifeDays[i]!) continue;
      if (newsletter ? !optedIn[i] : !rng.chance(0.5)) continue;
      const phone = PLATFORMS[people.platform[i]!] !== "web";
      const channel = newsletter || !phone ? "email" : "push";
      const variant = newsletter ? (rng.chance(0.5) ? "A: news" : "B: question") : "";
      const holdout = promo && rng.chance(0.1);
      const row = [id, name, channel, variant, holdout ? "yes" : "no", people.ids[i]!, local(sentMs)];
      sends++;
      if (holdout) {
        held++;
        sout.write(`${row.join(",")},,,,,\n`);
        continue;
      }
      if (rng.chance(channel === "email" ? 0.02 : 0.01)) {
        sout.write(`${row.join(",")},,${at(sentMs + rng.int(1, 90) * 1000)},,,\n`);
        continue;
      }
      const delivered = sentMs + rng.int(2, 120) * 1000;
      const engaged = people.base[i]!;
      let opened = "";
      let clicked = "";
      let touched = delivered;
      if (rng.chance(Math.min(0.8, (newsletter ? 0.15 : 0.1) + engaged * (variant.startsWith("B") ? 1.1 : 1)))) {
        touched = delivered + Math.min(rng.logNormal(3, 1.4), 24 * 6) * 3_600_000;
        opened = at(Math.floor(touched / 1000) * 1000);
        if (rng.chance(promo ? 0.3 : 0.2)) clicked = at(Math.floor(touched / 1000) * 1000 + rng.int(5, 600) * 1000);
      }
      const unsubscribed = rng.chance(0.004) ? at(Math.floor(touched / 1000) * 1000 + rng.int(10, 3600) * 1000) : "";
      sout.write(`${row.join(",")},${at(delivered)},,${opened},${clicked},${unsubscribed}\n`);
    }
  }
  const sendsBytes = sout.close();

  // Spend: each paid channel and platform a day, priced by the signups it brought, with noise and some idle spend.
  const signups = new Map<string, number>();
  for (let i = 0; i < people.count; i++) {
    const key = `${people.arrival[i]}|${SOURCES[people.source[i]!]}|${PLATFORMS[people.platform[i]!]}`;
    signups.set(key, (signups.get(key) ?? 0) + 1);
  }
  const paid = [
    { channel: "ads", campaign: "Search and social", cpa: 4.2, cpc: 0.8, ctr: 0.02 },
    { channel: "partner", campaign: "Partner network", cpa: 6.5, cpc: 1.4, ctr: 0.01 },
  ] as const;
  const platformCost = { ios: 1.3, android: 0.95, web: 0.8 } as const;
  const spendRng = new Rng(deriveSeed(SEED, "spend"));
  const spendFile = path.join(dir, "spend.csv");
  const pout = writer(spendFile);
  pout.write("date,channel,campaign,platform,cost,currency,clicks,impressions\n");
  let spendRows = 0;
  for (let d = 0; d <= lastDay; d++)
    for (const c of paid)
      for (const platform of PLATFORMS) {
        const n = signups.get(`${d}|${c.channel}|${platform}`) ?? 0;
        const cost = Math.round((n + 0.5) * c.cpa * platformCost[platform] * spendRng.logNormal(1, 0.3) * 100) / 100;
        const clicks = Math.max(1, Math.round((cost / c.cpc) * spendRng.logNormal(1, 0.15)));
        const impressions = Math.round((clicks / c.ctr) * spendRng.logNormal(1, 0.2));
        pout.write(`${dayString(d)},${c.channel},${c.campaign},${platform},${cost.toFixed(2)},USD,${clicks},${impressions}\n`);
        spendRows++;
      }
  const spendBytes = pout.close();

  return {
    version: VERSION,
    dir,
    events: { file: base.eventsFile, rows: base.events, bytes: base.eventBytes },
    people: { file: base.peopleFile, rows: base.people, bytes: base.peopleBytes },
    journeys: { file: journeysFile, rows: journeyRows, bytes: journeysBytes, pages },
    sends: { file: sendsFile, rows: sends, bytes: sendsBytes, campaigns, holdout: held },
    spend: { file: spendFile, rows: spendRows, bytes: spendBytes },
    firstDay: base.firstDay,
    lastDay: base.lastDay,
    modelled: base.modelled,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

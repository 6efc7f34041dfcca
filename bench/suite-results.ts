/** The speed suite's results (bench/suite.ts) and its tables, as Markdown: reports, ingestion, the dashboard under load, and the steps' times. */
import type { UploadKind } from "@/lib/ingest/kinds";
import type { LoadResult } from "./load-file";
import type { LoadTestResult } from "./load-test";
import type { SuiteData } from "./suite-data";
import type { DuckRun } from "./suite-duckdb";
import { SUITE_REPORTS, type Comparison, type Figures } from "./suite-reports";

export type AppReportTiming = {
  coldMs: number;
  repeatMs: number[];
  /** Asked again with the result cache on, as the app runs: served from the cache. */
  cachedMs?: number;
  coldStatementsMs: number;
  figures: Figures | null;
  error?: string;
};

/** One database's part (bench/suite-target.ts). */
export type TargetResult = {
  target: "embedded" | "server";
  server: { version: string; settings: string; jitAvailable: boolean };
  slug: string;
  kept: boolean;
  copy: { seconds: number; rowsPerSecond: number };
  uploads: ({ kind: UploadKind } & LoadResult)[];
  reports: Record<string, AppReportTiming>;
  load: LoadTestResult | null;
  loadError?: string;
  /** The events upload's rows as stored, COPY'd into a bare table of their shape, then each of the events' indexes built (seconds). */
  floor?: { copySeconds: number; indexSeconds: number[] };
  /** Seconds of each step. */
  phases: Record<string, number>;
};

export type SizeResult = {
  events: number;
  data: SuiteData;
  reusedFiles: boolean;
  duck: DuckRun;
  targets: (TargetResult & { comparisons: Record<string, Comparison> })[];
  phases: Record<string, number>;
};

export type SuiteResult = {
  date: string;
  machine: { cpu: string; cores: number; memoryGb: number; os: string; node: string; load: number[] };
  options: { sizes: number[]; targets: string[]; skipLoad: boolean; seconds: number; connections: number; timezone: string };
  sizes: SizeResult[];
  seconds: number;
};

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "–" : n >= 10_000 ? `${fmt(n / 1000, 1)} s` : `${fmt(n)} ms`);
const cachedMs = (n: number | undefined) => (n === undefined ? "–" : `${fmt(n, 1)} ms`);
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${fmt(a / b, 1)}×` : "–");
/** What loading the events' own table and building its indexes takes, against the bare \\copy (step 5 of suite-target.ts). */
const floorCell = (t: TargetResult) => {
  if (!t.floor) return "–";
  const total = t.floor.copySeconds + t.floor.indexSeconds.reduce((a, b) => a + b, 0);
  return `${fmt(t.floor.copySeconds, 1)} + ${t.floor.indexSeconds.map((s) => fmt(s, 1)).join(" + ")} s (${fmt(t.copy.seconds / total, 2)})`;
};
const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** "embedded PostgreSQL 18.1" or "PostgreSQL 15.4, JIT on": the server and whether statements may be compiled. */
export function serverLabel(t: TargetResult) {
  const version = t.server.version.replace(/ on .*$/, "").replace(/\s*\(.*\)$/, "");
  const jit = /jit=(\w+)/.exec(t.server.settings)?.[1];
  const jitWords = !t.server.jitAvailable ? "no JIT" : `JIT ${jit ?? "?"}`;
  return `${t.target === "embedded" ? "embedded " : ""}${version} (${jitWords})`;
}

/** Each tile's first answer: its time, and its status when not 200. */
const coldTiles = (l: LoadTestResult) =>
  Object.entries(l.coldMs)
    .map(([tile, n]) => `${SUITE_REPORTS.find((s) => s.tile === tile)?.id ?? tile} ${ms(n)}${l.coldStatus[tile] === 200 ? "" : ` (HTTP ${l.coldStatus[tile]})`}`)
    .join(", ");

export function markdown(r: SuiteResult): string {
  const m = r.machine;
  const lines: string[] = [
    `# Speed suite, ${r.date.slice(0, 16).replace("T", " ")} UTC`,
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; load average at the start ${m.load.join(", ")}.`,
    `Reports run through the app's runReport with the result cache off: cold is the first run of each after the uploads, repeated the median of 3 more;` +
      ` cached is the same report asked again with the cache on, as the app runs.` +
      ` DuckDB runs the same reports in memory over the same CSV files; its cold is the first run after reading them.`,
    "",
  ];
  for (const size of r.sizes) {
    const d = size.data;
    lines.push(
      `## ${fmt(size.events)} events`,
      "",
      `${fmt(d.people.rows)} people, ${d.firstDay} to ${d.lastDay} (${r.options.timezone}); ${fmt(d.journeys.pages)} page views in ${fmt(d.journeys.rows)} journeys;` +
        ` ${fmt(d.sends.rows)} campaign sends in ${d.sends.campaigns} campaigns (${fmt(d.sends.holdout)} held out); ${fmt(d.spend.rows)} spend rows.` +
        ` DuckDB ${size.duck.version}, ${size.duck.threads} threads: files read in ${fmt(size.duck.loadSeconds, 1)} s.`,
      "",
      "| server | report | app cold | app repeated | app cached | DuckDB cold | DuckDB repeated | app ÷ DuckDB, cold | app ÷ DuckDB, repeated | numbers | headline |",
      "|---|---|---|---|---|---|---|---|---|---|---|",
    );
    for (const t of size.targets)
      for (const spec of SUITE_REPORTS) {
        const a = t.reports[spec.id];
        const dk = size.duck.reports[spec.id];
        const c = t.comparisons[spec.id];
        const appRepeated = a ? median(a.repeatMs) : NaN;
        const duckRepeated = dk ? median(dk.repeatMs) : NaN;
        const numbers = a?.error
          ? `app failed: ${a.error}`
          : dk?.error
            ? `DuckDB failed: ${dk.error}`
            : !c
              ? "–"
              : c.mismatches.length
                ? `**${c.mismatches.length} of ${c.compared} DIFFER**`
                : `all ${c.compared} equal`;
        lines.push(
          `| ${serverLabel(t)} | ${spec.title} | ${ms(a?.coldMs)} | ${ms(appRepeated)} | ${cachedMs(a?.cachedMs)} | ${ms(dk?.coldMs)} | ${ms(duckRepeated)} | ${ratio(a?.coldMs ?? NaN, dk?.coldMs ?? NaN)} | ${ratio(appRepeated, duckRepeated)} | ${numbers} | ${a?.figures?.headline ?? "–"} |`,
        );
      }
    lines.push(
      "",
      "| server | app import of the events | psql \\copy, bare table | app ÷ \\copy | the events' own table: COPY + indexes (\\copy ÷ that) | import peak RSS | all five uploads |",
      "|---|---|---|---|---|---|---|",
    );
    for (const t of size.targets) {
      const events = t.uploads.find((u) => u.kind === "events");
      const total = t.uploads.reduce((sum, u) => sum + u.seconds, 0);
      const rss = Math.max(0, ...t.uploads.map((u) => u.maxRssMB));
      lines.push(
        `| ${serverLabel(t)} | ${events ? `${fmt(events.rowsPerSecond)} rows/s (${fmt(events.seconds, 1)} s)` : "–"} | ${fmt(t.copy.rowsPerSecond)} rows/s (${fmt(t.copy.seconds, 1)} s) |` +
          ` ${events ? fmt(events.rowsPerSecond / t.copy.rowsPerSecond, 2) : "–"} | ${floorCell(t)} | ${rss} MB | ${fmt(total, 1)} s (${t.uploads.map((u) => `${u.kind} ${fmt(u.seconds, 1)}`).join(", ")}) |`,
      );
    }
    const loaded = size.targets.filter((t) => t.load || t.loadError);
    if (loaded.length) {
      lines.push(
        "",
        `Dashboard of the six reports under load: ${r.options.connections} connections for ${r.options.seconds} s on loopback (autocannon), after ${loaded[0]?.load?.warmupSeconds ?? 0} s to warm up, the app as shipped (result cache on).`,
        "",
        "| server | requests/s | p50 / p95 / p99 / max | errors, timeouts, non-2xx | server RSS peak (first → last 10 s) | cold tiles |",
        "|---|---|---|---|---|---|",
      );
      for (const t of loaded) {
        const l = t.load;
        lines.push(
          l
            ? `| ${serverLabel(t)} | ${fmt(l.requestsPerSecond)} | ${l.latencyMs.p50} / ${l.latencyMs.p95} / ${l.latencyMs.p99} / ${l.latencyMs.max} ms | ${l.errors}, ${l.timeouts}, ${l.non2xx} |` +
                ` ${l.rssMb.peak} MB (${l.rssMb.firstTenSeconds} → ${l.rssMb.lastTenSeconds}) | ${coldTiles(l)} |`
            : `| ${serverLabel(t)} | failed: ${t.loadError} | | | | |`,
        );
      }
    }
    lines.push("", "| step | time |", "|---|---|");
    lines.push(`| files${size.reusedFiles ? " (reused)" : ""} | ${fmt(size.phases.generate ?? 0, 1)} s |`, `| DuckDB: read + reports | ${fmt(size.phases.duckdb ?? 0, 1)} s |`);
    for (const t of size.targets)
      lines.push(
        `| ${t.target}: ${Object.entries(t.phases).map(([name, s]) => `${name} ${fmt(s, 1)} s`).join(", ")} | ${fmt(size.phases[t.target] ?? 0, 1)} s |`,
      );
    lines.push("");
  }
  lines.push(`Whole run: ${fmt(r.seconds, 1)} s.`, "");
  return lines.join("\n");
}

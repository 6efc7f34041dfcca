import "server-only";
import { z } from "zod";
import { breaches, type AlertCondition } from "@/lib/alerts/evaluate";
import { ALERT_METRICS, metricSeries, type AlertMetric } from "@/lib/alerts/metrics";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError, publicError } from "@/lib/errors";
import { safePost } from "@/lib/ingest/safe-fetch";
import type { RawParams } from "@/lib/reports/params";
import { cliActor, requirePermission, type Actor } from "./actor";
import { getProject } from "./projects";
import { actorForUser } from "./users";

const METRICS = Object.keys(ALERT_METRICS) as [AlertMetric, ...AlertMetric[]];
const paramValue = z.union([z.string().max(500), z.array(z.string().max(500)).max(20)]);

export const alertRuleSchema = z
  .object({
    name: z.string().trim().min(1, "A rule needs a name.").max(200),
    metric: z.enum(METRICS, { message: `metric is one of ${METRICS.join(", ")}.` }),
    params: z.record(z.string(), paramValue).default({}),
    condition: z.enum(["above", "below", "anomaly"], { message: "condition is above, below or anomaly." }),
    threshold: z.number().finite().optional(),
    k: z.number().positive().max(10).default(3),
    periods: z.number().int().min(3).max(90).default(14),
    webhookUrl: z.string().trim().url("The webhook is an http(s) URL.").max(2000).optional(),
  })
  .refine((r) => r.condition === "anomaly" || r.threshold !== undefined, { message: "A rule above or below a value needs a threshold." })
  .refine((r) => !r.webhookUrl || /^https?:\/\//i.test(r.webhookUrl), { message: "The webhook is an http(s) URL." });
export type AlertRuleInput = z.input<typeof alertRuleSchema>;

const conditionOf = (r: { condition: string; threshold: number | null; k: number | null; periods: number | null }): AlertCondition =>
  r.condition === "anomaly" ? { condition: "anomaly", k: r.k ?? 3, periods: r.periods ?? 14 } : { condition: r.condition as "above" | "below", threshold: r.threshold ?? 0 };

/** A new rule, judged at once; its metric is read first, so that a parameter the report refuses is refused here. */
export async function createAlertRule(actor: Actor, slug: string, input: AlertRuleInput) {
  requirePermission(actor, "reports.save");
  const project = await getProject(actor, slug);
  const parsed = alertRuleSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  const rule = parsed.data;
  await metricSeries(actor, slug, rule.metric, rule.params);
  const { prisma } = await getDb();
  const created = await prisma.alertRule.create({
    data: {
      projectId: project.id, name: rule.name, metric: rule.metric, params: rule.params, condition: rule.condition,
      threshold: rule.threshold ?? null, k: rule.k, periods: rule.periods, webhookUrl: rule.webhookUrl ?? null, userId: actor.userId,
    },
    include: { project: { select: { slug: true } } },
  });
  // Judged at once on the data there is, so that the page shows what the rule catches.
  const fired = await evaluateRule(created);
  return { id: created.id.toString(), fired };
}

export async function deleteAlertRule(actor: Actor, slug: string, id: string) {
  requirePermission(actor, "reports.save");
  const project = await getProject(actor, slug);
  const { prisma } = await getDb();
  const { count } = await prisma.alertRule.deleteMany({ where: { id: /^\d+$/.test(id) ? BigInt(id) : -1n, projectId: project.id } });
  if (!count) throw new AppError("not_found", `No alert rule ${id} in this project.`);
}

/** The project's rules with their firings, newest first. */
export async function listAlerts(actor: Actor, slug: string) {
  requirePermission(actor, "projects.read");
  const project = await getProject(actor, slug);
  const { prisma } = await getDb();
  const rules = await prisma.alertRule.findMany({ where: { projectId: project.id }, orderBy: { id: "asc" }, include: { firings: { orderBy: { firedAt: "desc" }, take: 50 } } });
  return rules.map((r) => ({
    id: r.id.toString(),
    name: r.name,
    metric: r.metric as AlertMetric,
    params: r.params as RawParams,
    condition: conditionOf(r),
    // The webhook is shown by host only: its path may carry a secret token.
    webhookHost: r.webhookUrl ? new URL(r.webhookUrl).host : null,
    evaluatedAt: r.evaluatedAt?.toISOString() ?? null,
    firings: r.firings.map((f) => ({ point: f.point, value: f.value, expected: f.expected, lower: f.lower, upper: f.upper, firedAt: f.firedAt.toISOString(), delivery: f.delivery })),
  }));
}

/** A rule's metric series, for the chart the page marks its firings on. */
export async function alertSeries(actor: Actor, slug: string, metric: AlertMetric, params: RawParams) {
  requirePermission(actor, "projects.read");
  return metricSeries(actor, slug, metric, params);
}

type RuleRow = { id: bigint; name: string; metric: string; params: unknown; condition: string; threshold: number | null; k: number | null; periods: number | null; webhookUrl: string | null; userId: string | null; project: { slug: string } };

/**
 * Evaluates one rule as the user who made it: reads the metric, keeps each breach once per point (a second
 * evaluation of the same data fires nothing), and posts each new firing to the webhook.
 */
async function evaluateRule(rule: RuleRow): Promise<number> {
  const { prisma, pool } = await getDb();
  const actor = rule.userId ? await actorForUser(rule.userId) : cliActor;
  if (!actor) return 0;
  const series = await metricSeries(actor, rule.project.slug, rule.metric as AlertMetric, rule.params as RawParams);
  let fired = 0;
  for (const b of breaches(series, conditionOf(rule))) {
    const { rows } = await pool.query<{ id: string; fired_at: Date }>(
      `insert into alert_firings (rule_id, point, value, expected, lower, upper) values ($1, $2, $3, $4, $5, $6)
       on conflict (rule_id, point) do nothing returning id, fired_at`,
      [rule.id, b.point, b.value, b.expected, b.lower, b.upper],
    );
    if (!rows[0]) continue;
    fired++;
    if (!rule.webhookUrl) continue;
    let delivery = "delivered";
    try {
      await safePost(
        rule.webhookUrl,
        { alert: rule.name, rule: rule.id.toString(), project: rule.project.slug, metric: rule.metric, condition: conditionOf(rule), ...b, firedAt: rows[0].fired_at.toISOString() },
        { allowHosts: env().JOURNEYLENS_IMPORT_ALLOW_HOSTS, connectTimeoutMs: 5_000, idleTimeoutMs: 10_000, deadlineMs: 15_000, noun: "webhook" },
      );
    } catch (error) {
      delivery = publicError(error).message;
    }
    await pool.query("update alert_firings set delivery = $2 where id = $1", [rows[0].id, delivery]);
  }
  await prisma.alertRule.update({ where: { id: rule.id }, data: { evaluatedAt: new Date() } });
  return fired;
}

/** Evaluates a project's enabled rules (after an upload); one rule's failure does not stop the others. */
export async function evaluateProjectAlerts(projectId: string): Promise<number> {
  const { pool } = await getDb();
  // Plain SQL: after every upload, most often to find no rule, without loading Prisma's engine into an import's process.
  const { rows } = await pool.query<Omit<RuleRow, "id"> & { id: string }>(
    `select r.id::text, r.name, r.metric, r.params, r.condition, r.threshold, r.k, r.periods, r.webhook_url as "webhookUrl", r.user_id as "userId",
       json_build_object('slug', p.slug) as project
     from alert_rules r join projects p on p.id = r.project_id
     where r.project_id = $1 and r.enabled order by r.id`,
    [projectId],
  );
  const rules = rows.map((r): RuleRow => ({ ...r, id: BigInt(r.id) }));
  let fired = 0;
  for (const rule of rules) fired += await evaluateRule(rule).catch((error) => (console.error(`Alert rule ${rule.id}:`, error), 0));
  return fired;
}

/** The rules not evaluated for JOURNEYLENS_ALERT_INTERVAL_MS: the scheduled worker's round. */
export async function evaluateDueAlerts(now = new Date()): Promise<number> {
  const { prisma } = await getDb();
  const before = new Date(now.getTime() - env().JOURNEYLENS_ALERT_INTERVAL_MS);
  const rules = await prisma.alertRule.findMany({
    where: { enabled: true, OR: [{ evaluatedAt: null }, { evaluatedAt: { lte: before } }] },
    include: { project: { select: { slug: true } } },
    take: 50,
  });
  let fired = 0;
  for (const rule of rules) fired += await evaluateRule(rule).catch((error) => (console.error(`Alert rule ${rule.id}:`, error), 0));
  return fired;
}

// Evaluations started by uploads, which do not wait for them: kept so that a test (or a shutdown) can.
const pending = new Set<Promise<unknown>>();

/** Evaluates a project's rules after an upload, without holding the upload's answer back. */
export function evaluateAfterUpload(projectId: string) {
  const run: Promise<unknown> = evaluateProjectAlerts(projectId)
    .catch((error) => console.error("Alerts after an upload:", error))
    .finally(() => pending.delete(run));
  pending.add(run);
}

/** Resolves once every evaluation started by an upload has finished. */
export async function alertsSettled() {
  await Promise.all([...pending]);
}

import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError, publicError } from "@/lib/errors";
import { ownOrigin, renderElements } from "@/lib/export/chromium";
import { nextRun, parseCron } from "@/lib/ingest/cron";
import { requireMail, sendMail } from "@/lib/mail/send";
import { formatDateTime } from "@/lib/format";
import { requirePermission, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { getDashboard } from "./dashboards";
import { getProject } from "./projects";
import { checkReportParams, reportCsv } from "./reports";
import { openShare, withRenderLink } from "./shares";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const idOf = (id: string) => (/^\d{1,18}$/.test(id) ? BigInt(id) : -1n);
/** A whole number from a form's text or from JSON; empty is none. */
const whole = (min: number, max: number, what: string) =>
  z
    .union([z.string(), z.number()])
    .optional()
    .transform((v) => (v === "" || v === undefined ? undefined : Number(v)))
    .pipe(z.number({ message: `${what} is a number.` }).int().min(min, `${what} is ${min} to ${max}.`).max(max, `${what} is ${min} to ${max}.`).optional());
/** A list from a form's text (split on `split`) or from JSON. */
const list = (split: RegExp) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (Array.isArray(v) ? v : (v ?? "").split(split)).map((s) => s.trim()).filter(Boolean));

export const digestSchema = z
  .object({
    frequency: z.enum(["daily", "weekly", "monthly"], { message: "frequency is daily, weekly or monthly." }),
    weekday: whole(0, 6, "The weekday (0 Sunday – 6 Saturday)"),
    monthDay: whole(1, 28, "The day of the month"),
    hour: whole(0, 23, "The hour").transform((h) => h ?? 8),
    recipients: list(/[\s,;]+/).pipe(z.array(z.email("Each recipient is an email address.")).min(1, "Name at least one recipient.").max(50, "At most 50 recipients.")),
    locks: list(/\n/).pipe(z.array(z.string().max(500)).max(20)),
  })
  .refine((d) => d.frequency !== "weekly" || d.weekday !== undefined, { message: "A weekly digest needs a weekday." })
  .refine((d) => d.frequency !== "monthly" || d.monthDay !== undefined, { message: "A monthly digest needs a day of the month." });
export type DigestInput = z.input<typeof digestSchema>;
type Plan = Pick<z.output<typeof digestSchema>, "frequency" | "weekday" | "monthDay" | "hour">;

/** The schedule as cron reads it, in the project's zone: "0 8 * * 1" is Mondays at 08:00. */
const cronOf = (d: Plan) => `0 ${d.hour} ${d.frequency === "monthly" ? d.monthDay : "*"} * ${d.frequency === "weekly" ? d.weekday : "*"}`;
export const describeSchedule = (d: { frequency: string; weekday: number | null; monthDay: number | null; hour: number }) =>
  `${d.frequency === "daily" ? "Every day" : d.frequency === "weekly" ? `Every ${WEEKDAYS[d.weekday ?? 0]}` : `Monthly on day ${d.monthDay}`} at ${String(d.hour).padStart(2, "0")}:00`;

export type DigestInfo = { id: string; schedule: string; recipients: string[]; locks: string[]; nextRunAt: string; lastSentAt: string | null; lastError: string | null };
const info = (d: { id: bigint; frequency: string; weekday: number | null; monthDay: number | null; hour: number; recipients: string[]; locks: string[]; nextRunAt: Date; lastSentAt: Date | null; lastError: string | null }): DigestInfo => ({
  id: d.id.toString(),
  schedule: describeSchedule(d),
  recipients: d.recipients,
  locks: d.locks,
  nextRunAt: d.nextRunAt.toISOString(),
  lastSentAt: d.lastSentAt?.toISOString() ?? null,
  lastError: d.lastError,
});

/** Emails a dashboard on a schedule in the project's zone; the locked filters are checked as a report's `where` is. */
export async function createDigest(actor: Actor, slug: string, dashboardId: string, raw: DigestInput, now = new Date()): Promise<DigestInfo> {
  requirePermission(actor, "dashboards.edit");
  const parsed = digestSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  const input = parsed.data;
  const project = await getProject(actor, slug);
  await getDashboard(actor, slug, dashboardId);
  checkReportParams("overview", { where: input.locks });
  const { prisma } = await getDb();
  const created = await prisma.digest.create({
    data: {
      projectId: project.id,
      dashboardId: idOf(dashboardId),
      frequency: input.frequency,
      weekday: input.frequency === "weekly" ? input.weekday! : null,
      monthDay: input.frequency === "monthly" ? input.monthDay! : null,
      hour: input.hour,
      recipients: input.recipients,
      locks: input.locks,
      nextRunAt: nextRun(parseCron(cronOf(input)), now, project.timezone),
      userId: actor.userId,
    },
  });
  return info(created);
}

/** A dashboard's digests, for those who edit it (the recipients are addresses). */
export async function listDigests(actor: Actor, slug: string, dashboardId: string): Promise<DigestInfo[]> {
  requirePermission(actor, "dashboards.edit");
  const project = await getProject(actor, slug);
  const { prisma } = await getDb();
  return (await prisma.digest.findMany({ where: { projectId: project.id, dashboardId: idOf(dashboardId) }, orderBy: { id: "asc" } })).map(info);
}

async function findDigest(actor: Actor, slug: string, id: string) {
  requirePermission(actor, "dashboards.edit");
  const project = await getProject(actor, slug);
  const { prisma } = await getDb();
  const found = await prisma.digest.findFirst({ where: { id: idOf(id), projectId: project.id }, include: { project: true, dashboard: true } });
  if (!found) throw new AppError("not_found", `No digest ${id} in this project.`);
  return found;
}

export async function deleteDigest(actor: Actor, slug: string, id: string) {
  const found = await findDigest(actor, slug, id);
  const { prisma } = await getDb();
  await prisma.digest.delete({ where: { id: found.id } });
}

/** Sends a digest now, outside its schedule (which stays as it is). */
export async function sendDigestNow(actor: Actor, slug: string, id: string): Promise<{ recipients: number; tiles: number }> {
  const found = await findDigest(actor, slug, id);
  const sent = await deliver(found);
  const { prisma } = await getDb();
  await prisma.digest.update({ where: { id: found.id }, data: { lastSentAt: new Date(), lastError: null } });
  await recordAudit(await getDb(), actor, "digest.send", id, { dashboard: found.dashboardId.toString(), recipients: found.recipients.length });
  return sent;
}

type DigestRow = Awaited<ReturnType<typeof findDigest>>;

/**
 * Draws the dashboard in the server's Chromium through a five-minute link with the digest's locked filters, takes
 * each tile as a PNG, runs each tile's report as CSV through the same link's actor (so its numbers are the API's),
 * and sends one message to every recipient.
 */
async function deliver(digest: DigestRow): Promise<{ recipients: number; tiles: number }> {
  requireMail();
  const slug = digest.project.slug;
  const dashboardId = digest.dashboardId.toString();
  const { images, tables, name } = await withRenderLink(digest.projectId, dashboardId, digest.locks, async ({ path, token }) => {
    const { actor } = await openShare(token, () => undefined);
    const dashboard = await getDashboard(actor!, slug, dashboardId);
    const tables = await Promise.all(
      dashboard.tiles.filter((t) => !t.error).map(async (t) => ({ title: t.title, csv: await reportCsv(actor!, slug, t.kind, t.params) })),
    );
    const images = await renderElements(`${ownOrigin()}${path}`, '[data-testid^="tile-"]');
    return { images, tables, name: dashboard.name };
  });
  const when = formatDateTime(new Date().toISOString(), digest.project.timezone);
  const base = env().NEXTAUTH_URL;
  const link = base ? new URL(`/p/${slug}/dashboards/${dashboardId}`, base).toString() : null;
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
  const html = [
    `<div style="font-family:system-ui,sans-serif;color:#0f172a;max-width:760px">`,
    `<p style="color:#64748b;margin:0">${escape(digest.project.name)} · ${escape(describeSchedule(digest))} (${escape(digest.project.timezone)})</p>`,
    `<h1 style="font-size:22px;margin:4px 0 12px">${escape(name)}</h1>`,
    digest.locks.length ? `<p style="color:#92400e">Only: ${digest.locks.map(escape).join(" and ")}</p>` : "",
    ...images.map((img, i) => `<h2 style="font-size:15px;margin:20px 0 6px">${escape(img.title)}</h2><img src="cid:tile-${i}@journeylens" alt="${escape(img.title)}" style="max-width:100%;border:1px solid #e2e8f0;border-radius:8px">`),
    `<p style="color:#64748b;font-size:12px;margin-top:24px">As of ${escape(when)}. Each tile's numbers are attached as CSV.${link ? ` <a href="${escape(link)}">Open the dashboard</a>.` : ""}</p>`,
    `</div>`,
  ].join("\n");
  await sendMail({
    to: digest.recipients,
    subject: `${name} — ${digest.project.name}, ${when}`,
    html,
    text: `${name} (${digest.project.name}), as of ${when}. The charts are in the HTML part; each tile's numbers are attached as CSV.${link ? `\n${link}` : ""}`,
    attachments: [
      ...images.map((img, i) => ({ filename: `tile-${i + 1}.png`, content: img.png, contentType: "image/png", cid: `tile-${i}@journeylens`, contentDisposition: "inline" as const })),
      ...tables.map((t, i) => ({ filename: `${i + 1}-${t.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.csv`, content: t.csv, contentType: "text/csv; charset=utf-8" })),
    ],
  });
  return { recipients: digest.recipients.length, tiles: images.length };
}

/** The scheduler's round: every digest that is due is sent, and moved to its next time; a failure is kept on it. */
export async function runDueDigests(now = new Date()): Promise<number> {
  const { prisma } = await getDb();
  const due = await prisma.digest.findMany({ where: { nextRunAt: { lte: now } }, include: { project: true, dashboard: true }, take: 20 });
  let sent = 0;
  for (const digest of due) {
    const next = nextRun(parseCron(cronOf({ frequency: digest.frequency as Plan["frequency"], weekday: digest.weekday ?? undefined, monthDay: digest.monthDay ?? undefined, hour: digest.hour })), now, digest.project.timezone);
    try {
      await deliver(digest);
      await prisma.digest.update({ where: { id: digest.id }, data: { nextRunAt: next, lastSentAt: new Date(), lastError: null } });
      sent++;
    } catch (error) {
      await prisma.digest.update({ where: { id: digest.id }, data: { nextRunAt: next, lastError: publicError(error).message } });
    }
  }
  return sent;
}

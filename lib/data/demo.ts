import "server-only";
import { THREADLINE_SLUG } from "@/lib/demo/projects";
import { getDb } from "@/lib/db/client";
import { loadDemo } from "@/lib/demo";
import { requirePermission, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { saveReportDefaults } from "./report-defaults";
import { createUser } from "./users";

/** The three demo logins printed by the start command and shown in the README. */
export const DEMO_PASSWORD = "journeylens-demo";
export const DEMO_USERS = [
  { email: "admin@journeylens.test", name: "Ada Admin", role: "admin" },
  { email: "marketing@journeylens.test", name: "Mia Marketing", role: "marketing" },
  { email: "sales@journeylens.test", name: "Sam Sales", role: "sales" },
] as const;

export async function ensureDemoUsers(actor: Actor) {
  requirePermission(actor, "users.manage");
  const { prisma } = await getDb();
  for (const user of DEMO_USERS) {
    if (!(await prisma.user.findUnique({ where: { email: user.email } })))
      await createUser(actor, { ...user, password: DEMO_PASSWORD });
  }
}

export async function loadDemoData(actor: Actor, options: { endDate?: Date; seed?: number; onProgress?: (m: string) => void }) {
  requirePermission(actor, "projects.manage");
  requirePermission(actor, "uploads.create");
  const db = await getDb();
  const summary = await loadDemo(db, options);
  await ensureDemoUsers(actor);
  // The apparel shop says what its purchases and returns are, as a shop would once, for its journey stages.
  await saveReportDefaults(actor, THREADLINE_SLUG, "stages", { purchase: "Order", return: "Return", category: "category", size: "size" });
  await recordAudit(db, actor, "demo.load", null, { events: summary.totalEvents, endDate: options.endDate?.toISOString() ?? null });
  return summary;
}

/** True when the demo has been loaded already (the start command loads it once). */
export async function demoLoaded(actor: Actor) {
  requirePermission(actor, "projects.read");
  const { prisma } = await getDb();
  return (await prisma.project.count()) > 0;
}

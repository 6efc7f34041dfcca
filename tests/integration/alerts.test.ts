import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { alertsSettled, createAlertRule, evaluateProjectAlerts, listAlerts } from "@/lib/data/alerts";
import { getProject } from "@/lib/data/projects";
import { createFixtureProject } from "../support/fixtures";
import { importText } from "../support/ingest";

/*
 * Daily active people in March 2026 (UTC): a noisy 8–12 a day, and 40 on March 21. An anomaly rule (outside the mean
 * ± 3σ of the 14 days before) fires for March 21 alone, once however often it is evaluated, and posts it to a local
 * receiver. A threshold rule on the last days fires when an upload brings a busy day.
 */
const NOISE = [10, 12, 9, 11, 10, 8, 12, 11, 9, 10, 11, 12, 10, 9, 11, 10, 12, 9, 10, 11];
const dau = [...NOISE, 40, ...NOISE.slice(0, 9)];
const events = dau.flatMap((n, i) =>
  Array.from({ length: n }, (_, j) => ({ person: `u${j}`, name: "Visit", at: `2026-03-${String(i + 1).padStart(2, "0")}T12:00:00Z` })),
);

const received: unknown[] = [];
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    received.push({ method: req.method, type: req.headers["content-type"], body: JSON.parse(body) });
    res.writeHead(204).end();
  });
});
let hook = "";

beforeAll(async () => {
  // The receiver listens on loopback, which webhooks refuse unless allowed, as scheduled fetches do.
  process.env.JOURNEYLENS_IMPORT_ALLOW_HOSTS = "127.0.0.1";
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/alerts`;
  await createFixtureProject("alerting", "UTC", [], events);
});
afterAll(async () => {
  delete process.env.JOURNEYLENS_IMPORT_ALLOW_HOSTS;
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe("alerts", () => {
  it("an anomaly in DAU fires exactly once, for the injected day, and is posted to the webhook", async () => {
    const created = await createAlertRule(cliActor, "alerting", {
      name: "DAU anomaly", metric: "dau", condition: "anomaly", k: 3, periods: 14, webhookUrl: hook,
      params: { from: "2026-03-01", as_of: "2026-03-30" },
    });
    // Judged when made; evaluated again (after an upload, by the worker), it fires nothing new.
    expect(created.fired).toBe(1);
    const project = await getProject(cliActor, "alerting");
    expect(await evaluateProjectAlerts(project.id)).toBe(0);
    const [rule] = await listAlerts(cliActor, "alerting");
    expect(rule!.firings).toHaveLength(1);
    expect(rule!.firings[0]).toMatchObject({ point: "2026-03-21", value: 40, expected: 10.5, delivery: "delivered" });
    expect(rule!.webhookHost).toBe(hook.replace(/^http:\/\/|\/hooks\/alerts$/g, ""));
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: "POST",
      type: "application/json",
      body: { alert: "DAU anomaly", project: "alerting", metric: "dau", point: "2026-03-21", value: 40, expected: 10.5, condition: { condition: "anomaly", k: 3, periods: 14 } },
    });
  });

  it("is evaluated after an upload: a busy day past a threshold fires and is posted", async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const busyRule = await createAlertRule(cliActor, "alerting", { name: "Busy day", metric: "dau", condition: "above", threshold: 30, params: { from: "-6d" }, webhookUrl: hook });
    expect(busyRule.fired).toBe(0);
    const rows = Array.from({ length: 35 }, (_, i) => `v${i},${yesterday} 12:00:00,Visit`).join("\n");
    await importText("alerting", `person,time,name\n${rows}\n`, { kind: "events", map: { time: "time" } });
    await alertsSettled();
    const busy = (await listAlerts(cliActor, "alerting")).find((r) => r.name === "Busy day")!;
    expect(busy.firings.map((f) => [f.point, f.value, f.delivery])).toEqual([[yesterday, 35, "delivered"]]);
    expect(received.at(-1)).toMatchObject({ body: { alert: "Busy day", point: yesterday, value: 35 } });
  });

  it("refuses a rule without a threshold, a metric it does not know, and a parameter its report does not read", async () => {
    await expect(createAlertRule(cliActor, "alerting", { name: "x", metric: "dau", condition: "above" })).rejects.toThrow("A rule above or below a value needs a threshold.");
    await expect(createAlertRule(cliActor, "alerting", { name: "x", metric: "nps" as "dau", condition: "anomaly" })).rejects.toThrow("metric is one of dau, revenue, campaign_ctr, funnel_conversion.");
    await expect(createAlertRule(cliActor, "alerting", { name: "x", metric: "dau", condition: "anomaly", params: { perods: "6" } })).rejects.toThrow('Unknown parameter "perods".');
  });
});

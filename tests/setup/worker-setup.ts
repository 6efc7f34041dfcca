import { afterAll, inject } from "vitest";
import { alertsSettled } from "@/lib/data/alerts";
import { closeDb } from "@/lib/db/client";

process.env.DATABASE_URL = inject("databaseUrl");

afterAll(async () => {
  // An upload starts its project's alert evaluation without waiting for it; the pool stays open until it is done.
  await alertsSettled();
  await closeDb();
});

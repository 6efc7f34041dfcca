import { afterAll, inject } from "vitest";
import { closeDb } from "@/lib/db/client";

process.env.DATABASE_URL = inject("databaseUrl");

afterAll(async () => {
  await closeDb();
});

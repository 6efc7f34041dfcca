import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { deleteUpload, ingestEventBatch, validateUpload } from "@/lib/data/uploads";
import { getDb } from "@/lib/db/client";
import { importText } from "../support/ingest";

/** Every writer marks the project changed in its own transaction, so no cached report outlives the data it read. */
let projectId = "";
const version = async () => {
  const { pool } = await getDb();
  return Number((await pool.query("select data_version from projects where id = $1", [projectId])).rows[0].data_version);
};

beforeAll(async () => {
  projectId = (await createProject(cliActor, { slug: "versions", timezone: "UTC" })).id;
});

describe("the data version", () => {
  it("moves with each upload kind, each removal and each event batch, and not with a dry run or a refused file", async () => {
    const steps: [string, () => Promise<unknown>][] = [
      ["events", () => importText("versions", "person,time,name\na,2026-01-01 10:00,Visit\n", { kind: "events" })],
      ["people", () => importText("versions", "person,plan\na,Pro\n", { kind: "people" })],
      ["journeys", () => importText("versions", "user_id,session_id,user_journey\na,s1,home-cart\n", { kind: "journeys" })],
      ["campaign sends", () => importText("versions", "campaign,person,sent\nc1,a,2026-01-02 09:00\n", { kind: "campaign-sends" })],
      ["spend", () => importText("versions", "date,channel,cost\n2026-01-02,ads,10\n", { kind: "spend" })],
      ["event batch", () => ingestEventBatch(cliActor, "versions", { events: [{ person: "b", name: "Visit", time: "2026-01-03T10:00:00Z" }] })],
    ];
    const uploads: string[] = [];
    for (const [what, step] of steps) {
      const before = await version();
      const result = (await step()) as { upload?: string };
      if (result.upload) uploads.push(result.upload);
      expect(await version(), what).toBe(before + 1);
    }
    for (const id of uploads) {
      const before = await version();
      await deleteUpload(cliActor, "versions", id);
      expect(await version(), `removal of ${id}`).toBe(before + 1);
    }
    const before = await version();
    await validateUpload(cliActor, "versions", { fileName: "dry.csv", stream: Readable.from([Buffer.from("person,time,name\nz,2026-01-05 10:00,Visit\n")]), options: { kind: "events" } });
    await expect(importText("versions", "person,time,name\n,2026-01-05 10:00,Visit\n", { kind: "events" })).rejects.toThrow();
    expect(await version()).toBe(before);
  });
});

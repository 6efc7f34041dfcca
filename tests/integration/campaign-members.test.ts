import type { PoolClient } from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { deleteUpload } from "@/lib/data/uploads";
import { getDb } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import { refreshMembers } from "@/lib/reports/rollups/campaign-members";
import { importText } from "../support/ingest";

/*
 * The member rollup (lib/reports/rollups/campaign-members.ts) as uploads keep it: one row per campaign and person,
 * in the arm and channel of the first send, with the first time of each outcome over all their sends, checked by hand
 * after two uploads and after each removal, and against a recount from the sends.
 */
const HEADER = "campaign,name,channel,variant,holdout,person,sent,bounced,opened,clicked,unsubscribed\n";
const first = HEADER + [
  "c1,Launch,email,A,no,p1,2026-03-10 10:00,,2026-03-10 11:00,,",
  "c1,Launch,email,B,no,p2,2026-03-10 10:00,,,2026-03-10 12:00,",
  "c1,Launch,email,,yes,p3,2026-03-10 10:00,,,,",
  "c1,Launch,push,A,no,p3,2026-03-10 10:00,,,,",
  "c2,Offer,sms,,no,p1,2026-03-12 09:00,2026-03-12 09:01,,,",
].join("\n") + "\n";
// p1's first send of c1 is now an earlier push of B (the arm changes); p2 gets a later send that unsubscribes.
const second = HEADER + [
  "c1,Launch again,push,B,no,p1,2026-03-09 10:00,,,,",
  "c1,Launch,email,A,no,p2,2026-03-11 10:00,,2026-03-11 10:30,,2026-03-11 10:40",
  "c3,Survey,email,,no,p4,2026-03-13 08:00,,,,",
].join("\n") + "\n";

type Member = Record<string, string | boolean | null>;
type Queryable = Pick<PoolClient, "query">;
const members = async (projectId: string, db?: Queryable): Promise<Member[]> => {
  const { rows } = await (db ?? (await getDb()).pool).query(
    `select campaign_id as campaign, person_id as person, to_char(sent_at at time zone 'UTC', 'MM-DD HH24:MI') as sent,
       to_char(last_sent_at at time zone 'UTC', 'MM-DD HH24:MI') as last, campaign_name as name, holdout, variant, channel,
       to_char(bounced_at at time zone 'UTC', 'MM-DD HH24:MI') as bounced, to_char(opened_at at time zone 'UTC', 'MM-DD HH24:MI') as opened,
       to_char(clicked_at at time zone 'UTC', 'MM-DD HH24:MI') as clicked, to_char(unsubscribed_at at time zone 'UTC', 'MM-DD HH24:MI') as unsubscribed
     from campaign_members where project_id = $1 order by 1, 2`,
    [projectId],
  );
  return rows;
};
const none = { bounced: null, opened: null, clicked: null, unsubscribed: null };

describe("campaign member rollup", () => {
  let projectId: string;
  beforeAll(async () => {
    projectId = (await createProject(cliActor, { slug: "members", timezone: "UTC" })).id;
  });

  it("keeps each member's first send and first outcomes through uploads and removals, as a recount from the sends", async () => {
    const one = await importText("members", first, { kind: "campaign-sends" });
    const afterFirst: Member[] = [
      { campaign: "c1", person: "p1", sent: "03-10 10:00", last: "03-10 10:00", name: "Launch", holdout: false, variant: "A", channel: "email", ...none, opened: "03-10 11:00" },
      // A click is an open.
      { campaign: "c1", person: "p2", sent: "03-10 10:00", last: "03-10 10:00", name: "Launch", holdout: false, variant: "B", channel: "email", ...none, opened: "03-10 12:00", clicked: "03-10 12:00" },
      // Two sends at the same time: the holdout row is the first.
      { campaign: "c1", person: "p3", sent: "03-10 10:00", last: "03-10 10:00", name: "Launch", holdout: true, variant: null, channel: "email", ...none },
      { campaign: "c2", person: "p1", sent: "03-12 09:00", last: "03-12 09:00", name: "Offer", holdout: false, variant: null, channel: "sms", ...none, bounced: "03-12 09:01" },
    ];
    expect(await members(projectId)).toEqual(afterFirst);

    const two = await importText("members", second, { kind: "campaign-sends" });
    const afterSecond: Member[] = [
      { ...afterFirst[0]!, sent: "03-09 10:00", name: "Launch again", variant: "B", channel: "push" },
      { ...afterFirst[1]!, last: "03-11 10:00", unsubscribed: "03-11 10:40" },
      afterFirst[2]!,
      afterFirst[3]!,
      { campaign: "c3", person: "p4", sent: "03-13 08:00", last: "03-13 08:00", name: "Survey", holdout: false, variant: null, channel: "email", ...none },
    ];
    expect(await members(projectId)).toEqual(afterSecond);
    await expectRecountEqual(projectId);

    await deleteUpload(cliActor, "members", String(two.upload));
    expect(await members(projectId)).toEqual(afterFirst);
    await expectRecountEqual(projectId);

    await deleteUpload(cliActor, "members", String(one.upload));
    expect(await members(projectId)).toEqual([]);
  });
});

/** The rows as kept equal the rows recounted from all of the project's sends (in a transaction rolled back). */
async function expectRecountEqual(projectId: string) {
  const kept = await members(projectId);
  const { pool } = await getDb();
  const rebuilt = await withTransaction(pool, { rollback: true }, async (client) => {
    await client.query("delete from campaign_members where project_id = $1", [projectId]);
    await refreshMembers(client, projectId);
    return members(projectId, client);
  });
  expect(rebuilt).toEqual(kept);
}

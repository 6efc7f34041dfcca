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
 * after two uploads and after each removal, and against a recount from the sends; and the follow-up columns, read
 * from the members' events, as events uploads and removals keep them.
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

/*
 * The follow-up columns, as events uploads and removals keep them: c1 goes out at 2026-03-10 10:00 to p1 and p2.
 *   first events upload, after the sends: p1 View 02-01 08:00; Purchase at the send ($5); View 04-10 09:59 (31 days
 *   less a minute: a follow-up); View 04-10 10:00 (31 days: not). p2 none.
 *   second: p1 Purchase 03-01 ($7, before the send: the revenue from the send is unchanged); p2 View 03-12.
 *   then page journeys of both, without a clock: nothing changes. After the second is removed, events after the
 *   follow-up days: p2 05-01 and 04-20 (each a new first event), p1 06-01 (nothing changes).
 */
const followUps = async (projectId: string, db?: Queryable) => {
  const time = (column: string) => `to_char(${column} at time zone 'UTC', 'MM-DD HH24:MI')`;
  const { rows } = await (db ?? (await getDb()).pool).query(
    `select person_id as person, ${time("before_at")} as before, ${time("first_event_at")} as first,
       (select array_agg(${time("a")} order by i) from unnest(follow_up_ats) with ordinality x(a, i)) as ats,
       follow_up_names as names, follow_up_revenue::float8[] as revenue
     from campaign_members where project_id = $1 order by person_id`,
    [projectId],
  );
  return rows;
};

describe("campaign member follow-ups", () => {
  it("are read again from the events as events uploads come and go, as a recount gives them", async () => {
    const { id } = await createProject(cliActor, { slug: "follow-ups", timezone: "UTC" });
    await importText("follow-ups", HEADER + "c1,Launch,email,,no,p1,2026-03-10 10:00,,,,\nc1,Launch,email,,no,p2,2026-03-10 10:00,,,,\n", { kind: "campaign-sends" });
    const nothing = { before: null, first: null, ats: null, names: null, revenue: null };
    expect(await followUps(id)).toEqual([{ person: "p1", ...nothing }, { person: "p2", ...nothing }]);

    const events = "person,name,time,revenue\n";
    await importText("follow-ups", events + [
      "p1,View,2026-02-01 08:00,", "p1,Purchase,2026-03-10 10:00,5", "p1,View,2026-04-10 09:59,", "p1,View,2026-04-10 10:00,",
    ].join("\n") + "\n", { kind: "events" });
    const p1 = { person: "p1", before: "02-01 08:00", first: "02-01 08:00", ats: ["03-10 10:00", "04-10 09:59"], names: ["Purchase", "View"], revenue: [5, 5] };
    expect(await followUps(id)).toEqual([p1, { person: "p2", ...nothing }]);
    await expectRecountEqual(id);

    const second = await importText("follow-ups", events + "p1,Purchase,2026-03-01 12:00,7\np2,View,2026-03-12 08:00,\n", { kind: "events" });
    expect(await followUps(id)).toEqual([
      { ...p1, before: "03-01 12:00" },
      { person: "p2", before: null, first: "03-12 08:00", ats: ["03-12 08:00"], names: ["View"], revenue: null },
    ]);
    await expectRecountEqual(id);

    // Page views without a clock are neither before a send, nor among its follow-ups, nor anyone's first event.
    const kept = await followUps(id);
    await importText("follow-ups", "person,session,journey\np1,s1,Home-Pricing\np2,s2,Home\n", { kind: "journeys" });
    expect(await followUps(id)).toEqual(kept);
    await expectRecountEqual(id);

    await deleteUpload(cliActor, "follow-ups", String(second.upload));
    expect(await followUps(id)).toEqual([p1, { person: "p2", ...nothing }]);
    await expectRecountEqual(id);

    // Events after the follow-up days (to 04-10 10:00): p2's first ever, then one earlier than it, both new first
    // events; then p1's, after their first event, which changes nothing.
    await importText("follow-ups", events + "p2,View,2026-05-01 08:00,\n", { kind: "events" });
    expect((await followUps(id))[1]).toEqual({ person: "p2", ...nothing, first: "05-01 08:00" });
    await importText("follow-ups", events + "p2,View,2026-04-20 08:00,\n", { kind: "events" });
    expect((await followUps(id))[1]).toEqual({ person: "p2", ...nothing, first: "04-20 08:00" });
    await importText("follow-ups", events + "p1,View,2026-06-01 08:00,\n", { kind: "events" });
    expect((await followUps(id))[0]).toEqual(p1);
    await expectRecountEqual(id);
  });
});

/** The rows as kept equal the rows recounted from all of the project's sends (in a transaction rolled back). */
async function expectRecountEqual(projectId: string) {
  const kept = [await members(projectId), await followUps(projectId)];
  const { pool } = await getDb();
  const rebuilt = await withTransaction(pool, { rollback: true }, async (client) => {
    await client.query("delete from campaign_members where project_id = $1", [projectId]);
    await refreshMembers(client, projectId);
    return [await members(projectId, client), await followUps(projectId, client)];
  });
  expect(rebuilt).toEqual(kept);
}

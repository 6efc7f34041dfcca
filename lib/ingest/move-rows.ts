import "server-only";
import type pg from "pg";
import { empty, join, raw, runSql, sql, type Sql } from "@/lib/db/sql";
import type { ImportOptions, ResolvedMapping } from "./kinds";
import { phaseTimer } from "@/lib/phase-timer";
import type { StagePlan } from "./stage-rows";
import { PERSON_ATTRIBUTES } from "@/lib/person-attributes";
import { firstEventsOfBatch, mergeActivity, peopleOfBatch, readActivity } from "@/lib/reports/rollups/activity-masks";
import { addSequences } from "@/lib/reports/rollups/event-sequences";
import { countSlots } from "@/lib/reports/rollups/activity-days";
import { addPropertyKeys } from "@/lib/reports/rollups/property-keys";
import { addMembers } from "@/lib/reports/rollups/campaign-members";
import { settleNumericColumns, type EventLoad } from "./event-segment";

/**
 * Set-based moves from the staging table into the project's tables, one statement per table. Identifiers are the
 * staging table's own generated column names (f_<field>, p<n>); every value and property name is a bound parameter.
 */
export type MoveContext = { projectId: string; timezone: string; uploadId: string; options: ImportOptions; mapping: ResolvedMapping; plan: StagePlan };
export type MoveCounts = { events: number; peopleCreated: number; peopleUpdated: number };

const has = (ctx: MoveContext, field: string) => ctx.mapping.columns[field] !== undefined;
// Times are staged as epoch milliseconds (cheapest to write from the parser); every read converts them.
const TIME_FIELDS = new Set(["time", "signup"]);
const col = (field: string) => raw(TIME_FIELDS.has(field) ? `to_timestamp(s.f_${field} / 1000.0)` : `s.f_${field}`);

/** The properties JSON of a staged row: numbers stay numbers, empty values are left out. */
function propertiesExpression(ctx: MoveContext): Sql {
  const pairs = ctx.mapping.properties.map((p, i) => sql`${p.name}::text, ${raw(ctx.plan.numeric[i] ? `s.p${i}::numeric` : `s.p${i}`)}`);
  if (!pairs.length) return sql`'{}'::jsonb`;
  // jsonb_build_object takes at most 100 arguments: build in groups and concatenate.
  const groups: Sql[] = [];
  for (let i = 0; i < pairs.length; i += 40) groups.push(sql`jsonb_build_object(${join(pairs.slice(i, i + 40), ", ")})`);
  return sql`jsonb_strip_nulls(${join(groups, " || ")})`;
}

// The people table's typed attribute columns (constant names).
const ATTRIBUTES: readonly string[] = PERSON_ATTRIBUTES;

const propertyNames = (ctx: MoveContext) => ctx.mapping.properties.map((p) => p.name);

/** People met in the upload: created with this upload's id, or their attributes and first-seen time updated. */
async function upsertPeople(client: pg.PoolClient, ctx: MoveContext, firstSeen: Sql, attributes: boolean): Promise<Pick<MoveCounts, "peopleCreated" | "peopleUpdated">> {
  const attr = (field: string) => (attributes && has(ctx, field) ? col(field) : sql`null::text`);
  const props = attributes ? propertiesExpression(ctx) : sql`'{}'::jsonb`;
  if (attributes) await addPropertyKeys(client, ctx.projectId, "person", propertyNames(ctx));
  const signup = attributes && has(ctx, "signup") ? col("signup") : sql`null::timestamptz`;
  // Rows are applied in file order, as successive updates: a later non-empty value replaces an earlier one, and an
  // empty value changes nothing.
  const last = (expr: Sql) => sql`(array_agg(${expr} order by s.row_no desc) filter (where ${expr} is not null))[1]`;
  // One grouping of the rows by person for the attributes and the first-seen time; the properties, one row a key,
  // are grouped apart, and only when the file has any (500,000 people without: 10.8 s → 9.9 s to move on PostgreSQL 15).
  const properties = attributes && ctx.mapping.properties.length > 0;
  const { rows } = await runSql<{ created: number; updated: number }>(
    client,
    sql`with latest as (
      select s.f_person as person_id, ${firstSeen} as first_seen, ${last(signup)} as signup_at, ${join(ATTRIBUTES.map((a) => sql`${last(attr(a))} as ${raw(a)}`), ", ")}
      from upload_stage s group by s.f_person
    )${
      properties
        ? sql`, props as (
      select s.f_person as person_id, coalesce(jsonb_object_agg(kv.key, kv.value order by s.row_no) filter (where kv.key is not null), '{}'::jsonb) as properties
      from upload_stage s left join lateral jsonb_each(${props}) kv on true group by s.f_person
    )`
        : empty
    }, upserted as (
      insert into people as p (project_id, person_id, first_seen, signup_at, ${raw(ATTRIBUTES.join(", "))}, properties, upload_id)
      select ${ctx.projectId}::uuid, l.person_id, l.first_seen, l.signup_at, ${raw(ATTRIBUTES.map((a) => `l.${a}`).join(", "))}, ${properties ? sql`pr.properties` : sql`'{}'::jsonb`}, ${ctx.uploadId}::bigint
      from latest l ${properties ? sql`join props pr using (person_id)` : empty}
      on conflict (project_id, person_id) do update set
        first_seen = least(p.first_seen, excluded.first_seen),
        signup_at = coalesce(excluded.signup_at, p.signup_at),
        ${raw(ATTRIBUTES.map((a) => `${a} = coalesce(excluded.${a}, p.${a})`).join(",\n        "))},
        properties = p.properties || excluded.properties
      returning (xmax = 0) as created
    )
    select count(*) filter (where created)::int as created, count(*) filter (where not created)::int as updated from upserted`,
  );
  return { peopleCreated: rows[0]!.created, peopleUpdated: rows[0]!.updated };
}

/**
 * Events and sends bring no person attributes: create the people not seen before, move first_seen earlier. `seen`
 * returns (person_id, first_seen), one row per person.
 */
async function touchPeople(client: pg.PoolClient, ctx: MoveContext, seen: Sql): Promise<Pick<MoveCounts, "peopleCreated" | "peopleUpdated">> {
  const { rows } = await runSql<{ created: number; updated: number }>(
    client,
    sql`with upserted as (
      insert into people as p (project_id, person_id, first_seen, upload_id)
      select ${ctx.projectId}::uuid, person_id, first_seen, ${ctx.uploadId}::bigint from (${seen}) seen
      on conflict (project_id, person_id) do update set first_seen = excluded.first_seen
        where p.first_seen is null or excluded.first_seen < p.first_seen
      returning (xmax = 0) as created
    )
    select count(*) filter (where created)::int as created, count(*) filter (where not created)::int as updated from upserted`,
  );
  return { peopleCreated: rows[0]!.created, peopleUpdated: rows[0]!.updated };
}

/**
 * An events file is not staged: its rows are already in the upload's own table (event-segment.ts), from which the
 * people, the rollups and the property names are brought up to date before the table is kept.
 */
export async function moveEvents(client: pg.PoolClient, ctx: MoveContext, load: EventLoad, rows: number): Promise<MoveCounts> {
  const phase = phaseTimer();
  const table = raw(load.table);
  await settleNumericColumns(client, load.table, ctx.plan, propertyNames(ctx));
  await load.store(client, rows);
  phase("move: index or copy");
  // After the store: a person whose first event moves earlier has their masks rebuilt from the events table.
  const project = { id: ctx.projectId, timezone: ctx.timezone };
  await readActivity(client, project, sql`select person_id, occurred_at from ${table}`);
  phase("move: activity pass");
  // Every event of a file has a time, so the rollup's pass met each of its people, with their first event. They are
  // written before the rollups: the lock on each person's row makes a concurrent upload of the same people wait for
  // this one, and then merge into the rollup as this one left it.
  const people = await touchPeople(client, ctx, firstEventsOfBatch);
  phase("move: people");
  await mergeActivity(client, project);
  await countSlots(client, ctx.projectId, ctx.uploadId, sql`select occurred_at from ${table}`);
  phase("move: activity rollup");
  await addSequences(client, ctx.projectId, peopleOfBatch, { added: firstEventsOfBatch });
  phase("move: sequences");
  await addPropertyKeys(client, ctx.projectId, "event", propertyNames(ctx));
  await load.release(client);
  return { events: rows, ...people };
}

export async function movePeople(client: pg.PoolClient, ctx: MoveContext): Promise<MoveCounts> {
  const signup = has(ctx, "signup") ? sql`to_timestamp(min(s.f_signup) / 1000.0)` : sql`null::timestamptz`;
  const people = await upsertPeople(client, ctx, signup, true);
  return { events: 0, ...people };
}

/**
 * Journeys: each row's pages become page-view events in order, with no invented timestamps. Positions count a
 * person's pages across the file's rows, in row order: pages keep their order within a session, and sessions the
 * order in which they came (a session's first position), which is all the order a journey has. The pages go to the
 * upload's own events table, kept as events files are (event-segment.ts).
 */
export async function moveJourneys(client: pg.PoolClient, ctx: MoveContext, load: EventLoad): Promise<MoveCounts> {
  const people = await upsertPeople(client, ctx, sql`null::timestamptz`, true);
  const { rowCount } = await runSql(
    client,
    sql`insert into ${raw(load.table)} (person_id, name, occurred_at, session_id, position, properties)
      select s.f_person, btrim(j.page), null, s.f_session,
        (row_number() over (partition by s.f_person order by s.row_no, j.ord))::int, '{}'::jsonb
      from upload_stage s cross join lateral unnest(string_to_array(s.f_journey, ${ctx.options.separator})) with ordinality as j(page, ord)
      where btrim(j.page) <> ''`,
  );
  // Untimed page views add nothing to the activity rollup, nor to the campaign members' follow-ups; they do to each
  // person's sequence.
  await load.store(client, rowCount ?? 0);
  await addSequences(client, ctx.projectId, sql`select person_id from ${raw(load.table)}`, { untimedOnly: true });
  await load.release(client);
  return { events: rowCount ?? 0, ...people };
}

/**
 * Campaign sends: one row per send; a yes flag for opened, clicked… is read as "at the send time". A holdout row is a
 * person of the audience deliberately not sent: its sent time is when they would have been, and it has no outcome.
 */
export async function moveCampaignSends(client: pg.PoolClient, ctx: MoveContext): Promise<MoveCounts> {
  const people = await touchPeople(client, ctx, sql`select s.f_person as person_id, to_timestamp(min(s.f_sent) / 1000.0) as first_seen from upload_stage s group by s.f_person`);
  const moment = (field: string) =>
    has(ctx, field)
      ? raw(`case when s.f_${field} = 'NaN'::float8 then to_timestamp(s.f_sent / 1000.0) else to_timestamp(s.f_${field} / 1000.0) end`)
      : sql`null::timestamptz`;
  const channel = has(ctx, "channel") ? sql`coalesce(s.f_channel, 'email')` : sql`${ctx.mapping.constants.channel ?? "email"}::text`;
  const variant = has(ctx, "variant") ? col("variant") : sql`${ctx.mapping.constants.variant ?? null}::text`;
  const { rowCount } = await runSql(
    client,
    sql`insert into campaign_sends (project_id, person_id, campaign_id, campaign_name, channel, variant, holdout, sent_at, delivered_at, bounced_at,
        opened_at, clicked_at, unsubscribed_at, upload_id)
      select ${ctx.projectId}::uuid, s.f_person, s.f_campaign, ${has(ctx, "campaign_name") ? col("campaign_name") : sql`null::text`}, ${channel},
        ${variant}, ${has(ctx, "holdout") ? sql`coalesce(s.f_holdout, false)` : sql`false`},
        to_timestamp(s.f_sent / 1000.0), ${moment("delivered")}, ${moment("bounced")}, ${moment("opened")}, ${moment("clicked")},
        ${moment("unsubscribed")}, ${ctx.uploadId}::bigint
      from upload_stage s`,
  );
  await addMembers(client, ctx.projectId, sql`select f_person, f_campaign from upload_stage`);
  return { events: rowCount ?? 0, ...people };
}

/** Spend: a per-project aggregate, one row per day and channel (and campaign, platform); no people involved. */
export async function moveSpend(client: pg.PoolClient, ctx: MoveContext): Promise<MoveCounts> {
  const opt = (field: string, cast: string) => (has(ctx, field) ? raw(`s.f_${field}${cast}`) : sql`null`);
  const currency = has(ctx, "currency") ? sql`upper(coalesce(s.f_currency, 'USD'))` : sql`upper(${ctx.mapping.constants.currency ?? "USD"}::text)`;
  const { rowCount } = await runSql(
    client,
    sql`insert into spend (project_id, day, channel, campaign, platform, cost, currency, clicks, impressions, upload_id)
      select ${ctx.projectId}::uuid, (to_timestamp(s.f_date / 1000.0) at time zone ${ctx.timezone})::date, s.f_channel,
        ${opt("campaign", "")}, ${opt("platform", "")}, s.f_cost, ${currency}, ${opt("clicks", "::int")}, ${opt("impressions", "::int")},
        ${ctx.uploadId}::bigint
      from upload_stage s`,
  );
  return { events: rowCount ?? 0, peopleCreated: 0, peopleUpdated: 0 };
}

import "server-only";
import type pg from "pg";
import { empty, sql, type Sql } from "@/lib/db/sql";
import { projectEvents } from "../sql/identifiers";

/**
 * The sequence rollup behind funnels (docs/performance.md, "Funnels from each person's sequence"): one row a person,
 * their event names and times as two arrays in the person's order — time (infinity without a clock, so untimed events
 * come last), then upload, place in the file and name, the order every funnel reads events in. A funnel's next step is
 * then `array_position(names, step, after + 1)` in that one row, where a join of each step's events would hash
 * millions of rows. Every function here runs inside the caller's transaction, the one that changes the events; the
 * caller also marks the project changed (data-version.ts), as every writer does.
 */

/**
 * Rebuilds the rows of some people (all of the project's when `people` is omitted: a project's first upload, or a
 * rebuild) from the events table. The project's events are read in the rollup's order from the per-person index
 * (person, time, upload, position, name): one ordered pass with no sort, from the index alone for
 * a large upload, whose rows are frozen. The arrays take the rows in the order the subquery gives them, which holds
 * because nothing between the two reorders them: no join, and no parallel workers (set off here), whose partial
 * arrays would be combined in any order.
 */
export async function rebuildSequences(client: pg.PoolClient, projectId: string, people?: Sql) {
  const only = people ? sql`where e.person_id in (${people})` : empty;
  const pid = sql`${projectId}::uuid`;
  await client.query("set local max_parallel_workers_per_gather = 0");
  await run(client, sql`delete from event_sequences where project_id = ${pid} ${people ? sql`and person_id in (${people})` : empty}`);
  await run(
    client,
    sql`insert into event_sequences (project_id, person_id, names, ats)
      select ${pid}, person_id, array_agg(name), array_agg(coalesce(occurred_at, 'infinity'))
      from (
        select e.person_id, e.name, e.occurred_at from ${projectEvents(projectId)} e ${only}
        order by e.person_id, e.occurred_at, e.upload_id, e.position, e.name
      ) ordered
      group by person_id`,
  );
  await client.query("reset max_parallel_workers_per_gather");
}

/**
 * After events are added: the rows of the people the events belong to (`people`, a query of person ids), or the whole
 * project's when it had none before, which is one ordered read instead of a lookup per person.
 */
export async function addSequences(client: pg.PoolClient, projectId: string, people: Sql) {
  const { rows } = await client.query<{ any: boolean }>("select exists (select 1 from event_sequences where project_id = $1) as any", [projectId]);
  await rebuildSequences(client, projectId, rows[0]!.any ? people : undefined);
}

async function run(client: pg.PoolClient, query: Sql) {
  return client.query(query.text, query.values as unknown[]);
}

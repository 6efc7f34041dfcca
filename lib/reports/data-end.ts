import "server-only";
import type pg from "pg";

/**
 * What a project's data covers in time, for the default as_of and for reports that need timed events: the last local
 * day with a timed event (its end as an instant), and whether the project holds events that all lack a timestamp.
 *
 * The last day comes from the activity rollup (activity_people: each person's last timed event, already in local
 * time), not from max(occurred_at) on the events: a large upload's segment has only BRIN ranges on the time, so that
 * maximum reads the whole segment (about 0.27 s on 1M events), where the rollup holds one row per person (2 ms on 6,000
 * people, 0.25 s on 500,000). It is kept per project and data version below, so each version is read once per
 * process: every writer bumps the version (data-version.ts), and so does a change of the project's time zone.
 */
export type DataEnd = { day: string; endsAt: string };
export type DataSpan = { end: DataEnd | null; untimedOnly: boolean };

const known = new Map<string, { version: string; span: DataSpan }>();

export async function dataSpan(pool: pg.Pool, project: { id: string; timezone: string }, version: string): Promise<DataSpan> {
  const found = known.get(project.id);
  if (found?.version === version) return found.span;
  // Untimed events are looked for only when there is no timed one: then any event is untimed, and the first row
  // answers, so this never scans a project whose events have times.
  const { rows } = await pool.query<{ day: string | null; ends_at: Date | null; untimed: boolean }>(
    `select last.day::text as day, (last.day + 1)::timestamp at time zone $2 - interval '1 millisecond' as ends_at,
       last.day is null and exists (select 1 from events e where e.project_id = $1 and e.occurred_at is null) as untimed
     from (select max(last_local)::date as day from activity_people where project_id = $1) last`,
    [project.id, project.timezone],
  );
  const row = rows[0];
  const span: DataSpan = {
    end: row?.day && row.ends_at ? { day: row.day, endsAt: row.ends_at.toISOString() } : null,
    untimedOnly: row?.untimed ?? false,
  };
  known.set(project.id, { version, span });
  return span;
}

/** The as_of a run without one reads at: the end of the last event day when that is before `now`, else none (now). */
export function defaultAsOf(span: DataSpan, now: Date): string | undefined {
  return span.end && new Date(span.end.endsAt) < now ? span.end.day : undefined;
}

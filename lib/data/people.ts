import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { PERSON_ATTRIBUTES, type PersonAttribute } from "@/lib/person-attributes";
import { requirePermission, type Actor } from "./actor";
import { getProject } from "./projects";

export type TimelineEvent = {
  /** Local time in the project's zone; null for events without a clock (page journeys). */
  at: string | null;
  name: string;
  session: string | null;
  revenue: string | null;
  properties: Record<string, unknown>;
};
export type PersonTimeline = {
  person: { id: string; firstSeen: string | null; signupAt: string | null; properties: Record<string, unknown> } & { [a in PersonAttribute]: string | null };
  /** Every event of the person, counted; `events` is one page of them, in order. */
  total: number;
  page: number;
  pageSize: number;
  events: TimelineEvent[];
};

const pagingSchema = z.object({
  page: z.coerce.number().int().min(1, "page is at least 1.").default(1),
  page_size: z.coerce.number().int().min(1, "page_size is at least 1.").max(1000, "page_size is at most 1000.").default(200),
});

/**
 * One person's properties and events, in the order every report uses: time, then upload and place in the file, so
 * that page journeys without a clock come in their sessions' order. Needs `people.read`, like every people list.
 */
export async function getPersonTimeline(actor: Actor, slug: string, personId: string, paging: { page?: string; page_size?: string } = {}): Promise<PersonTimeline> {
  requirePermission(actor, "people.read");
  const project = await getProject(actor, slug);
  const parsed = pagingSchema.safeParse(paging);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  const { page, page_size } = parsed.data;
  if (personId.length > 200) throw new AppError("not_found", "No such person in this project.");
  const db = await getDb();
  const attributes = PERSON_ATTRIBUTES.map((a) => `"${a}"`).join(", ");
  const [person] = (
    await db.reads.query(
      `select person_id, ${attributes}, to_char(first_seen at time zone $3, 'YYYY-MM-DD HH24:MI:SS') as first_seen,
         to_char(signup_at at time zone $3, 'YYYY-MM-DD HH24:MI:SS') as signup_at, properties
       from people where project_id = $1 and person_id = $2`,
      [project.id, personId, project.timezone],
    )
  ).rows;
  const events = await db.reads.query(
    `select count(*) over () as total, to_char(occurred_at at time zone $3, 'YYYY-MM-DD HH24:MI:SS') as at, name, session_id, revenue::text as revenue, properties
     from events where project_id = $1 and person_id = $2
     order by occurred_at, upload_id, position, name
     limit $4 offset $5`,
    [project.id, personId, project.timezone, page_size, (page - 1) * page_size],
  );
  if (!person && !events.rows.length && page === 1) throw new AppError("not_found", `No person "${personId}" in this project.`);
  return {
    person: {
      id: personId,
      ...(Object.fromEntries(PERSON_ATTRIBUTES.map((a) => [a, person?.[a] ?? null])) as Record<PersonAttribute, string | null>),
      firstSeen: person?.first_seen ?? null,
      signupAt: person?.signup_at ?? null,
      properties: person?.properties ?? {},
    },
    total: Number(events.rows[0]?.total ?? 0),
    page,
    pageSize: page_size,
    events: events.rows.map((e) => ({ at: e.at, name: e.name, session: e.session_id, revenue: e.revenue, properties: e.properties })),
  };
}

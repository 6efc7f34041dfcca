import { z } from "zod";
import { timeParser } from "./time-parse";

/** The JSON body of POST …/events: up to MAX_BATCH events pushed by another system. */
export const MAX_BATCH = 1000;

const eventSchema = z.object({
  person: z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1, "person is empty")),
  name: z.string().trim().min(1, "name is empty").max(200),
  time: z.union([z.string(), z.number()]),
  session: z.union([z.string(), z.number()]).transform(String).optional(),
  revenue: z.number().finite().optional(),
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});

export const eventBatchSchema = z.object({
  events: z.array(eventSchema).min(1, "Send at least one event.").max(MAX_BATCH, `Send at most ${MAX_BATCH} events per request.`),
});
export type EventBatch = z.infer<typeof eventBatchSchema>;

export type BatchRow = { person: string; name: string; at: Date; session: string | null; revenue: number | null; properties: Record<string, unknown> };

/** Times as ISO 8601 (a zone, or the project's), or epoch seconds/milliseconds; each problem names the event's index. */
export function batchRows(batch: EventBatch, timezone: string): { rows: BatchRow[]; problems: string[] } {
  const parse = timeParser(timezone);
  const rows: BatchRow[] = [];
  const problems: string[] = [];
  batch.events.forEach((e, i) => {
    const ms = parse(String(e.time));
    if (ms === null) problems.push(`events[${i}].time: ${JSON.stringify(e.time)} is not a valid time.`);
    else rows.push({ person: e.person, name: e.name, at: new Date(ms), session: e.session ?? null, revenue: e.revenue ?? null, properties: e.properties });
  });
  return { rows, problems };
}

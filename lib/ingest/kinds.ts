import { z } from "zod";
import { PERSON_ATTRIBUTES, type PersonAttribute } from "@/lib/person-attributes";

/**
 * The column contract of each kind of upload: its fields, which are required, how values are read, and the header
 * names a field is proposed for. Columns mapped to no field become properties under their header names (event
 * properties for events; person properties for people and journeys).
 */
export const UPLOAD_KINDS = ["events", "people", "journeys", "campaign-sends", "spend"] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

/** "moment": a time, or a yes/no flag meaning "at the send time" (campaign opens, clicks…); "flag": yes or no. */
export type FieldType = "text" | "time" | "number" | "moment" | "flag";
export type FieldSpec = {
  field: string;
  /** What the value is, in messages: "the person id is missing". */
  label: string;
  type: FieldType;
  required: boolean;
  constantAllowed?: boolean;
  proposals: string[];
  help: string;
};

const personField: FieldSpec = {
  field: "person", label: "person id",
  type: "text",
  required: true,
  proposals: ["person", "person_id", "user_id", "userid", "user", "customer_id", "customerid", "distinct_id", "id"],
  help: "the person's id in your systems",
};
// The typed person attributes (lib/person-attributes.ts), each with the headers proposed for it.
const ATTRIBUTE_FIELDS: Record<PersonAttribute, Pick<FieldSpec, "proposals" | "help">> = {
  plan: { proposals: ["plan", "subscription_type", "subscription", "tier"], help: "plan or subscription" },
  source: { proposals: ["source", "acquisition_source", "utm_source", "channel"], help: "acquisition source" },
  platform: { proposals: ["platform", "os", "device"], help: "platform" },
  country: { proposals: ["country", "country_code"], help: "country" },
};
const personAttributes: FieldSpec[] = PERSON_ATTRIBUTES.map((field) => ({ field, label: field, type: "text", required: false, ...ATTRIBUTE_FIELDS[field] }));

export const KIND_FIELDS: Record<UploadKind, FieldSpec[]> = {
  events: [
    personField,
    { field: "time", label: "time", type: "time", required: true, proposals: ["time", "timestamp", "event_time", "occurred_at", "invoicedate", "date", "datetime", "created_at"], help: "when it happened" },
    { field: "name", label: "event name", type: "text", required: true, constantAllowed: true, proposals: ["name", "event", "event_name", "event_type", "action"], help: "the event's name (a column, or one name for every row with --set name=…)" },
    { field: "session", label: "session id", type: "text", required: false, proposals: ["session", "session_id", "sessionid"], help: "session id" },
    { field: "revenue", label: "revenue", type: "number", required: false, proposals: ["revenue", "amount", "price_total"], help: "revenue of the event" },
  ],
  people: [
    personField,
    { field: "signup", label: "signup time", type: "time", required: false, proposals: ["signup", "signup_at", "signup_time", "signed_up_at", "registered_at", "created_at"], help: "signup time" },
    ...personAttributes,
  ],
  journeys: [
    personField,
    { field: "session", label: "session id", type: "text", required: true, proposals: ["session", "session_id", "sessionid"], help: "session id" },
    { field: "journey", label: "journey", type: "text", required: true, proposals: ["journey", "user_journey", "path", "pages"], help: "the pages of the session, joined by the separator" },
    ...personAttributes,
  ],
  "campaign-sends": [
    { field: "campaign", label: "campaign id", type: "text", required: true, proposals: ["campaign", "campaign_id", "campaignid"], help: "the campaign's id" },
    { field: "campaign_name", label: "campaign name", type: "text", required: false, proposals: ["campaign_name", "subject", "name"], help: "the campaign's name" },
    { field: "channel", label: "channel", type: "text", required: false, constantAllowed: true, proposals: ["channel", "medium"], help: "email, sms, push… (default email)" },
    { field: "variant", label: "variant", type: "text", required: false, constantAllowed: true, proposals: ["variant", "variant_id", "variant_name", "ab_variant", "test_variant", "arm"], help: "the A/B variant, for example a subject line" },
    {
      field: "holdout", label: "holdout flag", type: "flag", required: false,
      proposals: ["holdout", "is_holdout", "holdout_group", "control", "is_control"],
      help: "yes for a person of the audience deliberately not sent, to compare with; their sent time is when they would have been sent",
    },
    personField,
    { field: "sent", label: "sent time", type: "time", required: true, proposals: ["sent", "sent_at", "send_time", "time", "timestamp"], help: "when it was sent" },
    ...(["delivered", "bounced", "opened", "clicked", "unsubscribed"] as const).map(
      (field): FieldSpec => ({ field, label: `${field} time`, type: "moment", required: false, proposals: [field, `${field}_at`, `is_${field}`], help: `when it was ${field}, or yes/no` }),
    ),
  ],
  spend: [
    { field: "date", label: "date", type: "time", required: true, proposals: ["date", "day", "spend_date"], help: "the day of the spend" },
    { field: "channel", label: "channel", type: "text", required: true, proposals: ["channel", "source", "utm_source", "network"], help: "channel or source" },
    { field: "campaign", label: "campaign", type: "text", required: false, proposals: ["campaign", "campaign_name", "utm_campaign"], help: "campaign" },
    { field: "platform", label: "platform", type: "text", required: false, proposals: ["platform", "os", "device"], help: "platform" },
    { field: "cost", label: "cost", type: "number", required: true, proposals: ["cost", "spend", "amount"], help: "the amount spent" },
    { field: "currency", label: "currency", type: "text", required: false, constantAllowed: true, proposals: ["currency"], help: "ISO currency code (default USD)" },
    { field: "clicks", label: "clicks", type: "number", required: false, proposals: ["clicks"], help: "clicks" },
    { field: "impressions", label: "impressions", type: "number", required: false, proposals: ["impressions", "views"], help: "impressions" },
  ],
};

export const importOptionsSchema = z.object({
  kind: z.enum(UPLOAD_KINDS, { error: `The kind of upload is one of ${UPLOAD_KINDS.join(", ")}.` }),
  /** field → header name */
  map: z.record(z.string(), z.string()).default({}),
  /** field → constant value for every row (only fields that allow it, e.g. the event name) */
  set: z.record(z.string(), z.string()).default({}),
  separator: z.string().min(1).max(5).default("-"),
  skipInvalid: z.boolean().default(false),
  force: z.boolean().default(false),
  /** For dates like 03/04/2026: "day_first" (the default when the file does not tell) or "month_first". */
  dateOrder: z.enum(["auto", "day_first", "month_first"]).default("auto"),
});
export type ImportOptions = z.infer<typeof importOptionsSchema>;
export type ImportOptionsInput = z.input<typeof importOptionsSchema>;

export type ResolvedMapping = {
  /** field → column index in the file */
  columns: Record<string, number>;
  constants: Record<string, string>;
  /** columns that become properties, with their header names */
  properties: { index: number; name: string }[];
};

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, "_");

/** The mapping the upload page proposes: each field to the first header that matches one of its usual names. */
export function proposeMapping(kind: UploadKind, header: string[]): Record<string, string> {
  const proposal: Record<string, string> = {};
  const taken = new Set<number>();
  for (const spec of KIND_FIELDS[kind]) {
    const index = header.findIndex((h, i) => !taken.has(i) && spec.proposals.includes(norm(h)));
    if (index >= 0) {
      proposal[spec.field] = header[index]!;
      taken.add(index);
    }
  }
  return proposal;
}

/** Checks a mapping against the file's header; every problem is one sentence saying what to do. */
export function resolveMapping(options: ImportOptions, header: string[]): { mapping: ResolvedMapping; problems: string[] } {
  const specs = KIND_FIELDS[options.kind];
  const problems: string[] = [];
  const explicit = { ...proposeMapping(options.kind, header), ...options.map };
  const columns: Record<string, number> = {};
  const constants: Record<string, string> = {};
  for (const field of [...Object.keys(options.map), ...Object.keys(options.set)])
    if (!specs.some((s) => s.field === field))
      problems.push(`"${field}" is not a field of ${options.kind} uploads; the fields are ${specs.map((s) => s.field).join(", ")}.`);
  for (const spec of specs) {
    const constant = options.set[spec.field];
    if (constant !== undefined) {
      if (!spec.constantAllowed) problems.push(`The ${spec.field} field cannot be set to one value for every row; map it to a column.`);
      else constants[spec.field] = constant;
      continue;
    }
    const column = explicit[spec.field];
    if (column === undefined) {
      if (spec.required)
        problems.push(
          `Map the ${spec.field} field (${spec.help}) to a column${spec.constantAllowed ? " or give it one value" : ""}; the file's columns are ${header.map((h) => JSON.stringify(h)).join(", ")}.`,
        );
      continue;
    }
    const exact = header.indexOf(column);
    const index = exact >= 0 ? exact : header.findIndex((h) => norm(h) === norm(column));
    if (index < 0) problems.push(`The ${spec.field} field is mapped to the column ${JSON.stringify(column)}, which the file does not have; its columns are ${header.map((h) => JSON.stringify(h)).join(", ")}.`);
    else columns[spec.field] = index;
  }
  const used = new Set(Object.values(columns));
  const properties = header.map((name, index) => ({ index, name })).filter((c) => !used.has(c.index));
  return { mapping: { columns, constants, properties }, problems };
}

/**
 * The person attributes stored in typed columns of `people` (every other person property lives in its JSON bag):
 * the one list that uploads, filters, breakdowns, people lists and exports read.
 */
export const PERSON_ATTRIBUTES = ["plan", "source", "platform", "country"] as const;
export type PersonAttribute = (typeof PERSON_ATTRIBUTES)[number];

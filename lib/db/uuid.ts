/** A uuid as PostgreSQL prints it (lower case), for ids that are checked before they reach SQL. */
export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);

import type pg from "pg";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { PERSON_KEY, TABLE_PLACEMENT, type TablePlacement } from "@/lib/db/distribution";
import { projectEventsTable } from "@/lib/ingest/event-segment";

/**
 * The schema against the placement of its tables for Citus (lib/db/distribution.ts, docs/scaling.md), read from the
 * catalog of the migrated test database:
 * - every table of the schema is placed, once (a partition goes with its parent), and every placed table exists;
 * - every primary key, unique index and unique or exclusion constraint of a per-person table, and of each of its
 *   partitions, starts with the project and the person (PERSON_KEY), but for the listed exceptions;
 * - a foreign key between per-person tables pairs the project with the project and the person with the person; no
 *   reference or coordinator table points to a per-person table, and no reference table to a coordinator table;
 * - a per-person table, and each of its partitions, has both columns NOT NULL, of one type and collation in every
 *   such table (Citus co-locates tables only when their distribution columns match in type and, from Citus 14, in
 *   collation).
 */

type Row = Record<string, unknown>;
const list = (columns: readonly string[]) => `(${columns.join(", ")})`;

type Queryable = pg.Pool | pg.PoolClient;

async function rows<T extends Row>(client: Queryable, text: string, values: unknown[]): Promise<T[]> {
  return (await client.query<T>(text, values)).rows;
}

/** What in `schema` breaks the placement's rules, one sentence each, sorted. */
async function placementViolations(db: Queryable, schema: string, placement: TablePlacement): Promise<string[]> {
  const found: string[] = [];
  const placed = [...placement.perPerson, ...placement.reference, ...placement.coordinator];
  const where = new Map<string, "perPerson" | "reference" | "coordinator">();
  for (const kind of ["perPerson", "reference", "coordinator"] as const)
    for (const table of placement[kind]) {
      if (where.has(table)) found.push(`${table} is placed twice`);
      where.set(table, kind);
    }

  // Each ordinary or partitioned table with the table at the top of its partition tree (itself when it is none).
  const tables = await rows<{ table: string; root: string }>(
    db,
    `select c.relname as table, r.relname as root
     from pg_class c
     join pg_namespace n on n.oid = c.relnamespace
     join pg_class r on r.oid = coalesce(pg_partition_root(c.oid), c.oid)
     where n.nspname = $1 and c.relkind in ('r', 'p')`,
    [schema],
  );
  const roots = new Set(tables.map((t) => t.root));
  for (const root of roots) if (!where.has(root)) found.push(`${root} is not placed`);
  for (const table of new Set(placed)) if (!roots.has(table)) found.push(`${table} is placed but the schema has no such table`);
  const perPerson = new Set(placement.perPerson);

  // Unique keys: primary keys, unique indexes (those of unique constraints among them) and exclusion constraints.
  const keys = await rows<{ table: string; root: string; index: string; primary: boolean; columns: string[] }>(
    db,
    `select c.relname as table, r.relname as root, i.relname as index, x.indisprimary as primary,
       array(select coalesce(a.attname::text, '(expression)') from unnest(x.indkey::int2[]) with ordinality k(attnum, n)
             left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum
             where k.n <= x.indnkeyatts order by k.n) as columns
     from pg_index x
     join pg_class c on c.oid = x.indrelid
     join pg_class i on i.oid = x.indexrelid
     join pg_namespace n on n.oid = c.relnamespace
     join pg_class r on r.oid = coalesce(pg_partition_root(c.oid), c.oid)
     where n.nspname = $1 and (x.indisunique or x.indisexclusion)`,
    [schema],
  );
  const exceptionsSeen = new Set<string>();
  for (const key of keys) {
    if (!perPerson.has(key.root)) continue;
    const what = `${key.table}: ${key.primary ? "primary key" : "unique index"} ${key.index} ${list(key.columns)}`;
    const exception = placement.keyExceptions[key.index];
    if (exception) {
      exceptionsSeen.add(key.index);
      if (list(exception) !== list(key.columns)) found.push(`${what} is not its listed exception ${list(exception)}`);
    } else if (list(key.columns.slice(0, PERSON_KEY.length)) !== list(PERSON_KEY)) {
      found.push(`${what} does not start with ${list(PERSON_KEY)}`);
    }
  }
  for (const index of Object.keys(placement.keyExceptions))
    if (!exceptionsSeen.has(index)) found.push(`the key exception ${index} matches no unique index of a per-person table`);

  const foreignKeys = await rows<{ table: string; root: string; name: string; ref_root: string; columns: string[]; ref_columns: string[] }>(
    db,
    `select c.relname as table, r.relname as root, k.conname as name, fr.relname as ref_root,
       array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, n)
             join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.n) as columns,
       array(select a.attname::text from unnest(k.confkey) with ordinality u(attnum, n)
             join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum order by u.n) as ref_columns
     from pg_constraint k
     join pg_class c on c.oid = k.conrelid
     join pg_namespace n on n.oid = c.relnamespace
     join pg_class r on r.oid = coalesce(pg_partition_root(c.oid), c.oid)
     join pg_class fr on fr.oid = coalesce(pg_partition_root(k.confrelid), k.confrelid)
     where n.nspname = $1 and k.contype = 'f'`,
    [schema],
  );
  for (const fk of foreignKeys) {
    const [from, to] = [where.get(fk.root), where.get(fk.ref_root)];
    if (!from || !to) continue; // reported as not placed
    const what = `${fk.table}: foreign key ${fk.name} ${list(fk.columns)} → ${fk.ref_root} ${list(fk.ref_columns)}`;
    if (from === "perPerson" && to === "perPerson") {
      const pairs = new Set(fk.columns.map((c, i) => `${c}=${fk.ref_columns[i]}`));
      if (!PERSON_KEY.every((c) => pairs.has(`${c}=${c}`))) found.push(`${what} does not pair ${list(PERSON_KEY)} with the same columns`);
    } else if (to === "perPerson") {
      found.push(`${what} points from a ${from} table to a per-person table`);
    } else if (from === "perPerson" && to === "coordinator") {
      found.push(`${what} points from a per-person table to a coordinator table`);
    } else if (from === "reference" && to === "coordinator") {
      found.push(`${what} points from a reference table to a coordinator table`);
    }
  }

  const columns = await rows<{ table: string; root: string; column: string; not_null: boolean | null; type: string | null }>(
    db,
    `select c.relname as table, r.relname as root, col.name as column, a.attnotnull as not_null,
       format_type(a.atttypid, a.atttypmod) || coalesce(' collate "' || co.collname || '"', '') as type
     from pg_class c
     join pg_namespace n on n.oid = c.relnamespace
     join pg_class r on r.oid = coalesce(pg_partition_root(c.oid), c.oid)
     cross join unnest($2::text[]) col(name)
     left join pg_attribute a on a.attrelid = c.oid and a.attname = col.name and not a.attisdropped
     left join pg_collation co on co.oid = a.attcollation
     where n.nspname = $1 and c.relkind in ('r', 'p') and r.relname = any($3::text[])`,
    [schema, PERSON_KEY, placement.perPerson],
  );
  const types = new Map<string, Map<string, string[]>>();
  for (const c of columns) {
    if (c.type === null) {
      found.push(`${c.table} has no column ${c.column}`);
      continue;
    }
    if (!c.not_null) found.push(`${c.table}.${c.column} may be null`);
    if (c.table !== c.root) continue; // a partition has its parent's types
    const byType = types.get(c.column) ?? new Map<string, string[]>();
    byType.set(c.type, [...(byType.get(c.type) ?? []), c.table]);
    types.set(c.column, byType);
  }
  for (const [column, byType] of types)
    if (byType.size > 1)
      found.push(
        `${column} has more than one type or collation in the per-person tables: ${[...byType]
          .map(([type, tables]) => `${type} ${list(tables.sort())}`)
          .sort()
          .join(", ")}`,
      );
  return found.sort();
}

describe("the tables' placement for a distributed database", () => {
  it("every table is placed, and every per-person key, foreign key and column keeps the rules", async () => {
    const { pool } = await getDb();
    // With a project, its events table and segment 0 (made by the projects trigger), and a segment of a large upload
    // attached as the load attaches it; rolled back after.
    const client = await pool.connect();
    try {
      await client.query("begin");
      const { rows: made } = await client.query<{ id: string }>(
        "insert into projects (id, slug, name) values (gen_random_uuid(), 'placement-check-' || pg_backend_pid(), 'Placement check') returning id",
      );
      const project = projectEventsTable(made[0]!.id);
      await client.query(`create table ${project}_1 (like events including defaults)`);
      await client.query(`alter table ${project} attach partition ${project}_1 for values in (1)`);
      const { rows: partitions } = await client.query<{ n: number }>(
        "select count(*)::int as n from pg_class where relispartition and relkind in ('r', 'p') and starts_with(relname::text, $1)",
        [project],
      );
      expect(partitions[0]!.n).toBe(3);
      expect(await placementViolations(client, "public", TABLE_PLACEMENT)).toEqual([]);
    } finally {
      await client.query("rollback");
      client.release();
    }
  });

  it("finds each kind of violation in a schema made to break the rules", async () => {
    const { pool } = await getDb();
    const schema = `placement_check_${process.pid}`;
    await pool.query(`create schema ${schema}`);
    try {
      await pool.query(
        `create table ${schema}.owners (id int primary key);
         create table ${schema}.projects (id uuid primary key, owner_id int references ${schema}.owners);
         create table ${schema}.people (project_id uuid not null references ${schema}.projects, person_id text not null,
           primary key (project_id, person_id));
         create table ${schema}.visits (project_id uuid not null, person_id text, id bigint, primary key (project_id, id));
         create unique index visits_person_id on ${schema}.visits (person_id, project_id);
         create table ${schema}.orders (project_id uuid not null, person_id text collate "C" not null, primary key (project_id, person_id));
         create table ${schema}.lines (project_id uuid not null, person_id text not null, buyer text not null, n int not null,
           primary key (project_id, person_id, n), foreign key (project_id, buyer) references ${schema}.people (project_id, person_id));
         create table ${schema}.clicks (project_id uuid not null, person_id text not null, at int) partition by list (project_id);
         create table ${schema}.clicks_a partition of ${schema}.clicks for values in ('00000000-0000-0000-0000-000000000001');
         create unique index clicks_a_at on ${schema}.clicks_a (at);
         create table ${schema}.masks (project_id uuid not null, grain text not null, person_id text not null, primary key (project_id, grain, person_id));
         create table ${schema}.settings (id int primary key, project_id uuid, person_id text,
           foreign key (project_id, person_id) references ${schema}.people);
         create table ${schema}.stray (a int);`,
      );
      const placement: TablePlacement = {
        perPerson: ["people", "visits", "orders", "lines", "clicks", "masks"],
        reference: ["projects", "owners"],
        coordinator: ["owners", "settings", "gone"],
        keyExceptions: { masks_pkey: ["project_id", "grain", "person_id"], visits_pkey: ["project_id", "person_id"], gone_pkey: ["project_id", "person_id"] },
      };
      expect(await placementViolations(pool, schema, placement)).toEqual(
        [
          "owners is placed twice",
          "stray is not placed",
          "gone is placed but the schema has no such table",
          "visits: primary key visits_pkey (project_id, id) is not its listed exception (project_id, person_id)",
          "visits: unique index visits_person_id (person_id, project_id) does not start with (project_id, person_id)",
          "clicks_a: unique index clicks_a_at (at) does not start with (project_id, person_id)",
          "the key exception gone_pkey matches no unique index of a per-person table",
          "lines: foreign key lines_project_id_buyer_fkey (project_id, buyer) → people (project_id, person_id) does not pair (project_id, person_id) with the same columns",
          "settings: foreign key settings_project_id_person_id_fkey (project_id, person_id) → people (project_id, person_id) points from a coordinator table to a per-person table",
          "projects: foreign key projects_owner_id_fkey (owner_id) → owners (id) points from a reference table to a coordinator table",
          "visits.person_id may be null",
          `person_id has more than one type or collation in the per-person tables: text collate "C" (orders), text collate "default" (clicks, lines, masks, people, visits)`,
        ].sort(),
      );
    } finally {
      await pool.query(`drop schema ${schema} cascade`);
    }
  });
});

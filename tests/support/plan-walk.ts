/** One node of `EXPLAIN (FORMAT JSON)` output, as far as these checks read it. */
export type PlanNode = {
  "Node Type": string;
  "Parent Relationship"?: string;
  "Relation Name"?: string;
  "Subplan Name"?: string;
  "CTE Name"?: string;
  Strategy?: string;
  Filter?: string;
  "Plan Rows"?: number;
  /** With EXPLAIN ANALYZE: how many times the node ran (0: never executed). */
  "Actual Loops"?: number;
  Plans?: PlanNode[];
};
/** The whole output of `EXPLAIN (FORMAT JSON)`: one statement, with a JIT section when the statement is compiled. */
export type ExplainOutput = [{ Plan: PlanNode; JIT?: unknown }];

/** Any table that holds events: the partitioned parent, a project's table or one of its segments. */
export const EVENTS_RELATION = /^events(_[0-9a-f]{32}(_\d+)?)?$/;

const label = (node: PlanNode) =>
  [node["Node Type"], node["Relation Name"] && `on ${node["Relation Name"]}`, node["Subplan Name"] && `(${node["Subplan Name"]})`].filter(Boolean).join(" ");

/** The node and every node under it, depth first. */
export function* nodes(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* nodes(child);
}

/**
 * Every scan of an events table that runs again for each row of something else, as the path from the plan's root to
 * the scan: the inner side of a Nested Loop, and a correlated SubPlan, which is the same loop written as a subquery.
 * Run once however many rows come, and so starting afresh (only a loop inside them counts): an InitPlan (a CTE, an
 * uncorrelated subquery), a hashed SubPlan (read once into a hash table), what is under a Materialize (read back from
 * memory), and the inner side of a loop whose outer side is one row by construction, such as an aggregate without
 * GROUP BY. An outer side merely estimated at one row is not exempt: that estimate is how such plans go wrong.
 */
export function repeatedEventScans(root: PlanNode): string[] {
  const ctes = new Map<string, PlanNode>();
  for (const node of nodes(root))
    if (node["Parent Relationship"] === "InitPlan" && node["Subplan Name"]?.startsWith("CTE ")) ctes.set(node["Subplan Name"].slice(4), node);
  const oneRow = (node: PlanNode): boolean => {
    const children = node.Plans?.filter((c) => c["Parent Relationship"] !== "InitPlan" && c["Parent Relationship"] !== "SubPlan") ?? [];
    switch (node["Node Type"]) {
      case "Aggregate":
        return node.Strategy === "Plain";
      case "Result":
        return children.length === 0;
      case "CTE Scan": {
        const cte = ctes.get(node["CTE Name"] ?? "");
        return cte !== undefined && oneRow(cte);
      }
      case "Nested Loop":
        return children.every(oneRow);
      case "Subquery Scan":
      case "Sort":
      case "Materialize":
      case "Limit":
        return children.length === 1 && oneRow(children[0]!);
      default:
        return false;
    }
  };
  const hashed = (parent: PlanNode, child: PlanNode) => {
    const name = child["Subplan Name"];
    return name !== undefined && (name.startsWith("hashed ") || JSON.stringify(parent).includes(`hashed ${name})`));
  };

  const found: string[] = [];
  const walk = (node: PlanNode, path: string[], repeated: boolean) => {
    const here = [...path, `${node["Parent Relationship"] === "Inner" ? "[inner] " : ""}${label(node)}`];
    if (repeated && node["Relation Name"] && EVENTS_RELATION.test(node["Relation Name"])) found.push(here.join(" > "));
    const outer = node.Plans?.find((c) => c["Parent Relationship"] === "Outer");
    for (const child of node.Plans ?? []) {
      const relation = child["Parent Relationship"];
      const once = relation === "InitPlan" || child["Node Type"] === "Materialize" || (relation === "SubPlan" && hashed(node, child));
      const perRow = (node["Node Type"] === "Nested Loop" && relation === "Inner" && !(outer && oneRow(outer))) || relation === "SubPlan";
      walk(child, here, !once && (repeated || perRow));
    }
  };
  walk(root, [], false);
  return found;
}

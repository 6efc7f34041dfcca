"use client";

import { useMemo } from "react";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { CampaignGroup } from "@/lib/reports/campaigns/definition";
import { kpiColumns } from "./kpi-columns";

/** How a group is named: its variant or breakdown value, the holdout marked. */
export function groupLabel(g: Pick<CampaignGroup, "holdout" | "value" | "level">) {
  if (g.level === "arm") return g.holdout ? "Holdout" : (g.value ?? "(no variant)");
  return g.holdout ? `${g.value ?? "(none)"} · holdout` : (g.value ?? "(none)");
}

/** A campaign's arms or breakdown groups with their KPIs; a group whose window is still open is marked. */
export function GroupsTable({ groups, goal, caption }: { groups: CampaignGroup[]; goal: boolean; caption: string }) {
  const columns = useMemo<DataTableColumn<CampaignGroup>[]>(
    () => [
      { id: "group", header: "Group", value: (g) => groupLabel(g) + (g.windowComplete ? "" : " (window open)"), align: "left" },
      ...kpiColumns<CampaignGroup>(goal),
    ],
    [goal],
  );
  return <DataTable columns={columns} rows={groups} caption={caption} emptyMessage="No sends." />;
}

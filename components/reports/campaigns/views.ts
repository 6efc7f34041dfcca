import { campaignsDefinition, type CampaignsResult } from "@/lib/reports/campaigns/definition";
import type { ReportViews } from "../registry";
import { CampaignsControls } from "./campaigns-controls";
import { CampaignsTile } from "./campaigns-tile";
import { CampaignsView } from "./campaigns-view";

export const campaignsViews: ReportViews<CampaignsResult> = {
  label: campaignsDefinition.title,
  icon: "✉",
  covers: (r) =>
    r.campaigns.length === 1 ? `${r.campaigns[0]!.name}` : `${r.campaigns.length} campaigns sent ${r.fromDay ? `${r.fromDay} to ${r.toDay}` : `up to ${r.toDay}`}`,
  View: CampaignsView,
  Controls: CampaignsControls,
  Tile: CampaignsTile,
};

import "server-only";
import { serverReport } from "../server-report";
import { campaignsDefinition } from "./definition";
import { runCampaigns } from "./run";

export const campaignsReport = serverReport(campaignsDefinition, runCampaigns, {});

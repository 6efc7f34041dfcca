import "server-only";
import { serverReport } from "../server-report";
import { revenueDefinition } from "./definition";
import { runRevenue } from "./run";

export const revenueReport = serverReport(revenueDefinition, runRevenue, {});

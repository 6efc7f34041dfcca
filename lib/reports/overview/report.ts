import "server-only";
import { serverReport } from "../server-report";
import { overviewDefinition } from "./definition";
import { runOverview } from "./run";

export const overviewReport = serverReport(overviewDefinition, runOverview, {});

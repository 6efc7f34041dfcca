import "server-only";
import { serverReport } from "../server-report";
import { activityDefinition } from "./definition";
import { runActivity } from "./run";

export const activityReport = serverReport(activityDefinition, runActivity, {});

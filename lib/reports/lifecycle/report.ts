import "server-only";
import { serverReport } from "../server-report";
import { lifecycleDefinition } from "./definition";
import { runLifecycle } from "./run";

export const lifecycleReport = serverReport(lifecycleDefinition, runLifecycle, {});

import "server-only";
import { serverReport } from "../server-report";
import { stagesDefinition } from "./definition";
import { runStages } from "./run";

export const stagesReport = serverReport(stagesDefinition, runStages, {});

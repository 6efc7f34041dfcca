import "server-only";
import { serverReport } from "../server-report";
import { journeysDefinition } from "./definition";
import { runJourneys } from "./run";

export const journeysReport = serverReport(journeysDefinition, runJourneys, {});

import "server-only";
import { serverReport } from "../server-report";
import { runCellPeople } from "./cell-people-query";
import { retentionDefinition } from "./definition";
import { runRetention } from "./run";

export const retentionReport = serverReport(retentionDefinition, runRetention, { people: runCellPeople });

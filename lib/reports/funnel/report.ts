import "server-only";
import { serverReport } from "../server-report";
import { funnelDefinition } from "./definition";
import { runFunnel, runFunnelPeople } from "./run";

export const funnelReport = serverReport(funnelDefinition, runFunnel, { people: runFunnelPeople });

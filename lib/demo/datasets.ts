import { giftlyDataset } from "./giftly";
import { learnpathDataset } from "./learnpath";
import { letterboxDataset } from "./letterbox";
import { threadlineDataset } from "./threadline";
import type { DemoDataset, DemoDatasetOptions } from "./types";

/** The four demo projects' datasets, in load order. Building them is cheap: rows are produced only when iterated. */
export function demoDatasets(options: DemoDatasetOptions): DemoDataset[] {
  return [learnpathDataset(options), giftlyDataset(options), letterboxDataset(options), threadlineDataset(options)];
}

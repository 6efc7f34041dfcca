import "server-only";

export { loadDemo, type DemoSummary, type LoadDemoOptions } from "./load-demo";
export { journeyRows, JOURNEY_COLUMNS, LEARNPATH_PAGES, type JourneyRow } from "./learnpath-journeys";
export { DEMO_PROJECTS, DEMO_SLUGS, GIFTLY_SLUG, LEARNPATH_SLUG, LETTERBOX_SLUG, THREADLINE_SLUG, type DemoSlug } from "./projects";
export { demoDatasets } from "./datasets";

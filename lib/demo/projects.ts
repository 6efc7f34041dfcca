/** The demo projects' fixed slugs, names and timezones. */

export const LEARNPATH_SLUG = "learnpath";
export const GIFTLY_SLUG = "giftly";
export const LETTERBOX_SLUG = "letterbox";
export const THREADLINE_SLUG = "threadline";

export const DEMO_PROJECTS = [
  { slug: LEARNPATH_SLUG, name: "LearnPath Academy", timezone: "Europe/London" },
  { slug: GIFTLY_SLUG, name: "Giftly", timezone: "America/New_York" },
  { slug: LETTERBOX_SLUG, name: "The Weekly Letter", timezone: "UTC" },
  { slug: THREADLINE_SLUG, name: "Threadline Apparel", timezone: "Europe/Berlin" },
] as const;

export type DemoSlug = (typeof DEMO_PROJECTS)[number]["slug"];

export const DEMO_SLUGS: readonly DemoSlug[] = DEMO_PROJECTS.map((p) => p.slug);

export function demoProject(slug: DemoSlug) {
  return DEMO_PROJECTS.find((p) => p.slug === slug)!;
}

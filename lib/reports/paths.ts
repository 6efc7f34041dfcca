/**
 * A path chart's links, shared by the reports that draw one (journeys, stages): a node is a page or a value at a
 * level, and a link counts the journeys or people that went from one level's node to the next level's.
 */
export type PathLink = { from: { level: number; page: string }; to: { level: number; page: string }; journeys: number };

/** Nodes shown at each level of a path chart; the rest are added up as "(other)". */
export const PATH_PAGES = 8;

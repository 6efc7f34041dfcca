/**
 * The series colours every chart draws with, in order: twelve that stay apart from each other, from the slate text
 * and grid, and from EMPHASIS (Tailwind's 600 shades where they are dark enough on white). EMPHASIS marks an average
 * or a total.
 */
export const PALETTE = [
  "#4f46e5", // indigo
  "#0d9488", // teal
  "#d97706", // amber
  "#db2777", // pink
  "#0284c7", // sky
  "#65a30d", // lime
  "#7c3aed", // violet
  "#c026d3", // fuchsia (not slate: it read as the emphasised average's near-black)
  "#dc2626", // red
  "#0891b2", // cyan
  "#a16207", // yellow-700
  "#059669", // emerald
] as const;

export const EMPHASIS = "#0f172a";

export const seriesColor = (index: number) => PALETTE[index % PALETTE.length]!;

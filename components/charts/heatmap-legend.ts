/**
 * The colour scale under every heatmap: a 240 px bar below the grid with its title on the left. Five labels fit
 * its width; eleven ran into each other.
 */
export function heatmapLegend({ title, ticks, format, offset }: { title: string; ticks: number | number[]; format: string; offset: number }) {
  return {
    anchor: "bottom" as const,
    translateX: 0,
    translateY: offset,
    length: 240,
    thickness: 8,
    direction: "row" as const,
    tickPosition: "after" as const,
    tickSize: 3,
    tickSpacing: 4,
    tickOverlap: false,
    ticks,
    tickFormat: format,
    title,
    titleAlign: "start" as const,
    titleOffset: 4,
  };
}

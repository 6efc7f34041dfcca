/** The nivo theme every chart shares: slate text, light axes and grid, a dashed crosshair. */
export const chartTheme = {
  text: { fontSize: 11, fill: "#64748b" },
  axis: {
    domain: { line: { stroke: "#e2e8f0", strokeWidth: 1 } },
    ticks: { line: { stroke: "#e2e8f0", strokeWidth: 1 }, text: { fontSize: 11, fill: "#64748b" } },
    legend: { text: { fontSize: 12, fill: "#475569" } },
  },
  grid: { line: { stroke: "#f1f5f9", strokeWidth: 1 } },
  crosshair: { line: { stroke: "#94a3b8", strokeWidth: 1, strokeOpacity: 1, strokeDasharray: "4 4" } },
};

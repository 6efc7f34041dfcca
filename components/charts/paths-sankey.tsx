"use client";

import { ResponsiveSankey } from "@nivo/sankey";
import { ChartExport } from "@/components/charts/chart-export";
import { seriesColor } from "@/components/charts/palette";
import { chartTheme } from "@/components/charts/theme";
import type { PathLink } from "@/lib/reports/paths";
import { formatNumber, formatPercent } from "@/lib/format";

type Node = { id: string; page: string; level: number };
export type PathsSankeyProps = {
  links: PathLink[];
  title: string;
  /** What a link counts ("journeys", "people"), and how many there are in all, for the shares. */
  unit: string;
  total: number;
  /** Each level in words, for a node's tooltip (plain data: the chart is drawn in the browser). */
  levelNames: Record<number, string>;
  /** Nodes placed from the left (paths that go on from a page) or from the right (paths that lead to one). */
  align: "start" | "end";
  empty: string;
};

/** A node per page and level: the same page at two levels is two nodes, so that the chart flows one way. */
const nodeId = (level: number, page: string) => `${level}·${page}`;

/** Paths level by level as a Sankey diagram: from or to a page in journeys, or through the categories people buy. */
export function PathsSankey({ links, title, unit, total, levelNames, align, empty }: PathsSankeyProps) {
  if (!links.length)
    return <div className="flex h-64 items-center justify-center rounded-lg border border-dashed border-slate-300 text-sm text-slate-500">{empty}</div>;
  const nodes = new Map<string, Node>();
  for (const l of links)
    for (const end of [l.from, l.to]) nodes.set(nodeId(end.level, end.page), { id: nodeId(end.level, end.page), page: end.page, level: end.level });
  const pages = [...new Set([...nodes.values()].map((n) => n.page))];
  const data = {
    nodes: [...nodes.values()],
    links: links.map((l) => ({ source: nodeId(l.from.level, l.from.page), target: nodeId(l.to.level, l.to.page), value: l.journeys })),
  };
  const table = { columns: ["from_level", "from_page", "to_level", "to_page", "journeys"], rows: links.map((l) => [l.from.level, l.from.page, l.to.level, l.to.page, l.journeys]) };
  const levels = new Set([...nodes.values()].map((n) => n.level)).size;
  return (
    <ChartExport title={title} table={table}>
      <div style={{ height: 420, minWidth: levels * 150 }} data-testid="paths-sankey" role="figure" aria-label={title}>
        <ResponsiveSankey<Node, { source: string; target: string; value: number }>
          data={data}
          margin={{ top: 12, right: 140, bottom: 12, left: 140 }}
          // Each level in its own column: (end) and (start) where a path stopped, not pushed to the edge.
          align={align}
          sort="descending"
          colors={(n) => (n.page.startsWith("(") ? "#94a3b8" : seriesColor(pages.indexOf(n.page)))}
          nodeOpacity={1}
          nodeThickness={14}
          nodeSpacing={14}
          nodeBorderWidth={0}
          linkOpacity={0.35}
          linkHoverOpacity={0.7}
          linkContract={2}
          enableLinkGradient
          label={(n) => n.page}
          labelPosition="outside"
          labelPadding={8}
          labelTextColor="#334155"
          theme={chartTheme}
          nodeTooltip={({ node }) => (
            <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-lg">
              <p className="font-semibold text-slate-800">{node.page}</p>
              <p className="text-slate-600">{levelNames[node.level]}</p>
              <p className="text-slate-700">
                {formatNumber(node.value)} {unit} · {formatPercent(node.value / Math.max(1, total))}
              </p>
            </div>
          )}
          linkTooltip={({ link }) => (
            <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-lg">
              <p className="font-semibold text-slate-800">
                {link.source.page} → {link.target.page}
              </p>
              <p className="text-slate-700">
                {formatNumber(link.value)} {unit} · {formatPercent(link.value / Math.max(1, total))}
              </p>
            </div>
          )}
          animate={false}
        />
      </div>
    </ChartExport>
  );
}

"use client";

import { ResponsiveSankey } from "@nivo/sankey";
import { ChartExport } from "@/components/charts/chart-export";
import { seriesColor } from "@/components/charts/palette";
import { chartTheme } from "@/components/charts/theme";
import type { JourneysResult } from "@/lib/reports/journeys/definition";
import { formatNumber, formatPercent } from "@/lib/format";

type Paths = NonNullable<JourneysResult["paths"]>;
type Node = { id: string; page: string; level: number };

/** A node per page and level: the same page at two levels is two nodes, so that the chart flows one way. */
const nodeId = (level: number, page: string) => `${level}·${page}`;

/** The most common paths from a start page or to an end page, level by level, as a Sankey diagram. */
export function PathsSankey({ paths }: { paths: Paths }) {
  if (!paths.links.length)
    return (
      <div className="flex h-64 items-center justify-center rounded-lg border border-dashed border-slate-300 text-sm text-slate-500">
        No journey {paths.anchor === "start" ? "goes on from" : "leads to"} “{paths.page}” with these settings.
      </div>
    );
  const nodes = new Map<string, Node>();
  for (const l of paths.links)
    for (const end of [l.from, l.to]) nodes.set(nodeId(end.level, end.page), { id: nodeId(end.level, end.page), page: end.page, level: end.level });
  const pages = [...new Set([...nodes.values()].map((n) => n.page))];
  const data = {
    nodes: [...nodes.values()],
    links: paths.links.map((l) => ({ source: nodeId(l.from.level, l.from.page), target: nodeId(l.to.level, l.to.page), value: l.journeys })),
  };
  const table = { columns: ["from_level", "from_page", "to_level", "to_page", "journeys"], rows: paths.links.map((l) => [l.from.level, l.from.page, l.to.level, l.to.page, l.journeys]) };
  const levels = new Set([...nodes.values()].map((n) => n.level)).size;
  return (
    <ChartExport title={`Paths ${paths.anchor === "start" ? "from" : "to"} ${paths.page}`} table={table}>
      <div style={{ height: 420, minWidth: levels * 150 }} data-testid="paths-sankey" role="figure" aria-label={`Paths ${paths.anchor === "start" ? "from" : "to"} ${paths.page}`}>
        <ResponsiveSankey<Node, { source: string; target: string; value: number }>
          data={data}
          margin={{ top: 12, right: 140, bottom: 12, left: 140 }}
          // Each level in its own column: (end) and (start) where the journey stopped, not pushed to the edge.
          align={paths.anchor === "start" ? "start" : "end"}
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
              <p className="text-slate-600">
                {node.level === 0 ? "the anchor page" : `${Math.abs(node.level)} ${Math.abs(node.level) === 1 ? "page" : "pages"} ${node.level > 0 ? "after" : "before"}`}
              </p>
              <p className="text-slate-700">
                {formatNumber(node.value)} journeys · {formatPercent(node.value / Math.max(1, paths.journeys))}
              </p>
            </div>
          )}
          linkTooltip={({ link }) => (
            <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-lg">
              <p className="font-semibold text-slate-800">
                {link.source.page} → {link.target.page}
              </p>
              <p className="text-slate-700">
                {formatNumber(link.value)} journeys · {formatPercent(link.value / Math.max(1, paths.journeys))}
              </p>
            </div>
          )}
          animate={false}
        />
      </div>
    </ChartExport>
  );
}

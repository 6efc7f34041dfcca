"use client";

import type { LineCustomSvgLayerProps, LineSeries } from "@nivo/line";

const DASH = "6 4";
const SO_FAR = "2 4";

/**
 * A line chart's lines, in place of nivo's: solid, or dashed for a series marked `dashed` (a comparison with the
 * period before); and from the first point whose x is `partial` on, every line continues dotted, so a period not yet
 * over reads as unfinished rather than as a drop.
 */
export function linesLayer<S extends LineSeries & { dashed?: boolean }>(partial: (x: unknown) => boolean) {
  return function Lines({ series, lineGenerator }: LineCustomSvgLayerProps<S>) {
    return (
      <g>
        {/* Last to first, as nivo draws them: the first series on top. */}
        {series.toReversed().map((s) => {
          const points = s.data.map((d) => ({ x: d.position.x, y: d.position.y, partial: partial(d.data.x) }));
          // A missing value has no position: the line generator leaves a gap there, as nivo's own lines do.
          const drawn = points;
          const cut = drawn.findIndex((p) => p.partial);
          const complete = cut === -1 ? drawn : drawn.slice(0, cut);
          // The partial part starts at the last complete point, so the two join.
          const soFar = cut === -1 ? [] : drawn.slice(Math.max(0, cut - 1));
          return (
            <g key={String(s.id)}>
              {complete.length > 1 && (
                <path d={lineGenerator(complete) ?? undefined} fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? DASH : undefined} opacity={s.dashed ? 0.7 : 1} />
              )}
              {soFar.length > 1 && <path d={lineGenerator(soFar) ?? undefined} fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={SO_FAR} opacity={0.7} />}
            </g>
          );
        })}
      </g>
    );
  };
}

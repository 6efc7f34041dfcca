"use client";

import { useActionState, useState } from "react";
import ReactGridLayout, { useContainerWidth, verticalCompactor, type Layout } from "react-grid-layout";
import "react-grid-layout/css/styles.css";
import "react-resizable/css/styles.css";
import { removeTileAction, saveLayoutAction } from "@/app/(app)/p/[project]/dashboards/actions";
import type { DashboardTile } from "@/lib/data/dashboards";
import { searchParamsFromRaw } from "@/lib/reports/params";
import type { ReportProjectView } from "@/components/reports/registry";
import { DashboardTileBody } from "./dashboard-tile";

const ROW_HEIGHT = 40;

/**
 * The tiles on a 12-column grid. With the right to edit, tiles are dragged by their title and resized from their
 * corner, and "Save layout" keeps the arrangement; everyone else sees it fixed. Under a share link (`shared`) tiles
 * do not link to the full reports, which the link does not show.
 */
export function DashboardGrid({ project, dashboard, tiles, canEdit, shared = false }: { project: ReportProjectView; dashboard: string; tiles: DashboardTile[]; canEdit: boolean; shared?: boolean }) {
  const { width, containerRef, mounted } = useContainerWidth();
  const initial: Layout = tiles.map((t) => ({ i: t.i, x: t.x, y: t.y, w: t.w, h: t.h, minW: 2, minH: 3 }));
  const [layout, setLayout] = useState<Layout>(initial);
  const [saved, saveLayout, saving] = useActionState(saveLayoutAction, null);
  const moved = JSON.stringify(layout.map(({ i, x, y, w, h }) => ({ i, x, y, w, h }))) !== JSON.stringify(initial.map(({ i, x, y, w, h }) => ({ i, x, y, w, h })));
  if (!tiles.length) return <p className="card p-5 text-sm text-slate-500">No tiles yet.{canEdit ? " Add a saved report above." : ""}</p>;
  return (
    <div className="space-y-3">
      {canEdit && (
        <form action={saveLayout} className="flex items-center gap-3">
          <input type="hidden" name="slug" value={project.slug} />
          <input type="hidden" name="id" value={dashboard} />
          <input type="hidden" name="layout" value={JSON.stringify(layout.map(({ i, x, y, w, h }) => ({ i, x, y, w, h })))} />
          <button type="submit" className="btn-primary" disabled={!moved || saving}>
            Save layout
          </button>
          <span className="text-xs text-slate-500">{moved ? "Tiles moved: save to keep the arrangement." : saved?.ok ? saved.message : "Drag a tile by its title; resize it from its corner."}</span>
        </form>
      )}
      <div ref={containerRef} data-testid="dashboard-grid">
        {mounted && (
          <ReactGridLayout
            width={width}
            layout={layout}
            gridConfig={{ cols: 12, rowHeight: ROW_HEIGHT, margin: [16, 16] }}
            dragConfig={{ enabled: canEdit, handle: ".tile-handle", cancel: ".tile-cancel" }}
            resizeConfig={{ enabled: canEdit }}
            compactor={verticalCompactor}
            onLayoutChange={setLayout}
          >
            {tiles.map((t) => (
              <div key={t.i} className="card flex flex-col overflow-hidden" data-testid={`tile-${t.i}`}>
                <div className={`tile-handle flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-2 ${canEdit ? "cursor-move" : ""}`}>
                  <h2 className="truncate text-sm font-semibold text-slate-700">{t.title}</h2>
                  {canEdit && <RemoveTile slug={project.slug} dashboard={dashboard} tile={t.i} />}
                </div>
                <div className="min-h-0 flex-1 overflow-auto p-4">
                  <DashboardTileBody
                    project={project}
                    kind={t.kind}
                    params={t.params}
                    error={t.error}
                    href={shared ? null : t.saved ? `/p/${project.slug}/saved/${t.saved}` : `/p/${project.slug}/${t.kind}?${searchParamsFromRaw(t.params)}`}
                  />
                </div>
              </div>
            ))}
          </ReactGridLayout>
        )}
      </div>
    </div>
  );
}

function RemoveTile({ slug, dashboard, tile }: { slug: string; dashboard: string; tile: string }) {
  const [, remove, pending] = useActionState(removeTileAction, null);
  return (
    <form action={remove} className="tile-cancel">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="id" value={dashboard} />
      <input type="hidden" name="tile" value={tile} />
      <button type="submit" className="rounded px-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700" aria-label="Remove the tile" disabled={pending}>
        ×
      </button>
    </form>
  );
}

"use client";

import { useEffect, useLayoutEffect, useRef, type ReactNode } from "react";

/** Moves a tooltip box sideways back inside the card that holds its chart, if it sticks out. */
function keepInside(el: HTMLElement) {
  const card = el.closest(".card, section");
  if (!card) return;
  el.style.translate = "";
  const box = el.getBoundingClientRect();
  const edges = card.getBoundingClientRect();
  const dx = box.right > edges.right ? edges.right - box.right : box.left < edges.left ? edges.left - box.left : 0;
  if (dx) el.style.translate = `${Math.round(dx)}px 0`;
}

/**
 * A chart's tooltip box, kept inside the card that holds the chart. nivo places a tooltip beside or above the pointer
 * without looking at the card's edges, and moves it by restyling the positioned box around it outside React's render:
 * the box is fitted again whenever that happens.
 */
export function ChartTooltip({ className = "", testId, children }: { className?: string; testId?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (ref.current) keepInside(ref.current);
  });
  useEffect(() => {
    const el = ref.current;
    let placed = el?.parentElement;
    while (placed && getComputedStyle(placed).position !== "absolute") placed = placed.parentElement;
    if (!el || !placed) return;
    const observer = new MutationObserver(() => keepInside(el));
    observer.observe(placed, { attributes: true, attributeFilter: ["style"] });
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className={`rounded-md border border-slate-200 bg-white px-3 py-2 text-xs text-slate-700 shadow-lg ${className}`} data-testid={testId}>
      {children}
    </div>
  );
}

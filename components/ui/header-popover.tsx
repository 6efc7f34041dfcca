"use client";

import { useLayoutEffect, useRef, useState, type ReactNode } from "react";

/**
 * A header's action: its button and, while open, its panel under it, over the page. Opened in place, a panel took
 * its row of the header and pushed the other actions, the CSV export among them, onto lines of their own.
 * The panel's right edge is the button's, unless that would run off the window's left (the actions wrap under the
 * title on a narrow window); then its left edge is.
 */
export function HeaderPopover({ label, open, onToggle, testId, children }: { label: string; open: boolean; onToggle: () => void; testId?: string; children: ReactNode }) {
  const wrap = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const [fromLeft, setFromLeft] = useState(false);
  useLayoutEffect(() => {
    if (open && wrap.current && panel.current) setFromLeft(wrap.current.getBoundingClientRect().right - panel.current.offsetWidth < 8);
  }, [open]);
  return (
    <div ref={wrap} className="relative">
      <button type="button" className="btn-secondary" aria-expanded={open} onClick={onToggle} data-testid={testId}>
        {label}
      </button>
      {open && (
        <div ref={panel} className={`absolute top-full z-30 mt-2 max-w-[calc(100vw-2rem)] shadow-lg ${fromLeft ? "left-0" : "right-0"}`}>
          {children}
        </div>
      )}
    </div>
  );
}

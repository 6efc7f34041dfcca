/**
 * A report's parameter form as a compact bar: the main choices in one wrapping row with Apply at its end, and the
 * advanced ones folded under "More settings", open when one of them is set so that nothing chosen is hidden.
 */
export function ControlBar({ onSubmit, lead, children, more, moreSet, action }: {
  onSubmit: (e: React.FormEvent) => void;
  /** What comes before the row of choices, inside the form (a funnel's steps). */
  lead?: React.ReactNode;
  children: React.ReactNode;
  more?: React.ReactNode;
  /** Whether an advanced setting has a value: the fold starts open. */
  moreSet?: boolean;
  /** Apply and what goes with it (a reason it is disabled); a plain Apply when none. */
  action?: React.ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} className="card space-y-2 px-4 py-3" aria-label="Report parameters">
      {lead}
      <div className="flex flex-wrap items-end gap-x-3 gap-y-2">
        {children}
        {action ?? (
          <button type="submit" className="btn-primary py-1.5">
            Apply
          </button>
        )}
      </div>
      {more && (
        <details open={moreSet} className="text-sm">
          <summary className="cursor-pointer text-xs font-medium text-slate-500 select-none hover:text-slate-700">More settings</summary>
          <div className="mt-2 flex flex-wrap items-end gap-x-3 gap-y-2">{more}</div>
        </details>
      )}
    </form>
  );
}

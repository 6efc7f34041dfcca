/** What the viewer should know to read the numbers right (an event name the project has none of), above them. */
export function ReportWarnings({ warnings }: { warnings: string[] }) {
  if (!warnings.length) return null;
  return (
    <div role="status" className="card border-amber-200 bg-amber-50 px-5 py-3" data-testid="report-warnings">
      <ul className="space-y-1 text-sm text-amber-900">
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  );
}

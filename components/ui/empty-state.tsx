export function EmptyState({ title, body, children }: { title: string; body?: string; children?: React.ReactNode }) {
  return (
    <div className="card mx-auto mt-10 max-w-lg px-8 py-10 text-center">
      <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
      {body && <p className="mt-2 text-sm text-slate-500">{body}</p>}
      {children && <div className="mt-5">{children}</div>}
    </div>
  );
}

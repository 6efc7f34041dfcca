/** A settings page's heading; `section` names where it sits (Settings unless said). */
export function SettingsHeader({ title, body, section = "Settings" }: { title: string; body: string; section?: string }) {
  return (
    <header>
      <p className="text-sm text-slate-500">{section}</p>
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-1 text-sm text-slate-500">{body}</p>
    </header>
  );
}

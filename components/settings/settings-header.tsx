export function SettingsHeader({ title, body }: { title: string; body: string }) {
  return (
    <header>
      <p className="text-sm text-slate-500">Settings</p>
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-1 text-sm text-slate-500">{body}</p>
    </header>
  );
}

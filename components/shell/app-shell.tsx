"use client";

import Link from "next/link";
import { useParams, usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { Logo } from "@/components/ui/logo";

type Props = {
  user: { name: string; email: string; role: string };
  projects: { slug: string; name: string }[];
  /** The report pages of a project, in order (from the report registry). */
  reports: { kind: string; label: string; icon: string }[];
  /** Saved reports of every project the user reads; the current project's are listed. */
  saved: { project: string; name: string; path: string }[];
  canManage: boolean;
  canUpload: boolean;
  canShare: boolean;
  children: React.ReactNode;
};

export function AppShell({ user, projects, reports, saved, canManage, canUpload, canShare, children }: Props) {
  const params = useParams<{ project?: string }>();
  const pathname = usePathname();
  const router = useRouter();
  const current = projects.find((p) => p.slug === params.project) ?? projects[0];
  /**
   * Another project at the same place: a report keeps its parameters, a list page stays, and a page of one thing of
   * this project (a dashboard, a saved report, a person) gives way to the other project's overview.
   */
  const switchProject = (slug: string) => {
    const page = /^\/p\/[^/]+\/([^/]+)$/.exec(pathname)?.[1];
    const report = !!page && reports.some((r) => r.kind === page);
    const keep = report || (!!page && ["dashboards", "alerts", "data"].includes(page));
    router.push(`/p/${slug}/${keep ? page : "overview"}${report ? window.location.search : ""}`);
  };

  const projectNav = current
    ? [
        { href: `/p/${current.slug}/dashboards`, label: "Dashboards", icon: "▤" },
        ...reports.map((r) => ({ href: `/p/${current.slug}/${r.kind}`, label: r.label, icon: r.icon })),
        { href: `/p/${current.slug}/alerts`, label: "Alerts", icon: "!" },
        ...(canUpload ? [{ href: `/p/${current.slug}/data`, label: "Data", icon: "⇪" }] : []),
        ...(canShare ? [{ href: "/shares", label: "Share links", icon: "↗" }] : []),
      ]
    : [];
  const settingsNav = canManage
    ? [
        { href: "/settings/projects", label: "Projects", icon: "▦" },
        { href: "/settings/users", label: "Users", icon: "☺" },
        { href: "/settings/api-keys", label: "API keys", icon: "◇" },
        { href: "/settings/audit", label: "Audit log", icon: "≡" },
      ]
    : [];

  const link = (item: { href: string; label: string; icon: string }) => {
    const active = pathname === item.href || pathname.startsWith(item.href + "/");
    return (
      <Link
        key={item.href}
        href={item.href}
        aria-current={active ? "page" : undefined}
        className={`flex items-center gap-2 rounded-md px-3 py-2 text-sm ${active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}
      >
        <span aria-hidden className="w-4 text-center text-slate-400">
          {item.icon}
        </span>
        {item.label}
      </Link>
    );
  };

  return (
    // The sidebar's column is painted on the page itself, so that it runs the page's whole length below the sticky
    // sidebar (a full-page screenshot or print shows it too).
    <div className="flex min-h-screen bg-[linear-gradient(to_right,#fff_15rem,#e2e8f0_15rem,#e2e8f0_calc(15rem_+_1px),transparent_calc(15rem_+_1px))]">
      <aside className="sticky top-0 flex h-screen w-60 shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="px-4 py-4">
          <Link href="/">
            <Logo className="text-lg text-slate-900" />
          </Link>
        </div>
        {projects.length > 0 && (
          <div className="px-3 pb-3">
            <label className="mb-1 block px-1 text-xs font-medium uppercase tracking-wide text-slate-400" htmlFor="project-switcher">
              Project
            </label>
            <select
              id="project-switcher"
              className="input"
              value={current?.slug}
              onChange={(e) => switchProject(e.target.value)}
            >
              {projects.map((p) => (
                <option key={p.slug} value={p.slug}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {/* Scrolls on its own on a short screen, so that the account and sign-out below stay in reach. */}
        <nav aria-label="Main" className="min-h-0 flex-1 space-y-1 overflow-y-auto px-3">
          {projectNav.map(link)}
          {current && saved.some((r) => r.project === current.slug) && (
            <>
              <p className="px-3 pt-5 pb-1 text-xs font-medium uppercase tracking-wide text-slate-400">Saved reports</p>
              {saved.filter((r) => r.project === current.slug).map((r) => link({ href: r.path, label: r.name, icon: "★" }))}
            </>
          )}
          {settingsNav.length > 0 && (
            <>
              <p className="px-3 pt-5 pb-1 text-xs font-medium uppercase tracking-wide text-slate-400">Settings</p>
              {settingsNav.map(link)}
            </>
          )}
        </nav>
        <div className="border-t border-slate-200 p-3">
          <p className="truncate text-sm font-medium text-slate-800">{user.name}</p>
          <p className="truncate text-xs text-slate-500" title={user.email}>
            {user.email}
          </p>
          <p className="text-xs text-slate-500">
            <span data-testid="role">{user.role}</span>
          </p>
          <div className="mt-2 flex gap-2">
            <Link href="/account" className="btn-secondary flex-1 text-center">
              Account
            </Link>
            <button type="button" onClick={() => signOut({ callbackUrl: "/login" })} className="btn-secondary flex-1">
              Sign out
            </button>
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
    </div>
  );
}

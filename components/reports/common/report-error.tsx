import Link from "next/link";

export function ReportError({ message, resetHref }: { message: string; resetHref?: string }) {
  return (
    <div role="alert" className="card mx-auto mt-10 max-w-xl border-amber-200 bg-amber-50 px-6 py-5">
      <h2 className="font-semibold text-amber-900">These report settings cannot be used</h2>
      <p className="mt-1 text-sm text-amber-800">{message}</p>
      {resetHref && (
        <Link href={resetHref} className="btn-secondary mt-4">
          Reset the settings
        </Link>
      )}
    </div>
  );
}

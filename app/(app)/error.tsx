"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card mx-auto mt-10 max-w-lg px-8 py-10 text-center">
      <h2 className="text-lg font-semibold">This page could not be shown</h2>
      <p className="mt-2 text-sm text-slate-500">
        Something went wrong on our side. It has been logged{error.digest ? ` (reference ${error.digest})` : ""}.
      </p>
      <button type="button" onClick={reset} className="btn-primary mt-5">
        Try again
      </button>
    </div>
  );
}

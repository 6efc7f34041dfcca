import Link from "next/link";

export default function NotFound() {
  return (
    <div className="card mx-auto mt-16 max-w-lg px-8 py-10 text-center">
      <h2 className="text-lg font-semibold">Not found</h2>
      <p className="mt-2 text-sm text-slate-500">There is nothing here, or it is not yours to see.</p>
      <Link href="/" className="btn-primary mt-5">
        Back to Journeylens
      </Link>
    </div>
  );
}

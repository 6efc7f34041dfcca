import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="card mx-auto mt-16 max-w-lg px-8 py-10 text-center">
      <h2 className="text-lg font-semibold">You do not have access to this page</h2>
      <p className="mt-2 text-sm text-slate-500">It needs a role with more permissions. Ask an administrator if you need it.</p>
      <Link href="/" className="btn-primary mt-5">
        Back to Journeylens
      </Link>
    </div>
  );
}

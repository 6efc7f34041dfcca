export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg viewBox="0 0 24 24" className="h-6 w-6" aria-hidden>
        <rect width="24" height="24" rx="6" className="fill-brand-600" />
        <path d="M5 16c3-6 5-8 7-4s4 2 7-5" fill="none" stroke="white" strokeWidth="2.2" strokeLinecap="round" />
      </svg>
      Journeylens
    </span>
  );
}

/** Display formats shared by pages, exports and charts; dates are shown in the project's time zone. */
const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function formatNumber(n: number) {
  return numberFormat.format(n);
}

export function formatDateTime(iso: string, timeZone: string) {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));
}

/** A local day, `YYYY-MM-DD`, as "9 Dec 2011". */
export function formatDay(day: string) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" }).format(new Date(`${day}T00:00:00Z`));
}

export function formatPercent(ratio: number, digits = 1) {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** A p-value: three decimals, or a power of ten when smaller than 0.001 (p = 3.2e-99 is not "0.000"). */
export function formatPValue(p: number) {
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

/** An amount of money, with cents. */
export function formatMoney(amount: number) {
  return new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

/** A length of time in the unit that reads best: 45 s, 12 min, 3.5 h, 2.1 d. */
export function formatDuration(seconds: number) {
  const round = (v: number) => (v >= 10 ? Math.round(v).toString() : v.toFixed(1).replace(/\.0$/, ""));
  if (seconds < 60) return `${round(seconds)} s`;
  if (seconds < 3600) return `${round(seconds / 60)} min`;
  if (seconds < 86400) return `${round(seconds / 3600)} h`;
  return `${round(seconds / 86400)} d`;
}

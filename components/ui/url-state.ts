/**
 * View choices kept in the address bar (a table's sort, a toggle), so that a copied link reopens the same view.
 * They are written with history.replaceState: Next.js keeps useSearchParams in step without a server render, so
 * the report is not run again for a choice that changes how its numbers are shown, not which.
 */

/** Sets one parameter to a value, or removes it (null). */
export function rememberInUrl(name: string, value: string | null) {
  const url = new URL(window.location.href);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  window.history.replaceState(null, "", url);
}

/**
 * Sets the value of a repeated parameter that belongs to one part of the page (`sort=<table>.<column>.<dir>`), keeping
 * the other parts' values; null removes it.
 */
export function rememberPartInUrl(name: string, part: string, value: string | null) {
  const url = new URL(window.location.href);
  const others = url.searchParams.getAll(name).filter((v) => !v.startsWith(`${part}.`));
  url.searchParams.delete(name);
  for (const v of others) url.searchParams.append(name, v);
  if (value !== null) url.searchParams.append(name, `${part}.${value}`);
  window.history.replaceState(null, "", url);
}

/** The value one part of the page has in a repeated parameter (what follows `<part>.`), if any. */
export function partOf(values: readonly string[], part: string): string | null {
  const found = values.findLast((v) => v.startsWith(`${part}.`));
  return found === undefined ? null : found.slice(part.length + 1);
}

"use client";

import { createContext, useContext } from "react";

/**
 * What the filter editors of a report's form draw on beyond its vocabulary: where to fetch a property's top values
 * (none under a share link, whose holder sees the report within its locks only) and example filters taken from the
 * project's own data, for the placeholders.
 */
export type FilterSupport = { valuesUrl: string | null; examples: { event: string | null; person: string | null } };

const FilterSupportContext = createContext<FilterSupport>({ valuesUrl: null, examples: { event: null, person: null } });

export function FilterSupportProvider({ value, children }: { value: FilterSupport; children: React.ReactNode }) {
  return <FilterSupportContext.Provider value={value}>{children}</FilterSupportContext.Provider>;
}

export const useFilterSupport = () => useContext(FilterSupportContext);

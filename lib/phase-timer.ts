import { env } from "@/lib/env";

/**
 * JOURNEYLENS_DEBUG_IMPORT=on prints how long each phase of an import (and of its rollup upkeep) took, on stderr, for tuning; the ingestion and
 * retention benchmarks set it and collect the lines.
 */
export function phaseTimer() {
  let last = performance.now();
  return (label: string) => {
    const now = performance.now();
    if (env().JOURNEYLENS_DEBUG_IMPORT) console.error(`import: ${label} ${((now - last) / 1000).toFixed(2)} s`);
    last = now;
  };
}

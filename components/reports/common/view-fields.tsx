"use client";

import { useSearchParams } from "next/navigation";
import { rawFromSearchParams } from "@/lib/reports/params";

/**
 * A form's hidden fields naming this report view as the URL has it, its kind and its parameters: what the actions
 * that save a report, share it and add it to a dashboard read.
 */
export function ViewFields({ kind }: { kind: string }) {
  const search = useSearchParams();
  return (
    <>
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="params" value={JSON.stringify(rawFromSearchParams(new URLSearchParams(search.toString())))} />
    </>
  );
}

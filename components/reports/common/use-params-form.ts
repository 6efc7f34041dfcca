"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import type { RawParams } from "@/lib/reports/params";
import { linesOf, textOf } from "./form-fields";

/**
 * The state of a report's parameter form, read from the URL's parameters: `single` names each field given once with
 * the value it shows when the URL has none ("" for none), `lists` the repeated ones, edited as lines. `apply` makes
 * the new URL (empty fields left out) and navigates to it, so that every view can be shared; `before` adds
 * parameters the form builds itself (a funnel's steps, a cohort with its event) ahead of the fields.
 */
export function useParamsForm<S extends string, L extends string>(params: RawParams, single: Record<S, string>, lists: readonly L[]) {
  const router = useRouter();
  const pathname = usePathname();
  const [form, setForm] = useState(() => ({
    ...(Object.fromEntries(Object.entries<string>(single).map(([name, fallback]) => [name, textOf(params[name]) || fallback])) as Record<S, string>),
    ...(Object.fromEntries(lists.map((name) => [name, linesOf(params[name])])) as Record<L, string>),
  }));
  type Name = S | L;
  const set = (name: Name) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const choose = (name: Name) => (value: string) => setForm({ ...form, [name]: value });
  const apply = (before?: (q: URLSearchParams) => void) => (e: React.FormEvent) => {
    e.preventDefault();
    const q = new URLSearchParams();
    before?.(q);
    for (const name of Object.keys(single) as S[]) if (form[name].trim()) q.set(name, form[name].trim());
    for (const name of lists) for (const line of form[name].split("\n")) if (line.trim()) q.append(name, line.trim());
    router.push(`${pathname}?${q}`);
  };
  return { form, set, choose, apply };
}

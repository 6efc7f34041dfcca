"use client";

import { useState } from "react";

/** A secret or address shown once, selectable, with a button that copies it. */
export function CopyText({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex items-center gap-2">
      <input readOnly value={text} aria-label={label} className="input w-full font-mono text-xs" onFocus={(e) => e.currentTarget.select()} data-testid="copy-text" />
      <button
        type="button"
        className="btn-secondary shrink-0"
        onClick={() => navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false))}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}

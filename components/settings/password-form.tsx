"use client";

import type { ActionState } from "@/lib/http/server-action";
import { ActionForm } from "./action-form";

/** A new password, typed twice, and the current one when changing one's own. */
export function PasswordForm({
  action,
  askCurrent,
  minLength,
  token,
}: {
  action: (prev: ActionState<unknown>, form: FormData) => Promise<ActionState<unknown>>;
  askCurrent?: boolean;
  minLength: number;
  token?: string;
}) {
  return (
    <ActionForm action={action} className="space-y-3">
      {token && <input type="hidden" name="token" value={token} />}
      {askCurrent && (
        <label className="block text-sm">
          <span className="font-medium text-slate-700">Current password</span>
          <input name="current" type="password" autoComplete="current-password" required className="input mt-1" />
        </label>
      )}
      <div>
        <label className="block text-sm">
          <span className="font-medium text-slate-700">New password</span>
          <input name="next" type="password" autoComplete="new-password" required minLength={minLength} aria-describedby="password-rules" className="input mt-1" />
        </label>
        <p id="password-rules" className="mt-1 text-xs text-slate-500">
          At least {minLength} characters, and not one of the most common passwords.
        </p>
      </div>
      <label className="block text-sm">
        <span className="font-medium text-slate-700">New password again</span>
        <input name="confirm" type="password" autoComplete="new-password" required minLength={minLength} className="input mt-1" />
      </label>
      <button type="submit" className="btn-primary">
        {askCurrent ? "Change password" : "Set password"}
      </button>
    </ActionForm>
  );
}

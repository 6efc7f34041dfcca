"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/server-action";

type Props<T> = {
  action: (prev: ActionState<T>, form: FormData) => Promise<ActionState<T>>;
  children: React.ReactNode;
  className?: string;
  /** Shown after success instead of the action's own message. */
  success?: (data: T) => React.ReactNode;
  /** After a successful action the form's fields go back to their defaults: state that mirrors them follows here. */
  onReset?: () => void;
};

/** A form bound to a server action, showing its pending state and its message or error. */
export function ActionForm<T>({ action, children, className = "", success, onReset }: Props<T>) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className={className} onReset={onReset}>
      <fieldset disabled={pending} className="contents">
        {children}
      </fieldset>
      {state && !state.ok && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {state.error}
        </p>
      )}
      {state?.ok && (
        <div role="status" className="mt-2 text-sm text-emerald-700">
          {success ? success(state.data) : state.message}
        </div>
      )}
    </form>
  );
}

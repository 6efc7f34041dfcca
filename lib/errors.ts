import { ZodError } from "zod";

/** The one error type the data layer throws on purpose; each code maps to one HTTP status in one place. */
export type AppErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "invalid"
  | "conflict"
  | "too_large"
  | "unsupported"
  | "rate_limited"
  | "too_costly"
  | "busy"
  | "not_configured";

const STATUS: Record<AppErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid: 400,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  rate_limited: 429,
  // A report that would take more than the server allows: the request is understood but asks too much as given.
  too_costly: 422,
  busy: 503,
  // A feature this installation has not been set up for (email without an SMTP server).
  not_configured: 501,
};

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds after which trying again makes sense (a Retry-After header). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status() {
    return STATUS[this.code];
  }
}

/** What may be shown to a caller: an AppError's own message, otherwise a generic one (the error is logged). */
export function publicError(error: unknown): { status: number; code: string; message: string; details?: unknown; retryAfter?: number } {
  if (error instanceof AppError) return { status: error.status, code: error.code, message: error.message, details: error.details, retryAfter: error.retryAfter };
  if (error instanceof ZodError) return { status: 400, code: "invalid", message: error.issues.map((i) => i.message).join(" ") };
  console.error(error);
  return { status: 500, code: "internal", message: "Something went wrong on our side. The error has been logged." };
}

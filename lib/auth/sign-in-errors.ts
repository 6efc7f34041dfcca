/** The error a throttled sign-in answers with, followed by the seconds to wait; the form reads it (client-safe). */
export const THROTTLED = "throttled:";

/** What the sign-in form says for next-auth's error: one message for every wrong answer, another for a wait. */
export function signInMessage(error: string): string {
  if (error.startsWith(THROTTLED)) {
    const seconds = Number(error.slice(THROTTLED.length)) || 1;
    const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} second${seconds === 1 ? "" : "s"}`;
    return `Too many failed sign-ins from your network. Try again in ${wait}.`;
  }
  return "That email and password do not match an active account.";
}

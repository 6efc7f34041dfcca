/** The error a throttled sign-in answers with, followed by the seconds to wait; the form reads it (client-safe). */
export const THROTTLED = "throttled:";

/** The single sign-on provider's id in next-auth, and the error of someone it vouches for who has no role here. */
export const SSO_PROVIDER = "oidc";
export const SSO_NO_ROLE = "sso_no_role";

/** What the sign-in form says for next-auth's error: one message for every wrong answer, another for a wait. */
export function signInMessage(error: string): string {
  if (error.startsWith(THROTTLED)) {
    const seconds = Number(error.slice(THROTTLED.length)) || 1;
    const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} second${seconds === 1 ? "" : "s"}`;
    return `Too many failed sign-ins from your network. Try again in ${wait}.`;
  }
  if (error === SSO_NO_ROLE) return "Your single sign-on account has no role in Journeylens (or no verified email). Ask an administrator to add you to one of its groups.";
  if (error === "AccessDenied" || error === "OAuthCallback" || error === "Callback") return "Single sign-on did not complete. Try again, or ask an administrator.";
  return "That email and password do not match an active account.";
}

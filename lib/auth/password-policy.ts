import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * Password rules as OWASP ASVS level 2 sets them (V2.1): at least 12 characters, no composition rules, and not a
 * common password. "Common" is the list of the most used passwords that zxcvbn-ts ships (about 49,000), checked on
 * the password as typed and with trailing digits and symbols removed (so `password1234!` is refused with
 * `password`), and a password made of the account's own email or name is refused too.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

let common: Set<string> | null = null;
const commonPasswords = () => (common ??= new Set(dictionary["passwords-common"] as string[]));

/** Why a password is refused, in one sentence; null when it is fine. */
export function passwordProblem(password: string, account: { email?: string; name?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `A password has at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/, "");
  if (commonPasswords().has(lower) || (stem.length >= 4 && commonPasswords().has(stem)) || /^(.)\1+$/.test(password))
    return "That password is one of the most common ones. Choose another.";
  const own = [account.email?.toLowerCase(), account.email?.split("@")[0]?.toLowerCase(), account.name?.toLowerCase().replace(/\s+/g, "")];
  if (own.some((word) => word && word.length >= 4 && lower.replace(/\s+/g, "").includes(word))) return "A password must not contain the account's email or name.";
  return null;
}

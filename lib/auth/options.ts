import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { headers } from "next/headers";
import { signInWithSso, verifyCredentials } from "@/lib/data/users";
import { env } from "@/lib/env";
import { roleFromClaim } from "./sso-roles";
import { endSession, SESSION_HOURS, startSession } from "@/lib/data/sessions";
import { sessionSecret } from "./secret";
import { clientAddress } from "@/lib/http/client-address";
import { loginThrottle } from "./rate-limit";
import { SSO_NO_ROLE, SSO_PROVIDER, THROTTLED } from "./sign-in-errors";

let options: NextAuthOptions | null = null;

/** next-auth's options, made on first use: the secret is resolved then (see secret.ts), not when a module loads. */
export function authOptions(): NextAuthOptions {
  options ??= makeOptions(sessionSecret());
  return options;
}

/** The OpenID Connect provider of JOURNEYLENS_OIDC_*, or none. */
function ssoProvider(): OAuthConfig<Record<string, unknown>>[] {
  const settings = env();
  const issuer = settings.JOURNEYLENS_OIDC_ISSUER;
  if (!issuer || !settings.JOURNEYLENS_OIDC_CLIENT_ID) return [];
  return [
    {
      id: SSO_PROVIDER,
      name: settings.JOURNEYLENS_OIDC_NAME,
      type: "oauth",
      wellKnown: `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: settings.JOURNEYLENS_OIDC_CLIENT_ID,
      clientSecret: settings.JOURNEYLENS_OIDC_CLIENT_SECRET ?? "",
      authorization: { params: { scope: "openid email profile" } },
      // The claims (email, name, the role claim) are read from the ID token, verified against the provider's keys.
      idToken: true,
      checks: ["pkce", "state"],
      profile: (profile) => ({ id: String(profile.sub), email: String(profile.email ?? ""), name: String(profile.name ?? profile.email ?? "") }),
    },
  ];
}

/** Whether someone the provider vouches for may come in: a verified email, and a claim that maps to a role. */
function ssoRole(profile: Record<string, unknown> | undefined) {
  if (!profile || typeof profile.email !== "string" || profile.email_verified === false) return null;
  return roleFromClaim(profile[env().JOURNEYLENS_OIDC_ROLE_CLAIM], env().JOURNEYLENS_OIDC_ROLES);
}

const makeOptions = (secret: string): NextAuthOptions => ({
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
  pages: { signIn: "/login" },
  secret,
  providers: [
    ...ssoProvider(),
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const email = (credentials?.email ?? "").trim().toLowerCase();
        const password = credentials?.password ?? "";
        const address = clientAddress(req?.headers);
        // An address still waiting is told how long, and its attempt is not even checked (nor counted).
        const wait = loginThrottle.waitFor(address);
        if (wait > 0) throw new Error(`${THROTTLED}${Math.ceil(wait / 1000)}`);
        const user = email && password ? await verifyCredentials(email, password, address) : null;
        if (!user) {
          loginThrottle.failed(address);
          return null;
        }
        const sid = await startSession(user.id, address);
        return { id: user.id, email: user.email, name: user.name, sid };
      },
    }),
  ],
  callbacks: {
    signIn({ account, profile }) {
      if (account?.provider !== SSO_PROVIDER) return true;
      return ssoRole(profile as Record<string, unknown>) ? true : `/login?error=${SSO_NO_ROLE}`;
    },
    async jwt({ token, user, account, profile }) {
      if (account?.provider === SSO_PROVIDER) {
        const claims = profile as Record<string, unknown>;
        const signedIn = await signInWithSso({ email: String(claims.email), name: String(claims.name ?? ""), role: ssoRole(claims)! }, clientAddress(await headers()));
        token.uid = signedIn.id;
        token.sid = signedIn.sid;
      } else if (user) {
        token.uid = user.id;
        token.sid = (user as { sid?: string }).sid;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user) Object.assign(session.user, { id: token.uid, sid: token.sid });
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sid === "string") await endSession(token.sid);
    },
  },
});

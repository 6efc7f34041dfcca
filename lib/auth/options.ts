import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyCredentials } from "@/lib/data/users";
import { endSession, SESSION_HOURS, startSession } from "@/lib/data/sessions";
import { sessionSecret } from "./secret";
import { clientAddress } from "@/lib/http/client-address";
import { loginThrottle } from "./rate-limit";
import { THROTTLED } from "./sign-in-errors";

let options: NextAuthOptions | null = null;

/** next-auth's options, made on first use: the secret is resolved then (see secret.ts), not when a module loads. */
export function authOptions(): NextAuthOptions {
  options ??= makeOptions(sessionSecret());
  return options;
}

const makeOptions = (secret: string): NextAuthOptions => ({
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
  pages: { signIn: "/login" },
  secret,
  providers: [
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
        const user = email && password ? await verifyCredentials(email, password) : null;
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
    jwt({ token, user }) {
      if (user) {
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

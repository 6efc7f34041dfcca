import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyCredentials } from "@/lib/data/users";
import { env } from "@/lib/env";
import { loginLimiter } from "./rate-limit";

function clientAddress(headers: Record<string, unknown> | undefined) {
  const forwarded = headers?.["x-forwarded-for"];
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined;
  return first || (typeof headers?.["x-real-ip"] === "string" ? headers["x-real-ip"] : "local");
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 60 * 60 * 12 },
  pages: { signIn: "/login" },
  // next-auth needs a secret; a stable one is derived for local installs so sessions survive restarts.
  secret: env().NEXTAUTH_SECRET ?? env().AUTH_SECRET ?? "journeylens-local-installation-secret",
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const email = (credentials?.email ?? "").trim().toLowerCase();
        const password = credentials?.password ?? "";
        const keys = [`addr:${clientAddress(req?.headers)}`, `acct:${email}`];
        // Blocked attempts are refused with the same generic message as a wrong password.
        if (keys.some((k) => loginLimiter.isBlocked(k))) return null;
        const user = email && password ? await verifyCredentials(email, password) : null;
        if (!user) {
          keys.forEach((k) => loginLimiter.record(k));
          return null;
        }
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user) (session.user as { id?: string }).id = token.uid as string;
      return session;
    },
  },
};

import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// The options (and the secret in them) are read at the first request, not when the build loads this module.
const handler = (req: NextRequest, ctx: Ctx) => NextAuth(req, ctx, authOptions());
export { handler as GET, handler as POST };

import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { actorForSession } from "@/lib/data/users";
import { authOptions } from "./options";

/** The signed-in actor for this request, or null. The role is read from the database, not from the token. */
export const currentActor = cache(async () => {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: string; sid?: string } | undefined;
  return user?.id && user.sid ? actorForSession(user.id, user.sid) : null;
});

/** For pages: the signed-in actor, or a redirect to the login page that comes back to this page's URL. */
export async function requireActor() {
  const actor = await currentActor();
  if (!actor) {
    // The proxy records the URL asked for (proxy.ts); sign-in accepts it only on this app's own origin.
    const url = (await headers()).get("x-journeylens-url");
    redirect(url && url !== "/" ? `/login?callbackUrl=${encodeURIComponent(url)}` : "/login");
  }
  return actor;
}

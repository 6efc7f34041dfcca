import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { actorForSession } from "@/lib/data/users";
import { authOptions } from "./options";

/** The signed-in actor for this request, or null. The role is read from the database, not from the token. */
export const currentActor = cache(async () => {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: string; sid?: string } | undefined;
  return user?.id && user.sid ? actorForSession(user.id, user.sid) : null;
});

/** For pages: the signed-in actor, or a redirect to the login page. */
export async function requireActor() {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  return actor;
}

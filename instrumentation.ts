/**
 * Runs once when the server starts: connects to (or starts) the database and applies pending migrations, so a
 * misconfigured database fails the start instead of the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { warmUp } = await import("./lib/data/system");
  await warmUp();
}

/**
 * Runs once when the server starts: checks the settings and the session secret, connects to (or starts) the
 * database and applies pending migrations, so that a misconfigured installation fails the start with a message
 * instead of failing the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { warmUp } = await import("./lib/data/system");
  try {
    await warmUp();
  } catch (error) {
    console.error(`journeylens: ${(error as Error).message}`);
    process.exit(1);
  }
}

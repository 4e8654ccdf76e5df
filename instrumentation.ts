// Next.js calls register() once per server process. The Node.js part lives in its own file so
// the Edge bundle never sees process.exit, PGlite or the workers.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServerSide } = await import("./instrumentation-node");
    await startServerSide();
  }
}

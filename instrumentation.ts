// Fail at start, not on the first request: a misconfigured deployment names each bad variable and exits.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { exitOnBadConfig } = await import("./lib/config/check-at-start");
    exitOnBadConfig();
  }
}

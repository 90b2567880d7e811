/**
 * A page's server HTML without the app's JavaScript: every script file, its preloads, and the
 * inline scripts that carry the RSC payload and the bundler's chunk list are removed. React's own
 * streaming instructions ($RC, $RV…) stay, so the streamed parts land where the real page puts
 * them. What is left costs the browser what any implementation showing this HTML would.
 */
export function withoutAppScripts(html: string): string {
  return html
    .replace(/<script\b([^>]*)>([\s\S]*?)<\/script>/g, (tag, attributes: string, body: string) =>
      isReactStreamingInstruction(attributes, body) ? tag : "",
    )
    .replace(/<link\b[^>]*\bas="script"[^>]*>/g, "");
}

const isReactStreamingInstruction = (attributes: string, body: string) =>
  !/\bsrc=/.test(attributes) && /\$R[A-Z]/.test(body) && !body.includes("__next_f") && !body.includes("TURBOPACK");

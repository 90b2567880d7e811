import type { ServerResponse } from "node:http";

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => entities[char] ?? char);
}

// No scripts and no external assets: the pages must work offline and under a strict CSP.
// form-action is deliberately absent: browsers apply it to the redirect chain after the login POST,
// which ends at the app's callback on another origin.
export const contentSecurityPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

const styles = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#111827}
main{max-width:24rem;margin:4rem auto;padding:2rem;background:#fff;border:1px solid #d1d5db;border-radius:.5rem}
h1{font-size:1.5rem;margin:0 0 .25rem}
p{margin:.5rem 0 1rem}
.muted{color:#4b5563;font-size:.875rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{width:100%;padding:.5rem .75rem;font:inherit;border:1px solid #6b7280;border-radius:.375rem}
input:focus-visible,button:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
button{font:inherit;cursor:pointer;border-radius:.375rem;padding:.5rem 1rem}
.primary{width:100%;margin-top:1.5rem;background:#1d4ed8;color:#fff;border:1px solid #1d4ed8;font-weight:600}
.secondary{width:100%;margin-top:.75rem;background:#fff;color:#1f2937;border:1px solid #6b7280}
.error{color:#991b1b;background:#fef2f2;border:1px solid #fca5a5;border-radius:.375rem;padding:.5rem .75rem}
`;

/** `title` is escaped here; `body` must already be safe HTML. */
export function htmlDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Content-Security-Policy", contentSecurityPolicy);
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.end(html);
}

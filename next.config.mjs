import { withWorkflow } from "workflow/next";

const isProduction = process.env.NODE_ENV === "production";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  // Behind SSO there is nothing to index; robots.txt says the same to crawlers that ask.
  { key: "X-Robots-Tag", value: "noindex, nofollow" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=()",
  },
  ...(isProduction ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A second build directory lets a build run while another server still serves the first.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Only for `npm run bench:profile`'s own build: maps the browser's CPU profile back to the sources.
  productionBrowserSourceMaps: process.env.BROWSER_SOURCE_MAPS === "1",
  reactStrictMode: true,
  // PGlite loads its WebAssembly and data files from its own folder at run time: required, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  // The migrations are read from drizzle/ when a server starts (Vercel's functions included).
  outputFileTracingIncludes: { "/**": ["./drizzle/**/*"] },
  turbopack: {
    resolveAlias: {
      "use-sync-external-store/shim": { browser: "./lib/shared/use-sync-external-store-shim.ts" },
    },
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // JSON and CSV only: nothing under /api may load or run anything. Pages get a per-request nonce policy from proxy.ts.
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

// Durable export jobs: compiles "use workflow" / "use step" functions and adds the SDK's routes under /.well-known/workflow/.
export default withWorkflow(nextConfig);

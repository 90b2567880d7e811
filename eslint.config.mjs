import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";
import { boundaries } from "./dev/lint/boundaries.mjs";

const serverPackages = [
  { name: "zod", message: "zod is server-side: lib/shared/ checks shapes by hand to keep it out of the browser." },
  { name: "server-only", message: "lib/shared/ is browser-safe: server-only modules live in the other lib/ folders." },
  { name: "redis", message: "Redis is server-side: use lib/state/ from server code." },
];
const radix = {
  paths: [{ name: "radix-ui", message: "Radix loads on first use: import it only in a *.lazy.tsx file." }],
  patterns: [{ group: ["@radix-ui/*"], message: "Radix loads on first use: import it only in a *.lazy.tsx file." }],
};
const lazyFiles = {
  group: ["**/*.lazy"],
  allowTypeImports: true,
  message: "A *.lazy module is loaded on first use: import() it through onDemand, or `import type` from it.",
};

const config = [
  ...nextCoreWebVitals,
  ...nextTypeScript,
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      ".vercel/**",
      "test-logs/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "bench/results/**",
      "next-env.d.ts",
    ],
  },
  {
    plugins: { boundaries },
    rules: {
      "boundaries/client-imports": "error",
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  // Later blocks override earlier ones for the files they match, so each lists all its restrictions.
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs"],
    rules: { "no-restricted-imports": ["error", { ...radix, patterns: [...radix.patterns, lazyFiles] }] },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [...radix.paths, serverPackages[0]], patterns: [...radix.patterns, lazyFiles] },
      ],
    },
  },
  {
    files: ["lib/shared/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [...radix.paths, ...serverPackages],
          patterns: [
            ...radix.patterns,
            {
              regex: "^@/(?!lib/shared/)",
              allowTypeImports: true,
              message: "lib/shared/ is browser-safe: at run time it imports only lib/shared/ (`import type` is fine).",
            },
          ],
        },
      ],
    },
  },
  // The lazy files are the only place for Radix, and import each other freely: all load on first use.
  { files: ["**/*.lazy.tsx"], rules: { "no-restricted-imports": ["error", { paths: [serverPackages[0]] }] } },
];

export default config;

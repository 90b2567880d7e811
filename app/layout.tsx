import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { BackForwardGuard } from "@/components/shell/back-forward-guard";
import "@/components/shell/shell-client";
import { parseTheme, themeCookie } from "@/lib/shared/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Batch Console", template: "%s · Batch Console" },
  description: "Watch and work your Trillet AI call batches with your team.",
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = parseTheme((await cookies()).get(themeCookie)?.value);
  return (
    <html lang="en" className={theme}>
      <body className="min-h-dvh">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm dark:focus:bg-zinc-900"
        >
          Skip to content
        </a>
        {children}
        <BackForwardGuard />
      </body>
    </html>
  );
}

import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-3 text-zinc-700 dark:text-zinc-300">Nothing here, or nothing you can open.</p>
      <Link href="/" className="mt-6 text-blue-700 underline underline-offset-2 dark:text-blue-400">
        Back to your workspaces
      </Link>
    </main>
  );
}

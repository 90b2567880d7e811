import Link from "next/link";

export default function BatchNotFound() {
  return (
    <main id="main" className="mx-auto flex min-h-[60dvh] max-w-md flex-col justify-center px-4 py-12">
      <h1 className="text-2xl font-semibold tracking-tight">Batch not found</h1>
      <p className="mt-3 text-zinc-700 dark:text-zinc-300">
        There is no batch with this id in a workspace you can open. Check the link, or ask the colleague who shared it
        which workspace it belongs to.
      </p>
      <Link href="/" className="mt-6 text-blue-700 underline underline-offset-2 dark:text-blue-400">
        Back to your workspaces
      </Link>
    </main>
  );
}

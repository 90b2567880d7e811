"use client";

import { useRouter } from "next/navigation";

/** "Retry" for a page the server rendered with an error: renders it again. */
export function RefreshButton({ className }: { className: string }) {
  const router = useRouter();
  return (
    <button type="button" onClick={() => router.refresh()} className={className}>
      Retry
    </button>
  );
}

"use client";

import { UpstreamErrorPanel } from "@/components/batch/upstream-error-panel";

// Unknown failures only: Trillet's known ones are rendered by the page itself, in plain words.
export default function BatchError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-7xl px-4 py-6">
      <UpstreamErrorPanel message="This batch could not be shown because of an error on our side." onRetry={reset} />
    </main>
  );
}

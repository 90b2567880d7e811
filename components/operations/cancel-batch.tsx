"use client";

import { useState } from "react";
import { onDemand } from "@/components/ui/on-demand";
import type { CancelDialogProps } from "./cancel-dialog.lazy";
import { secondaryButton } from "./styles";

const cancelDialog = onDemand(() => import("./cancel-dialog.lazy").then((module) => module.CancelDialog));

/** "Cancel batch…": the dialog's code loads on hover, focus or press. */
export function CancelBatchButton(props: Omit<CancelDialogProps, "open" | "onOpenChange">) {
  const [open, setOpen] = useState(false);
  const Dialog = cancelDialog.useLoaded();
  return (
    <>
      <button
        type="button"
        className={secondaryButton}
        onPointerEnter={cancelDialog.load}
        onFocus={cancelDialog.load}
        onClick={() => {
          cancelDialog.load();
          setOpen(true);
        }}
      >
        Cancel batch…
      </button>
      {/* The store hands back one component per module, loaded once: its identity never changes. */}
      {/* eslint-disable-next-line react-hooks/static-components */}
      {Dialog && <Dialog {...props} open={open} onOpenChange={setOpen} />}
    </>
  );
}

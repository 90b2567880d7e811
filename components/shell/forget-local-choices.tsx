"use client";

import { useEffect } from "react";
import { forgetThisBrowsersChoices } from "@/lib/shared/local-choices";

/** On the signed-out page: forgets this browser's recent batches and column choices (see SignOutForm). */
export function ForgetLocalChoices() {
  useEffect(forgetThisBrowsersChoices, []);
  return null;
}

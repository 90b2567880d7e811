"use client";

// Every page loads the root not-found boundary's code, which holds the app header's client parts
// (the signed-in 404 shows the header). Named here and imported by the root layout, they sit in the
// root layout's chunk, so a page under a workspace, whose layout renders the same header, does not
// load a second copy of them in its own chunk (5 kB gzip on the batch page).
export { default as Link } from "next/link";
export { AccountMenu } from "./account-menu";
export { SignOutForm } from "./sign-out-form";
export { ThemeToggle } from "./theme-toggle";
export { WorkspaceSwitcher } from "./workspace-switcher";

"use client";

import { useState } from "react";
import { themeCookie, themes, type Theme } from "@/lib/shared/theme";

const labels: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

/** Cycles system → light → dark; the choice lives in a cookie so the server renders it without a flash. */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  const next = themes[(themes.indexOf(theme) + 1) % themes.length]!;

  function apply() {
    document.documentElement.classList.remove(...themes);
    document.documentElement.classList.add(next);
    document.cookie = `${themeCookie}=${next}; path=/; max-age=31536000; samesite=lax`;
    setTheme(next);
  }

  return (
    <button
      type="button"
      onClick={apply}
      className="rounded-md px-2 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
      aria-label={`Theme: ${labels[theme]}. Switch to ${labels[next]}`}
      title={`Theme: ${labels[theme]}`}
    >
      <span aria-hidden="true">{theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"}</span>
      <span className="ml-1 hidden sm:inline">{labels[theme]}</span>
    </button>
  );
}

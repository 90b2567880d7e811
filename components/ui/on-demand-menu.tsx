"use client";

import { useState } from "react";
import { menuTriggerClass } from "./menu-styles";
import type { OnDemand } from "./on-demand";

/** How the loaded menu starts when it takes the stand-in trigger's place. */
export type MenuStart = { defaultOpen: boolean; focusTrigger: boolean };
export type MenuTriggerProps = { trigger: React.ReactNode; label?: string; start: MenuStart };

/**
 * A dropdown whose Radix code loads on the first hover, focus or press of its trigger. Until then
 * a plain button stands in: it opens the same way as Radix's trigger (pointer down, Enter, Space,
 * ArrowDown), and the loaded menu opens at once and keeps the focus if the stand-in had them.
 */
export function OnDemandMenu<P extends object>({
  menu,
  props,
  trigger,
  label,
}: {
  menu: OnDemand<P & MenuTriggerProps>;
  props: P;
  trigger: React.ReactNode;
  label?: string;
}) {
  const Menu = menu.useLoaded();
  const [start, setStart] = useState<MenuStart>({ defaultOpen: false, focusTrigger: false });
  // The store hands back one component per module, loaded once: its identity never changes.
  // eslint-disable-next-line react-hooks/static-components
  if (Menu) return <Menu {...props} trigger={trigger} label={label} start={start} />;

  const open = () => {
    setStart((current) => ({ ...current, defaultOpen: true }));
    menu.load();
  };
  return (
    <button
      type="button"
      aria-haspopup="menu"
      aria-expanded="false"
      aria-label={label}
      className={menuTriggerClass}
      onPointerEnter={menu.load}
      onFocus={() => {
        setStart((current) => ({ ...current, focusTrigger: true }));
        menu.load();
      }}
      onBlur={() => setStart((current) => ({ ...current, focusTrigger: false }))}
      onPointerDown={(event) => {
        if (event.button !== 0 || event.ctrlKey) return;
        event.preventDefault();
        open();
      }}
      onKeyDown={(event) => {
        if (event.key !== "Enter" && event.key !== " " && event.key !== "ArrowDown") return;
        event.preventDefault();
        open();
      }}
    >
      {trigger}
    </button>
  );
}

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export type DebianTool = {
  /** The binary the tests run. */
  path: string;
  /** The Debian package that installs it. */
  debianPackage: string;
  /** The variable that points the tests at another binary. */
  pathVariable: string;
  /** What needs it, for the messages. */
  neededBy: string;
};

/** Installs a Debian package when its binary is missing and we are root; says what to install otherwise. */
export function ensureDebianTool(tool: DebianTool): boolean {
  if (existsSync(tool.path)) return true;
  if (process.getuid?.() === 0) {
    console.log(`Installing Debian's ${tool.debianPackage} for ${tool.neededBy}…`);
    const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    const install = spawnSync("apt-get", ["install", "-y", "-qq", tool.debianPackage], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (update.status === 0 && install.status === 0 && existsSync(tool.path)) return true;
  }
  console.error(
    `${tool.neededBy} need ${tool.debianPackage} at ${tool.path}. Install it with: sudo apt-get install ` +
      `${tool.debianPackage} (or set ${tool.pathVariable} to another binary).`,
  );
  return false;
}

// Where the profile-lint executable is: the `profileLint.path` setting, else the first
// `profile-lint` on PATH. Kept free of the `vscode` module so that `npm test` runs it with
// node's own test runner, without downloading VS Code.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface Environment {
  /** `process.platform`. */
  platform: string;
  /** `PATH` (or `Path` on Windows). */
  pathVariable: string | undefined;
  /** `PATHEXT` on Windows. */
  pathExt: string | undefined;
  /** The user's home directory, for a setting written `~/...`. */
  home: string;
  /** Whether a regular file exists at this path. */
  isFile: (candidate: string) => boolean;
}

export type Resolution =
  | { found: true; command: string; from: "setting" | "PATH" }
  | { found: false; message: string };

export function currentEnvironment(): Environment {
  return {
    platform: process.platform,
    pathVariable: process.env.PATH ?? process.env.Path,
    pathExt: process.env.PATHEXT,
    home: os.homedir(),
    isFile: (candidate) => {
      try {
        return fs.statSync(candidate).isFile();
      } catch {
        return false;
      }
    },
  };
}

/** The server executable for a `profileLint.path` setting (empty: search PATH). */
export function resolveServerPath(setting: string | undefined, env: Environment): Resolution {
  const pathApi = env.platform === "win32" ? path.win32 : path.posix;
  const configured = (setting ?? "").trim();
  if (configured !== "") {
    const expanded =
      configured === "~" || configured.startsWith("~/") || configured.startsWith("~\\")
        ? pathApi.join(env.home, configured.slice(1))
        : configured;
    if (env.isFile(expanded)) {
      return { found: true, command: expanded, from: "setting" };
    }
    return {
      found: false,
      message: `profileLint.path is set to "${configured}", but no file is there.`,
    };
  }
  const names =
    env.platform === "win32"
      ? (env.pathExt ?? ".COM;.EXE;.BAT;.CMD")
          .split(";")
          .filter((ext) => ext !== "")
          .map((ext) => `profile-lint${ext.toLowerCase()}`)
      : ["profile-lint"];
  const separator = env.platform === "win32" ? ";" : ":";
  for (const dir of (env.pathVariable ?? "").split(separator)) {
    // Windows PATH entries may be quoted.
    const clean = dir.trim().replace(/^"(.*)"$/, "$1");
    if (clean === "") {
      continue;
    }
    for (const name of names) {
      const candidate = pathApi.join(clean, name);
      if (env.isFile(candidate)) {
        return { found: true, command: candidate, from: "PATH" };
      }
    }
  }
  return {
    found: false,
    message:
      "profile-lint was not found on PATH. Install it (see the README) or set profileLint.path to the executable.",
  };
}

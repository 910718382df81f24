import { strict as assert } from "assert";
import { test } from "node:test";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { currentEnvironment, Environment, resolveServerPath } from "../serverPath";

function env(platform: string, pathVariable: string, files: string[], pathExt?: string): Environment {
  return {
    platform,
    pathVariable,
    pathExt,
    home: platform === "win32" ? "C:\\Users\\ada" : "/home/ada",
    isFile: (candidate) => files.includes(candidate),
  };
}

test("the setting wins when it names a file", () => {
  const e = env("linux", "/usr/bin", ["/opt/pl/profile-lint", "/usr/bin/profile-lint"]);
  assert.deepEqual(resolveServerPath("/opt/pl/profile-lint", e), {
    found: true,
    command: "/opt/pl/profile-lint",
    from: "setting",
  });
});

test("a setting that names no file is an error, not a silent fallback to PATH", () => {
  const e = env("linux", "/usr/bin", ["/usr/bin/profile-lint"]);
  const result = resolveServerPath("/nowhere/profile-lint", e);
  assert.equal(result.found, false);
});

test("~ in the setting is the home directory", () => {
  const e = env("linux", "", ["/home/ada/.cargo/bin/profile-lint"]);
  const result = resolveServerPath("~/.cargo/bin/profile-lint", e);
  assert.deepEqual(result, { found: true, command: "/home/ada/.cargo/bin/profile-lint", from: "setting" });
});

test("an empty setting searches PATH in order", () => {
  const e = env("linux", "/a::/b:/c", ["/b/profile-lint", "/c/profile-lint"]);
  assert.deepEqual(resolveServerPath("  ", e), { found: true, command: "/b/profile-lint", from: "PATH" });
  assert.deepEqual(resolveServerPath(undefined, e), { found: true, command: "/b/profile-lint", from: "PATH" });
});

test("Windows: PATHEXT extensions, quoted entries, semicolons", () => {
  const e = env(
    "win32",
    'C:\\Windows;"C:\\Tools\\profile-lint";C:\\Other',
    ["C:\\Tools\\profile-lint\\profile-lint.exe"],
    ".COM;.EXE;.BAT",
  );
  assert.deepEqual(resolveServerPath("", e), {
    found: true,
    command: "C:\\Tools\\profile-lint\\profile-lint.exe",
    from: "PATH",
  });
});

test("not on PATH: an error that says how to fix it", () => {
  const result = resolveServerPath("", env("darwin", "/usr/bin:/bin", []));
  assert.equal(result.found, false);
  if (!result.found) {
    assert.match(result.message, /profileLint\.path/);
  }
});

test("the real file system: a profile-lint on PATH is found, a folder of that name is not", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "profile-lint-vscode-"));
  const folder = path.join(root, "a");
  const bin = path.join(root, "b");
  fs.mkdirSync(path.join(folder, process.platform === "win32" ? "profile-lint.exe" : "profile-lint"), {
    recursive: true,
  });
  fs.mkdirSync(bin);
  const exe = path.join(bin, process.platform === "win32" ? "profile-lint.exe" : "profile-lint");
  fs.writeFileSync(exe, "");
  const env = { ...currentEnvironment(), pathVariable: [folder, bin].join(path.delimiter) };
  const result = resolveServerPath("", env);
  assert.deepEqual(result, { found: true, command: exe, from: "PATH" });
  fs.rmSync(root, { recursive: true, force: true });
});

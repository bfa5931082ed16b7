import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { listFiles } from "./list-files.js";

const scratch = realpathSync(mkdtempSync(join(tmpdir(), "shoulders-list-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
/** A fresh folder with the given files ('/'-separated paths → contents). */
function folder(files: Record<string, string> = {}): string {
  const dir = join(scratch, `f${counter++}`);
  mkdirSync(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const paths = (dir: string, options?: Parameters<typeof listFiles>[1]) => listFiles(dir, options).files.map((file) => file.path);

describe("listFiles", () => {
  it("walks nested folders and lists files bytewise-sorted with their size", () => {
    const dir = folder({ "a-b": "1", "a/b": "22", B: "333", "é/x": "", "a/c/d/e": "4444" });
    const { files, skipped } = listFiles(dir);
    expect(files.map((f) => [f.path, f.size])).toEqual([
      ["B", 3],
      ["a-b", 1],
      ["a/b", 2],
      ["a/c/d/e", 4],
      ["é/x", 0],
    ]);
    expect(files[0]!.absolutePath).toBe(join(dir, "B"));
    expect(files[0]!.ino).toBeGreaterThan(0);
    expect(skipped).toEqual([]);
  });

  it("follows a symlink to a file inside the folder, hashing the target", () => {
    const dir = folder({ "real/data.bin": "12345" });
    symlinkSync("real/data.bin", join(dir, "link.bin"));
    const link = listFiles(dir).files.find((f) => f.path === "link.bin");
    expect(link).toMatchObject({ size: 5, absolutePath: join(dir, "real/data.bin") });
  });

  it("skips, with a reason, symlinks out of the folder, to directories (no loops), dangling ones and fifos", () => {
    const outside = folder({ "secret.key": "do not hash me" });
    const dir = folder({ "keep.txt": "x", "sub/y": "y" });
    symlinkSync(join(outside, "secret.key"), join(dir, "escape"));
    symlinkSync("..", join(dir, "sub/loop"));
    symlinkSync("sub", join(dir, "dirlink"));
    symlinkSync("nowhere", join(dir, "dangling"));
    execFileSync("mkfifo", [join(dir, "pipe")]);
    const { files, skipped } = listFiles(dir);
    expect(files.map((f) => f.path)).toEqual(["keep.txt", "sub/y"]);
    expect(skipped).toEqual([
      { path: "dangling", reason: "dangling symlink" },
      { path: "dirlink", reason: "symlink to a directory" },
      { path: "escape", reason: "symlink points outside the folder" },
      { path: "pipe", reason: "not a regular file (socket, fifo or device)" },
      { path: "sub/loop", reason: "symlink to a directory" },
    ]);
  });

  it("follows Hugging Face cache symlinks into ../../blobs when symlinkRoot is the repo cache folder", () => {
    const repo = folder({ "blobs/0a1b": "weights", "refs/main": "abc" });
    const snapshot = join(repo, "snapshots/abc");
    mkdirSync(snapshot, { recursive: true });
    symlinkSync("../../blobs/0a1b", join(snapshot, "model.safetensors"));
    expect(listFiles(snapshot, { symlinkRoot: repo }).files).toMatchObject([
      { path: "model.safetensors", size: 7, absolutePath: join(repo, "blobs/0a1b") },
    ]);
    // Without it, the blobs lie outside the snapshot folder, so nothing is left to hash.
    expect(() => listFiles(snapshot)).toThrow(expect.objectContaining({ code: "EMPTY_FOLDER" }));
  });

  it("does not treat a sibling whose name extends symlinkRoot's as inside it", () => {
    const parent = folder({ "data/a": "a", "data-evil/b": "b" });
    symlinkSync("../data-evil/b", join(parent, "data/b"));
    expect(listFiles(join(parent, "data")).skipped).toEqual([{ path: "b", reason: "symlink points outside the folder" }]);
  });

  it("excludes files and prunes excluded folders", () => {
    const dir = folder({ "a.txt": "a", ".git/HEAD": "ref", "data/x.tmp": "t", "data/x.json": "j" });
    expect(paths(dir, { exclude: (p) => p === ".git" || p.endsWith(".tmp") })).toEqual(["a.txt", "data/x.json"]);
  });

  it("refuses an empty folder, or one left empty by exclusion, with EMPTY_FOLDER naming it", () => {
    const empty = folder();
    mkdirSync(join(empty, "only-dirs"));
    expect(() => listFiles(empty)).toThrow(expect.objectContaining({ code: "EMPTY_FOLDER", message: expect.stringContaining(empty) }));
    const dir = folder({ "a.tmp": "" });
    expect(() => listFiles(dir, { exclude: () => true })).toThrow(expect.objectContaining({ code: "EMPTY_FOLDER" }));
  });

  it("refuses a missing folder or a file with IO_ERROR", () => {
    expect(() => listFiles(join(scratch, "missing"))).toThrow(expect.objectContaining({ code: "IO_ERROR" }));
    const dir = folder({ file: "x" });
    expect(() => listFiles(join(dir, "file"))).toThrow(expect.objectContaining({ code: "IO_ERROR" }));
  });

  it("skips and reports, quoted on one line, names the manifest cannot hold, and a folder so named with all it holds", () => {
    const dir = folder({ ok: "", "bad\nname": "", "cr\rname": "", "back\\slash": "", "lf\nfolder/inside": "", "\ufffd.txt": "" });
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9])]), "");
    const { files, skipped } = listFiles(dir);
    expect(files.map((file) => file.path)).toEqual(["ok"]);
    const line = "the name contains a line break, which the manifest's line format cannot hold";
    expect(skipped).toEqual([
      { path: '"bad\\nname"', reason: line },
      { path: '"cr\\rname"', reason: line },
      { path: '"lf\\nfolder"', reason: line },
      { path: "back\\slash", reason: "the name contains a backslash; manifest paths are '/'-separated" },
      { path: "caf\ufffd", reason: "the name is not valid UTF-8" },
      { path: "\ufffd.txt", reason: "the name is not valid UTF-8" },
    ]);
  });

  it("refuses a folder that is itself a symbolic link with UNSAFE_PATH, whatever it points to", () => {
    const outside = folder({ "secret.key": "do not list me" });
    const parent = folder();
    symlinkSync(outside, join(parent, "data"));
    expect(() => listFiles(join(parent, "data"))).toThrow(
      expect.objectContaining({ code: "UNSAFE_PATH", message: expect.stringContaining("is a symbolic link") }),
    );
  });

  it("with followSymlinks: false, skips every symlink, even one to a file inside the folder", () => {
    const dir = folder({ "real/data.bin": "12345" });
    symlinkSync("real/data.bin", join(dir, "link.bin"));
    expect(listFiles(dir, { followSymlinks: false })).toMatchObject({
      files: [{ path: "real/data.bin" }],
      skipped: [{ path: "link.bin", reason: "a symbolic link" }],
    });
  });

  // chmod 000 does not stop root, and these tests run as root in CI containers: there, the same check runs in a child
  // process that has dropped to the unprivileged `nobody` user, so the assertion is exercised either way.
  it.each([
    ["an unreadable file", "data/secret.bin", "data/secret.bin"],
    ["an unreadable subfolder", "locked/inner.bin", "locked"],
  ])("refuses %s with UNREADABLE_FILE naming it", (_, file, locked) => {
    const dir = folder({ "a.txt": "a", [file]: "x" });
    chmodSync(join(dir, locked), 0o000);
    const error = listAsUnprivileged(dir);
    chmodSync(join(dir, locked), 0o755);
    expect(error).toMatchObject({ code: "UNREADABLE_FILE", message: expect.stringContaining(join(dir, locked)) });
  });
});

function listAsUnprivileged(dir: string): { code?: string; message?: string } | undefined {
  if (process.getuid?.() !== 0) {
    try {
      listFiles(dir);
      return undefined;
    } catch (error) {
      return error as { code: string; message: string };
    }
  }
  // `nobody` may not read the checkout (a clone inside `mktemp -d` is 0700), so the child imports nothing from it:
  // listFiles is bundled, with what it imports, into one file in the scratch folder, which `nobody` can read.
  const bundle = join(scratch, "list-files.mjs");
  buildSync({
    entryPoints: [fileURLToPath(new URL("./list-files.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "esm",
    conditions: ["source"],
    outfile: bundle,
    logLevel: "silent",
  });
  chmodSync(scratch, 0o755);
  chmodSync(dir, 0o755);
  const script = `import(${JSON.stringify(pathToFileURL(bundle).href)}).then((m) => { try { m.listFiles(${JSON.stringify(dir)}); console.log("{}"); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); } });`;
  const child = spawnSync(process.execPath, ["-e", script], { cwd: scratch, uid: 65534, gid: 65534, encoding: "utf8", timeout: 20_000 });
  expect(child.stderr).toBe("");
  return JSON.parse(child.stdout);
}

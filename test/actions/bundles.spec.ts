/**
 * The CI check that each committed bundle is fresh: rebuild it from src/ into a temporary folder and compare every
 * file byte for byte with actions/NAME/dist/. When this fails, run `node scripts/bundle-action.mjs --all` and commit.
 * Also checks that a bundle needs nothing from node_modules, by running a copy far from any.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/cli.js";

type Bundler = {
  ACTIONS: string[];
  bundleAction(name: string, options?: { outdir?: string }): Promise<{ path: string; contents: Uint8Array }[]>;
};
const { ACTIONS, bundleAction } = (await import(join(REPO_ROOT, "scripts", "bundle-action.mjs"))) as Bundler;

const temp = mkdtempSync(join(tmpdir(), "shoulders-bundles-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe.each(ACTIONS)("the %s bundle", (name) => {
  const dist = join(REPO_ROOT, "actions", name, "dist");

  it("is fresh: rebuilt from src/, it is byte for byte the committed dist/", async () => {
    const outdir = join(temp, name);
    const files = await bundleAction(name, { outdir });
    expect(readdirSync(dist).sort()).toEqual(files.map((file) => file.path.slice(outdir.length + 1)).sort());
    for (const file of files) {
      const committed = readFileSync(join(dist, file.path.slice(outdir.length + 1)));
      // toBe on a boolean keeps a 2 MB diff out of the failure message.
      expect(
        Buffer.compare(committed, Buffer.from(file.contents)) === 0,
        `actions/${name}/dist/${file.path.slice(outdir.length + 1)} is stale: run node scripts/bundle-action.mjs --all`,
      ).toBe(true);
    }
  });

  it("imports only Node built-ins, and runs from a folder with no node_modules", () => {
    const code = readFileSync(join(dist, "index.js"), "utf8");
    const specifiers = [...code.matchAll(/(?:^|\n)\s*import\s+(?:[^"';]*?\s+from\s+)?["']([^"']+)["']|require\(["']([^"']+)["']\)/g)].map(
      (m) => m[1] ?? m[2],
    );
    const builtins = new Set([...builtinModules, ...builtinModules.map((module) => `node:${module}`)]);
    expect(specifiers.filter((specifier) => !builtins.has(specifier as string))).toEqual([]);

    const copy = join(temp, `${name}-alone`);
    cpSync(dist, join(copy, "dist"), { recursive: true });
    const run = spawnSync(process.execPath, [join(copy, "dist", "index.js")], {
      cwd: copy,
      env: { PATH: process.env.PATH, GITHUB_EVENT_NAME: "workflow_dispatch", "INPUT_GITHUB-TOKEN": "" },
      encoding: "utf8",
    });
    // It loads and fails on its inputs or event, as a runner would see it: no "Cannot find module".
    expect(run.stderr).not.toMatch(/Cannot find (module|package)/);
    expect(run.stdout).toMatch(/^::error::[A-Z_]+: /m);
    expect(run.status).toBe(1);
  });
});

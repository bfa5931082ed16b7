#!/usr/bin/env node
/**
 * Bundles one GitHub Action into actions/<name>/dist/: index.js (the action) and hash-worker.js (the worker that
 * @shoulders/attribution's hasher starts for large folders; hashWorkerUrl() finds it next to index.js). Everything is
 * bundled, so the committed dist/ runs without node_modules. Not minified: reviewers read the diff of dist/.
 *
 *   node scripts/bundle-action.mjs record [--outdir DIR]
 *
 * test/actions/bundles.spec.ts rebuilds each bundle into a temporary folder and compares it byte for byte with the
 * committed one: that is the CI check that dist/ is fresh.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const ACTIONS = ["record", "verify", "lineage-comment"];

// Some bundled CommonJS dependencies call require() for Node built-ins; an ES module has no require of its own.
const BANNER =
  'import { createRequire as __shouldersCreateRequire } from "node:module";\nconst require = __shouldersCreateRequire(import.meta.url);';
// dist/ must be read as ES modules whatever package.json sits above it.
const PACKAGE_JSON = `${JSON.stringify({ type: "module" }, null, 2)}\n`;

/** Builds the bundle of `name` into `outdir` (default: the action's dist/) and returns the files written. */
export async function bundleAction(name, options = {}) {
  if (!ACTIONS.includes(name)) throw new Error(`unknown action "${name}" (one of ${ACTIONS.join(", ")})`);
  const outdir = resolve(options.outdir ?? join(ROOT, "actions", name, "dist"));
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: {
      index: join(ROOT, "actions", name, "src", "index.ts"),
      "hash-worker": join(ROOT, "packages", "attribution", "src", "hash", "hash-worker.ts"),
    },
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Bundle the workspace packages from their TypeScript sources (their "source" export), not a stale dist/.
    conditions: ["source"],
    banner: { js: BANNER },
    legalComments: "eof",
    minify: false,
    sourcemap: false,
    charset: "utf8",
    logLevel: "warning",
    write: false,
  });
  mkdirSync(outdir, { recursive: true });
  const files = [
    ...result.outputFiles.map((file) => ({ path: file.path, contents: file.contents })),
    { path: join(outdir, "package.json"), contents: Buffer.from(PACKAGE_JSON) },
  ];
  for (const file of files) writeFileSync(file.path, file.contents);
  return files;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [name, flag, dir] = process.argv.slice(2);
  const names = name === "--all" || name === undefined ? ACTIONS : [name];
  for (const each of names) {
    const files = await bundleAction(each, flag === "--outdir" && dir !== undefined ? { outdir: dir } : {});
    for (const file of files) console.log(`${file.path.replace(`${ROOT}/`, "")}  ${(file.contents.length / 1024).toFixed(0)} KiB`);
  }
}

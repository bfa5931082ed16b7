// Installs the workspace and builds it, so that `npm test` and `npm run demo` work on a fresh clone
// that has only Node 20 and npm. pnpm is pinned here and in package.json's packageManager.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pnpm = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;
const quiet = { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } };

function run(command, args, options = quiet) {
  execFileSync(command, args, options);
}

const installed = existsSync(join(root, "node_modules", ".pnpm", "lock.yaml"));
if (!installed || process.env.CI) {
  process.stderr.write(`Installing the workspace with ${pnpm} …\n`);
  run("npx", ["-y", pnpm, "install", "--frozen-lockfile", "--reporter=silent"]);
}
run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-b"]);

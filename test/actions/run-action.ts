/**
 * Runs a bundled action the way the GitHub runner does: `node actions/NAME/dist/index.js` in a child process, inputs
 * as INPUT_* variables (upper-cased, spaces to underscores, action.yml defaults filled in), the event payload in a
 * file named by GITHUB_EVENT_PATH, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files to read back. The environment is
 * built from scratch, so a test run inside GitHub Actions cannot leak the real runner's variables into it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../support/cli.js";

const yaml = createRequire(join(REPO_ROOT, "packages", "attribution", "package.json"))("yaml") as { parse(text: string): unknown };

export type Annotation = { level: "error" | "warning" | "notice"; properties: Record<string, string>; message: string };
export type ActionRun = {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
};

export type RunActionOptions = {
  /** The checkout the action runs in (GITHUB_WORKSPACE and the working directory). */
  workspace: string;
  eventName: string;
  payload: unknown;
  inputs?: Record<string, string>;
  apiUrl: string;
  repository?: string;
  ref?: string;
  sha?: string;
  env?: Record<string, string>;
};

export const TOKEN = "ghs_testtoken000000000000000000000000000";

/** The defaults action.yml declares, with `${{ github.token }}` as the runner would expand it. */
export function actionDefaults(name: string): Record<string, string> {
  const action = yaml.parse(readFileSync(join(REPO_ROOT, "actions", name, "action.yml"), "utf8")) as {
    inputs: Record<string, { default?: string }>;
  };
  return Object.fromEntries(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the runner's expression syntax, not a template
    Object.entries(action.inputs).map(([input, spec]) => [input, String(spec.default ?? "").replace("${{ github.token }}", TOKEN)]),
  );
}

export async function runAction(name: string, options: RunActionOptions): Promise<ActionRun> {
  const files = mkdtempSync(join(tmpdir(), `shoulders-action-${name}-`));
  const eventPath = join(files, "event.json");
  const outputPath = join(files, "output");
  const summaryPath = join(files, "summary.md");
  writeFileSync(eventPath, JSON.stringify(options.payload));
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  const inputs = { ...actionDefaults(name), ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: files,
    // The machine's git config (signing, hooks, default branch) must not change what the action does.
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: "https://github.example",
    GITHUB_REPOSITORY: options.repository ?? "acme/sentiment",
    GITHUB_REF: options.ref ?? "refs/heads/main",
    GITHUB_SHA: options.sha ?? "",
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_RUN_ID: "4242",
    RUNNER_TEMP: files,
    ...options.env,
  };
  for (const [input, value] of Object.entries(inputs)) env[`INPUT_${input.replace(/ /g, "_").toUpperCase()}`] = value;
  const child = spawn(process.execPath, [join(REPO_ROOT, "actions", name, "dist", "index.js")], {
    cwd: options.workspace,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // The fake API server lives in this process: wait asynchronously, never with spawnSync.
  const code = await new Promise<number>((resolve) => child.on("close", (status) => resolve(status ?? -1)));
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputPath, "utf8")),
    summary: readFileSync(summaryPath, "utf8"),
    annotations: parseAnnotations(stdout),
  };
}

/** GITHUB_OUTPUT's `name<<DELIMITER\nvalue\nDELIMITER` records. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] as string);
    if (match === null) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i] as string);
    outputs[match[1] as string] = value.join("\n");
  }
  return outputs;
}

/** Workflow commands: `::error file=F,line=L,title=T::message`, with %-escapes. */
function parseAnnotations(stdout: string): Annotation[] {
  const decode = (text: string) =>
    text.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
  const annotations: Annotation[] = [];
  for (const line of stdout.split("\n")) {
    const match = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (match === null) continue;
    const properties = Object.fromEntries(
      (match[2] ?? "")
        .split(",")
        .filter((pair) => pair !== "")
        .map((pair) => {
          const equals = pair.indexOf("=");
          return [pair.slice(0, equals), decode(pair.slice(equals + 1))];
        }),
    );
    annotations.push({ level: match[1] as Annotation["level"], properties, message: decode(match[3] as string) });
  }
  return annotations;
}

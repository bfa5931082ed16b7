import type { Io } from "../io.js";
import { run } from "../main.js";

export type Shell = {
  /** Runs `shoulders ARGS` as the user would type it, indented under a `$` line; counts unexpected exit codes. */
  (env: Record<string, string>, args: string[], expected?: number): Promise<void>;
  say(text: string): void;
  readonly failures: number;
};

export function demoShell(io: Io, cwd: () => string): Shell {
  let failures = 0;
  const indent = (text: string) => text.replace(/^(?=.)/gm, "  ");
  const shell = (async (env: Record<string, string>, args: string[], expected = 0) => {
    const shown = args.map((arg) => (/[\s*|]/.test(arg) ? `'${arg}'` : arg)).join(" ");
    const prefix =
      Object.keys(env).length > 0
        ? `${Object.keys(env)
            .map((name) => `${name}=…`)
            .join(" ")} `
        : "";
    io.stdout(`$ ${prefix}shoulders ${shown}\n`);
    const output = (text: string) => io.stdout(indent(text));
    const code = await run(args, { ...io, cwd: cwd(), env: { ...io.env, ...env }, interactive: false, stdout: output, stderr: output });
    if (code !== expected) {
      failures++;
      io.stdout(`  (unexpected exit code ${code}, expected ${expected})\n`);
    }
  }) as Shell;
  shell.say = (text: string) => io.stdout(`\n${text}\n`);
  Object.defineProperty(shell, "failures", { get: () => failures });
  return shell;
}

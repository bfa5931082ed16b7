/** Where a command reads and writes: the real process in the binary, buffers in tests. */
export type Io = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stderr is a terminal, so progress bars are drawn only for people, never into logs. */
  interactive: boolean;
};

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    interactive: process.stderr.isTTY === true && !process.env.CI,
  };
}

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
  // A reader that stops early (`shoulders log | head`) closes the pipe: what is left to print has no one to read it,
  // which is the reader's choice, not an error worth a stack trace. Exit as a closed pipe does (SIGPIPE's 141). Any
  // other failure to write (a full disk: `> /dev/full`) is the environment's: one line, exit 3, as IO_ERROR is.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(141);
      if (stream === process.stdout) process.stderr.write(`IO_ERROR: cannot write the output (${error.code ?? error.message})\n`);
      process.exit(3);
    });
  }
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    interactive: process.stderr.isTTY === true && !process.env.CI,
  };
}

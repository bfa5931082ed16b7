import { readSync } from "node:fs";
import { basename, relative, resolve } from "node:path";
import { openAttributionLedger } from "@shoulders/attribution";
import { MAX_LINE_BYTES, parseStatement, ShouldersError } from "@shoulders/ledger";
import { readBoundedFile } from "@shoulders/ledger/files";
import { ledgerDir, parse } from "../args.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { entries, printHelp, printJson } from "../output.js";
import { KEY_ENV, loadSigner } from "../signing-key.js";

const HELP = `Usage: shoulders append STATEMENT.json [--key FILE] [--dir DIR] [--json]

Signs an in-toto Statement v1 and adds it to the ledger: the generic path for any
predicate. With a log key it is appended and a new checkpoint is signed. With any other
key it becomes .attribution/pending/<sha256>.json, which the log writer integrates later
(\`shoulders integrate\`, or the record action on the default branch).

  STATEMENT.json   {"_type":"https://in-toto.io/Statement/v1","subject":[...],
                    "predicateType":"...","predicate":{...}}; - reads stdin
  --key FILE       the signing key (default: $${KEY_ENV})`;

export const append: Command = {
  summary: "sign a statement and add it (or make it pending)",
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("append", argv, { key: { type: "string" } }, { min: 1, max: 1 });
  if (values.help) return printHelp(io, HELP);
  const dir = ledgerDir(io, values.dir);
  const statement = parseStatement(readStatementFile(io, positionals[0] as string));
  const signer = loadSigner(io, values.key);
  const result = await openAttributionLedger(dir).submit([statement], signer);
  if (result.appended) {
    if (values.json) return printJson(io, { appended: true, index: result.firstIndex, treeSize: result.treeSize });
    io.stdout(`Appended entry ${result.firstIndex}; the checkpoint now covers ${entries(result.treeSize)}.\n`);
    return 0;
  }
  const [pending] = result.pending as [string];
  if (values.json) return printJson(io, { appended: false, pending, digest: basename(pending, ".json") });
  io.stdout(`Your key is not a log key, so the statement is pending: ${relative(io.cwd, pending)}\n`);
  io.stdout("Commit it; the log writer integrates it (shoulders integrate, or the record action after merge).\n");
  return 0;
}

/** Standard input, refused once it passes `maxBytes`: `yes | shoulders append -` must end, not fill the memory. */
function readStdin(maxBytes: number): Uint8Array {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(64 * 1024);
  for (;;) {
    let read: number;
    try {
      read = readSync(0, chunk, 0, chunk.length, null);
    } catch (cause) {
      // A non-blocking stdin with nothing yet: wait a moment and try again.
      if ((cause as NodeJS.ErrnoException).code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if ((cause as NodeJS.ErrnoException).code === "EOF") break;
      throw cause;
    }
    if (read === 0) break;
    total += read;
    if (total > maxBytes) throw new ShouldersError("LINE_TOO_LONG", `the statement on standard input is larger than ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk.subarray(0, read)));
  }
  return Buffer.concat(chunks);
}

function readStatementFile(io: Io, file: string): Uint8Array {
  try {
    if (file === "-") return readStdin(MAX_LINE_BYTES);
    const path = resolve(io.cwd, file);
    // Bounded as it is read: a FIFO or /dev/zero has size 0 for stat and would be waited on, or read, forever.
    return readBoundedFile(path, { maxBytes: MAX_LINE_BYTES, what: file, tooLarge: "LINE_TOO_LONG", followSymlinks: true });
  } catch (cause) {
    if (cause instanceof ShouldersError) throw cause;
    throw new ShouldersError("IO_ERROR", `cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? "error"}`, { cause });
  }
}

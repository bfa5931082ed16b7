import { join } from "node:path";
import { MAX_LINE_BYTES, parseEnvelope, parseStatement } from "@shoulders/ledger";
import { readBoundedFile } from "@shoulders/ledger/files";
import { extractTree } from "./git-files.js";
import type { RejectedPending } from "./merge-review.js";

/**
 * The statements in the pending files a merge will not integrate, decoded so that a reviewer sees what they claim and
 * who signed them: a throw-away key's usage receipt is exactly what must not hide in a footnote (issue 13). The files
 * are read from git's objects as data, regular files only, bounded like a log line; a file that is no envelope of a
 * statement stays undecoded. Nothing here is verified: the rejection says why it does not count.
 */
export async function decodeRejectedPending(options: {
  repoDir: string;
  treeish: string;
  rejected: readonly RejectedPending[];
  /** An empty folder to extract the files into. */
  dest: string;
}): Promise<RejectedPending[]> {
  if (options.rejected.length === 0) return [];
  const paths = options.rejected.map((rejected) => rejected.file);
  await extractTree({ repoDir: options.repoDir, treeish: options.treeish, paths, dest: options.dest });
  return options.rejected.map((rejected) => {
    try {
      const bytes = readBoundedFile(join(options.dest, rejected.file), {
        maxBytes: MAX_LINE_BYTES + 1,
        what: "the file",
        tooLarge: "LINE_TOO_LONG",
      });
      const parsed = parseEnvelope(bytes.at(-1) === 0x0a ? bytes.subarray(0, bytes.length - 1) : bytes, { compact: false });
      const author = parsed.envelope.signatures[0]?.keyid;
      return { ...rejected, statement: parseStatement(parsed.payloadBytes), ...(author === undefined ? {} : { author }) };
    } catch {
      return rejected;
    }
  });
}

import { existsSync, readFileSync } from "node:fs";
import { equalBytes } from "../bytes.js";
import { ShouldersError } from "../errors.js";
import { parseNote } from "../note/verify-note.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import { layoutOf } from "../store/layout.js";
import { acquireLock } from "../store/lock.js";

/**
 * Adds witness cosignature lines to `.attribution/checkpoint`, after the log's own signature (docs/format.md, "Checkpoint").
 * A witness's earlier line is replaced, never repeated. Returns false, and writes nothing, when the checkpoint has
 * moved on since it was cosigned: cosignatures over another text would only be noise there.
 */
export function addCosignatures(dir: string, cosignedText: string, lines: readonly string[]): boolean {
  const layout = layoutOf(dir);
  const release = acquireLock(layout.lock);
  try {
    if (!existsSync(layout.checkpoint)) throw new ShouldersError("CHECKPOINT_MISSING", `${layout.checkpoint} is missing`);
    const current = parseNote(readFileSync(layout.checkpoint));
    if (current.text !== cosignedText) return false;
    const added = lines.map((line) => parseNote(`${cosignedText}\n${line}`).signatures);
    if (added.some((signatures) => signatures.length !== 1)) {
      throw new ShouldersError("NOTE_MALFORMED", "each cosignature must be exactly one signature line");
    }
    const fresh = added.flat();
    const kept = current.signatures.filter(
      (old, i) => i === 0 || !fresh.some((line) => line.name === old.name && equalBytes(line.keyHash, old.keyHash)),
    );
    const note = `${cosignedText}\n${[...kept, ...fresh].map((s) => `${s.line}\n`).join("")}`;
    // Re-parsed before writing, so a checkpoint we write always opens (at most 100 signature lines, and so on).
    parseNote(note);
    writeFileAtomic(layout.checkpoint, note);
    return true;
  } finally {
    release();
  }
}

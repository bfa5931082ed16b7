import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCheckpointBody, parseNote, ShouldersError, sha256, toHex, utf8 } from "@shoulders/ledger";
import { acquireLock, fsyncDirectory, type Release, writeFileAtomic } from "@shoulders/ledger/files";

/** The latest checkpoint a witness cosigned for one log. */
export type WitnessedHead = { size: number; rootHash: Uint8Array; note: string };

/**
 * Where a witness keeps, per origin, the latest checkpoint it cosigned (tlog-witness asks for nothing more), and the
 * refused requests that prove a log misbehaved. `lock` makes check-then-persist atomic across processes: without it
 * two requests could race and roll the witness back (the race tlog-witness "add-checkpoint" describes).
 */
export interface WitnessState {
  lock(origin: string): Release;
  latest(origin: string): WitnessedHead | undefined;
  save(origin: string, note: string): void;
  keepEvidence(origin: string, request: Uint8Array, reason: string): void;
}

/** Refused requests kept per log as proof of misbehaviour; the first ones are what matters. */
export const MAX_EVIDENCE = 1000;

/** One file per origin, named by the SHA-256 of the origin so that no origin can name a path. */
export class FileWitnessState implements WitnessState {
  constructor(readonly dir: string) {
    mkdirSync(join(dir, "logs"), { recursive: true });
  }

  private fileOf(origin: string): string {
    return join(this.dir, "logs", `${toHex(sha256(utf8(origin)))}.checkpoint`);
  }

  lock(origin: string): Release {
    // Short: the wait blocks the server, and only another process sharing this state folder can hold it.
    return acquireLock(`${this.fileOf(origin)}.lock`, { timeoutMs: 2_000 });
  }

  latest(origin: string): WitnessedHead | undefined {
    const file = this.fileOf(origin);
    if (!existsSync(file)) return undefined;
    const note = readFileSync(file, "utf8");
    try {
      const checkpoint = parseCheckpointBody(parseNote(note).text);
      if (checkpoint.origin !== origin) throw new ShouldersError("CHECKPOINT_MALFORMED", "it names another origin");
      return { size: checkpoint.size, rootHash: checkpoint.rootHash, note };
    } catch (error) {
      // The witness's own state: if it is damaged, refusing everything is safer than starting over from zero.
      throw new ShouldersError("IO_ERROR", `the witness state ${file} is damaged: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Durable before the witness answers (tlog-witness): the file, then its directory entry. */
  save(origin: string, note: string): void {
    writeFileAtomic(this.fileOf(origin), note);
    fsyncDirectory(join(this.dir, "logs"));
  }

  /**
   * One file per distinct request, and at most MAX_EVIDENCE per log: the log's key holder can sign forks without end,
   * and must not be able to fill the witness's disk with them.
   */
  keepEvidence(origin: string, request: Uint8Array, reason: string): void {
    const dir = join(this.dir, "evidence", toHex(sha256(utf8(origin))));
    mkdirSync(dir, { recursive: true });
    if (readdirSync(dir).length >= MAX_EVIDENCE) return;
    const file = join(dir, `${toHex(sha256(request))}.txt`);
    if (!existsSync(file)) writeFileAtomic(file, Buffer.concat([Buffer.from(`# ${new Date().toISOString()} ${reason}\n`), request]));
  }
}

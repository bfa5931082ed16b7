import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type Envelope, MAX_LINE_BYTES, MAX_SIGNATURES, parseEnvelope, serializeEnvelope } from "../dsse/envelope.js";
import { type ErrorCode, ShouldersError } from "../errors.js";
import { sha256Hex } from "../sha256.js";
import { payloadKey } from "../statement/payload-key.js";
import { parseStatement, type Statement } from "../statement/statement.js";
import type { Layout } from "../store/layout.js";
import { readBoundedFile } from "../store/read-bounded-file.js";
import { KEY_PREDICATE_TYPE } from "../trust/key-statement.js";
import type { SignerRegistry } from "../trust/signer-registry.js";
import { assertNewStatement, checkEntry } from "../verify/check-entry.js";
import type { PredicateValidators } from "../verify/verify-ledger.js";

/** A pending file as the log would take it at a given index. */
export type Admission = {
  /** The file name, `<sha256 of the file>.json`. */
  name: string;
  /** The log index it gets. */
  index: number;
  /** The envelope as its log line would be, compact, before any countersignature. */
  envelope: Envelope;
  line: string;
  statement: Statement;
  /** Keys the log authorises at that index whose signatures verified. */
  signers: string[];
  /** The keyid of the first signature: the statement's author, whose authority alone it carries. */
  author: string;
  /** The statement's identity (payloadKey): the log takes it once. */
  payloadKey: string;
  /** No key the log authorises signed it: it enters only if a maintainer approved its digest, countersigned by the log key. */
  unvouched: boolean;
};

const PENDING_FILE = /^([0-9a-f]{64})\.json$/;

/** The digest a pending file is approved by: its name without `.json`, the SHA-256 of its bytes. */
export function pendingDigest(name: string): string {
  return name.replace(/\.json$/, "");
}

/** The names in pending/, in the order the log writer takes them. Dot files (editors, git) are not pending files. */
export function listPending(layout: Layout): string[] {
  if (!existsSync(layout.pendingDir)) return [];
  return readdirSync(layout.pendingDir)
    .filter((name) => !name.startsWith("."))
    .sort();
}

/**
 * The one rule for taking a pending file into the log (docs/format.md, "Pending statements"); the log writer, the
 * verify action and the PR bot's preview all call it, so none of them can admit what another refuses. The file is
 * attacker input from a pull request: it is named by its own SHA-256, read bounded and never through a link, holds
 * one envelope with one statement, never a key statement, whose predicate validates, and every signature by a key
 * the log knows verifies. Returns the admission, or the refusal with its code, naming the file.
 */
function admitPending(
  layout: Layout,
  name: string,
  index: number,
  registry: SignerRegistry,
  predicates?: PredicateValidators,
): Admission | Refusal {
  let decoded: Pick<Refusal, "statement" | "author"> = {};
  try {
    const match = PENDING_FILE.exec(name);
    if (match === null) throw new ShouldersError("PENDING_INVALID", "the name must be <sha256 of the file>.json");
    const bytes = readBoundedFile(join(layout.pendingDir, name), {
      maxBytes: MAX_LINE_BYTES + 1,
      what: "the file",
      tooLarge: "LINE_TOO_LONG",
    });
    if (sha256Hex(bytes) !== match[1]) throw new ShouldersError("PENDING_INVALID", "the name is not the SHA-256 of its content");
    const parsed = parseEnvelope(bytes.at(-1) === 0x0a ? bytes.subarray(0, bytes.length - 1) : bytes, { compact: false });
    const statement = parseStatement(parsed.payloadBytes);
    const author = parsed.envelope.signatures[0]?.keyid as string;
    decoded = { statement, author };
    if (statement.predicateType === KEY_PREDICATE_TYPE) {
      throw new ShouldersError("UNAUTHORISED_SIGNER", "a key statement cannot be pending; only a log key may append it");
    }
    const validate = predicates?.get(statement.predicateType);
    if (validate !== undefined) {
      try {
        validate(statement);
      } catch (error) {
        throw new ShouldersError("PREDICATE_INVALID", (error as Error).message, { cause: error });
      }
    }
    const line = serializeEnvelope(parsed.envelope);
    const admission = { name, index, envelope: parsed.envelope, line, statement, author, payloadKey: payloadKey(parsed.payloadBytes) };
    try {
      const { signers } = checkEntry(line, index, registry, { compact: true });
      // Its author (the first signature) must be a key the log authorises: a junk first signature in front of a known
      // key's would otherwise enter unapproved, as a statement nobody may author, and block the real one for good.
      if (signers.includes(author)) return { ...admission, signers, unvouched: false };
      assertVouchable(parsed.envelope, index, registry);
      return { ...admission, signers: [], unvouched: true };
    } catch (error) {
      // Only an unknown signer may be vouched for; a revoked key or a signature that fails never enters.
      if ((error as ShouldersError).code !== "UNAUTHORISED_SIGNER") throw error;
      assertNewStatement(parsed.payloadBytes, statement, index, registry);
      assertVouchable(parsed.envelope, index, registry);
      return { ...admission, signers: [], unvouched: true };
    }
  } catch (error) {
    const coded = error instanceof ShouldersError ? error : new ShouldersError("PENDING_INVALID", String(error), { cause: error });
    return { name, code: coded.code, message: `pending/${name}: ${coded.message.replace(/^entry \d+: /, "")}`, ...decoded };
  }
}

/**
 * A pending file the log does not take, and why: UNAPPROVED_SIGNER waits for a maintainer; any other code never
 * enters. `statement` and `author` (its first signature's keyid) when the file held an envelope of a statement, so a
 * reviewer sees what a refused file claims and who signed it.
 */
export type Refusal = { name: string; code: ErrorCode; message: string; statement?: Statement; author?: string };

export type PendingOutcome = {
  /** What the log takes, in order, each at the index it gets. */
  admitted: Admission[];
  refused: Refusal[];
};

/**
 * Every pending file as the log writer takes them, one after another from `firstIndex`: the one rule the writer, the
 * verdict and the pull request preview share, so none admits what another refuses. A statement the log already holds,
 * or one an earlier file of the batch carries, is refused (DUPLICATE_STATEMENT): otherwise an approved file's
 * countersignature could be lifted onto a copy of its statement that then reads as the log key's own. A file that no
 * key the log knows signed enters only when its digest is in `approved`.
 */
export function admitPendingFiles(
  layout: Layout,
  registry: SignerRegistry,
  firstIndex: number,
  options: { approved?: ReadonlySet<string>; predicates?: PredicateValidators } = {},
): PendingOutcome {
  const outcome: PendingOutcome = { admitted: [], refused: [] };
  const batch = new Map<string, string>();
  for (const name of listPending(layout)) {
    const admission = admitPending(layout, name, firstIndex + outcome.admitted.length, registry, options.predicates);
    if (!("index" in admission)) {
      outcome.refused.push(admission);
      continue;
    }
    const refuse = (code: ErrorCode, message: string) =>
      outcome.refused.push({ name, code, message, statement: admission.statement, author: admission.author });
    const earlier = batch.get(admission.payloadKey);
    if (earlier !== undefined) {
      refuse("DUPLICATE_STATEMENT", `pending/${name} carries the same statement as pending/${earlier}; a statement enters the log once`);
    } else if (admission.unvouched && options.approved?.has(pendingDigest(name)) !== true) {
      refuse(
        "UNAPPROVED_SIGNER",
        `pending/${name} is authored (first signed) by no key this log authorises; a maintainer who read it approves exactly this file with \`shoulders integrate --approve ${pendingDigest(name)}\`, or adds its key (shoulders trust add)`,
      );
    } else {
      batch.set(admission.payloadKey, name);
      outcome.admitted.push(admission);
    }
  }
  return outcome;
}

/**
 * What the log key may vouch for by countersigning (docs/format.md, "Pending statements"). A keyid the log revoked
 * before it ever added it is unknown to checkEntry, which cannot verify its signature, but revocation is final and
 * may come first ("Signers"): the writer refuses to propose with it, and the log key must not vouch for it either. And
 * the countersignature must fit: an envelope that already holds 8 signatures would become a 9th-signature line that
 * every verifier refuses, so the verdict would pass a file that integrate then rejects.
 */
function assertVouchable(envelope: Envelope, index: number, registry: SignerRegistry): void {
  for (const { keyid } of envelope.signatures) {
    const revokedAt = registry.revokedAt(keyid);
    if (revokedAt !== undefined && revokedAt < index) {
      throw new ShouldersError("KEY_REVOKED", `signed by key ${keyid.slice(0, 16)}…, revoked at entry ${revokedAt}; revocation is final`);
    }
  }
  if (envelope.signatures.length >= MAX_SIGNATURES) {
    throw new ShouldersError(
      "TOO_MANY_SIGNATURES",
      `it holds ${envelope.signatures.length} signatures, so the log key's countersignature would exceed the limit of ${MAX_SIGNATURES}`,
    );
  }
}

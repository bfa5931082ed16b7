import { existsSync, readdirSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";
import { AttributionIndex, predicateValidators } from "@shoulders/attribution";
import {
  checkEntry,
  equalBytes,
  KEY_PREDICATE_TYPE,
  layoutOf,
  MAX_LINE_BYTES,
  parseEnvelope,
  parseStatement,
  readBoundedFile,
  readTrustBytes,
  ShouldersError,
  type SignerRegistry,
  serializeEnvelope,
  sha256Hex,
  type VerifyResult,
  verifyLedger,
  type WitnessRequirement,
} from "@shoulders/ledger";
import { type Annotation, findingAnnotation } from "./annotation.js";
import { showFile } from "./git-files.js";
import { emptySnapshot, type LineageSnapshot, lineageSnapshot } from "./lineage-snapshot.js";

export type VerifyRepositoryInput = {
  /** The top of the git work tree. */
  repoDir: string;
  /** The folder that holds `.attribution/`, inside repoDir. */
  ledgerDir: string;
  /** On a pull request: the base commit, whose trust.json and checkpoint are pinned. */
  base?: { revision: string; name: string };
  strict?: boolean;
  /** Whether an unaccepted license conflict fails the check (default) or only warns. */
  licenseConflicts?: "error" | "warning";
  /** Witness cosignatures the checkpoint must carry (verify --require-witness). */
  witnesses?: WitnessRequirement;
};

export type VerifyRepositoryOutcome = {
  valid: boolean;
  hasLedger: boolean;
  /** Entries committed by the checkpoint (0 without a ledger). */
  treeSize: number;
  rootHash?: string;
  /** Whether the base branch's root and checkpoint were pinned. */
  pinned: boolean;
  annotations: Annotation[];
  snapshot: LineageSnapshot;
  result?: VerifyResult;
};

const PENDING_FILE = /^([0-9a-f]{64})\.json$/;

/**
 * Verifies a repository's ledger the way CI must. On a pull request the base branch's trust.json and checkpoint are
 * read from git and pinned, so the head can add entries and pending files but never rewrite history (a consistency
 * proof from the base checkpoint) nor swap the root (its trust.json must be the base's, byte for byte). A repository
 * or base with no ledger yet passes with a notice: the first ledger has nothing to extend. Pending files are checked
 * as the record action will integrate them, and the license of every release is checked.
 */
export function verifyRepository(input: VerifyRepositoryInput): VerifyRepositoryOutcome {
  const prefix = relative(input.repoDir, input.ledgerDir).split(sep).join("/");
  const attribution = posix.join(prefix, ".attribution");
  const layout = layoutOf(input.ledgerDir);
  const annotations: Annotation[] = [];
  const outcome: VerifyRepositoryOutcome = {
    valid: false,
    hasLedger: existsSync(layout.trust),
    treeSize: 0,
    pinned: false,
    annotations,
    snapshot: emptySnapshot(),
  };

  const baseTrust = input.base === undefined ? undefined : showFile(input.repoDir, input.base.revision, `${attribution}/trust.json`);
  const baseCheckpoint = input.base === undefined ? undefined : showFile(input.repoDir, input.base.revision, `${attribution}/checkpoint`);

  if (!outcome.hasLedger) {
    if (baseTrust !== undefined) {
      annotations.push({
        level: "error",
        code: "TRUST_MISSING",
        message: `${attribution}/trust.json is gone, but the base branch ${input.base?.name} has a ledger: a pull request may not delete it`,
      });
    } else {
      annotations.push({
        level: "notice",
        message: `No ledger here yet (${attribution}/ does not exist): nothing to verify. Create one with \`shoulders init\`.`,
      });
      outcome.valid = true;
    }
    return outcome;
  }

  if (input.base !== undefined && baseTrust === undefined) {
    annotations.push({
      level: "notice",
      message: `The base branch ${input.base.name} has no ledger yet: the first ledger has nothing to extend, so it is verified on its own.`,
    });
  }
  if (baseTrust !== undefined) {
    outcome.pinned = true;
    if (!equalBytes(baseTrust, readTrustBytes(layout))) {
      annotations.push({
        level: "error",
        code: "TRUST_INVALID",
        file: `${attribution}/trust.json`,
        message: `this change rewrites ${attribution}/trust.json, the root of trust; it is pinned to the base branch ${input.base?.name}'s. Change the root only on the default branch (shoulders trust rotate).`,
      });
    }
    if (baseCheckpoint === undefined)
      annotations.push({
        level: "warning",
        message: `the base branch ${input.base?.name} has trust.json but no checkpoint; only the root is pinned`,
      });
  }

  const result = verifyLedger({
    dir: input.ledgerDir,
    predicates: predicateValidators(),
    strict: input.strict === true,
    collect: true,
    ...(baseTrust === undefined ? {} : { trust: baseTrust }),
    ...(baseTrust === undefined || baseCheckpoint === undefined ? {} : { trustedCheckpoint: baseCheckpoint }),
    ...(input.witnesses === undefined ? {} : { witnesses: input.witnesses }),
  });
  outcome.result = result;
  outcome.treeSize = result.treeSize;
  if (result.rootHash !== undefined) outcome.rootHash = result.rootHash;
  for (const finding of result.errors) annotations.push(findingAnnotation("error", finding, prefix));
  for (const finding of result.warnings) annotations.push(findingAnnotation("warning", finding, prefix));

  if (result.valid && result.registry !== undefined) {
    annotations.push(...checkPending(layout.pendingDir, attribution, result.entries, result.registry));
    const index = new AttributionIndex(result.statements ?? [], result.registry);
    outcome.snapshot = lineageSnapshot(index, { origin: result.origin ?? "", treeSize: result.treeSize });
    for (const conflict of outcome.snapshot.conflicts) {
      annotations.push({
        level: input.licenseConflicts === "warning" ? "warning" : "error",
        code: "LICENSE_CONFLICT",
        message: `${conflict.code}: ${conflict.text}`,
      });
    }
    for (const problem of outcome.snapshot.problems) annotations.push({ level: "warning", message: problem });
  }
  outcome.valid = !annotations.some((annotation) => annotation.level === "error");
  return outcome;
}

/**
 * Pending files are checked as integratePending will admit them at the end of the log: named by their digest, one
 * valid envelope and statement, no key statement, and every known signer's signature valid. An unknown signer is fine:
 * the record action countersigns on merge.
 */
function checkPending(pendingDir: string, attribution: string, logSize: number, registry: SignerRegistry): Annotation[] {
  if (!existsSync(pendingDir)) return [];
  const annotations: Annotation[] = [];
  const validators = predicateValidators();
  const names = readdirSync(pendingDir)
    .filter((name) => !name.startsWith("."))
    .sort();
  names.forEach((name, position) => {
    const file = `${attribution}/pending/${name}`;
    try {
      const match = PENDING_FILE.exec(name);
      if (match === null) throw new ShouldersError("PENDING_INVALID", `the name must be <sha256 of the file>.json`);
      const path = join(pendingDir, name);
      // Bounded and never through a symlink: a PR can commit pending/x.json as a link to /dev/zero or a runner file.
      const bytes = readBoundedFile(path, { maxBytes: MAX_LINE_BYTES + 1, what: "the file", tooLarge: "LINE_TOO_LONG" });
      if (sha256Hex(bytes) !== match[1]) throw new ShouldersError("PENDING_INVALID", "the name is not the SHA-256 of its content");
      const parsed = parseEnvelope(bytes.at(-1) === 0x0a ? bytes.subarray(0, bytes.length - 1) : bytes, { compact: false });
      const statement = parseStatement(parsed.payloadBytes);
      if (statement.predicateType === KEY_PREDICATE_TYPE)
        throw new ShouldersError("UNAUTHORISED_SIGNER", "a key statement cannot be pending; only a log key may append it");
      validators.get(statement.predicateType)?.(statement);
      try {
        checkEntry(serializeEnvelope(parsed.envelope), logSize + position, registry, { compact: true });
      } catch (error) {
        if ((error as ShouldersError).code !== "UNAUTHORISED_SIGNER") throw error;
      }
    } catch (error) {
      const coded = error instanceof ShouldersError ? error : new ShouldersError("PENDING_INVALID", String(error));
      annotations.push({ level: "error", code: coded.code, file, message: `pending/${name}: ${coded.message}` });
    }
  });
  return annotations;
}

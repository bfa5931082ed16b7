import {
  admitPendingFiles,
  type Finding,
  isShouldersError,
  layoutOf,
  type VerifyOptions,
  type VerifyResult,
  verifyLedger,
} from "@shoulders/ledger";
import type { AttributionIndex } from "../attribution-index.js";
import { checkLicenses } from "../licensing/check-licenses.js";
import { unacceptedConflicts } from "../licensing/unaccepted-conflicts.js";
import { predicateValidators } from "../predicates/index.js";
import { ownerParty } from "../split/owner.js";
import { countedReceipts } from "../split/receipts.js";
import { overCreditedVersions } from "./over-credited.js";
import { attributionOf } from "./read-attribution.js";

export type VerdictOptions = Omit<VerifyOptions, "predicates" | "collect"> & {
  /** Whether a license conflict nobody accepted fails the verdict (the default) or is only a warning. */
  licenseConflicts?: "error" | "warning";
};

/** A finding, and the file under `.attribution/` it is about when it is not a log entry (a pending file). */
export type VerdictFinding = Finding & { path?: string };

export type Verdict = Omit<VerifyResult, "statements" | "registry" | "errors" | "warnings"> & {
  errors: VerdictFinding[];
  warnings: VerdictFinding[];
  /** "pinned" when the root came from the verifier (a trust.json it holds); else the ledger asserts its own root. */
  root: "pinned" | "self-asserted";
  /** What the ledger says, when its log verifies; for the report that follows the verdict. */
  index?: AttributionIndex;
};

/**
 * The one verdict on a ledger: `shoulders verify`, `verify --dir`, `hf verify` and the verify action all call it, so
 * they agree on "valid" and on every code. Valid means: the log verifies (docs/format.md, "What verify means"), every
 * predicate this project knows validates (a warning unless `strict`), and the cross-entry rules hold: usage receipts
 * that overlap or were signed without the usage role are reported (counted once or not at all by split; errors under
 * `strict`), no license conflict along a lineage is left unaccepted, and every pending file is one the log writer
 * would take (a file that waits for a maintainer's approval is a warning).
 */
export function verifyAttribution(options: VerdictOptions): Verdict {
  const result = verifyLedger({ ...options, predicates: predicateValidators(), collect: true });
  const { statements: _statements, registry, ...ledger } = result;
  const verdict: Verdict = { ...ledger, root: options.trust === undefined ? "self-asserted" : "pinned" };
  if (!result.valid || registry === undefined) return verdict;
  const { index } = attributionOf(result);
  verdict.index = index;
  const strictly = (finding: VerdictFinding) => (options.strict ? verdict.errors : verdict.warnings).push(finding);
  checkReceipts(index, result.origin ?? "", strictly);
  for (const flag of overCreditedVersions(index))
    strictly({ code: "PREDICATE_INVALID", message: `${flag.code}: ${flag.message}`, index: flag.index });
  checkLicenseConflicts(
    index,
    options.licenseConflicts === "warning" ? (f) => verdict.warnings.push(f) : (f) => verdict.errors.push(f),
    (f) => verdict.warnings.push(f),
  );
  checkPending(
    options.dir,
    result.entries,
    registry,
    (f) => verdict.errors.push(f),
    (f) => verdict.warnings.push(f),
  );
  verdict.valid = verdict.errors.length === 0;
  return verdict;
}

function checkReceipts(index: AttributionIndex, origin: string, report: (finding: VerdictFinding) => void): void {
  const owner = ownerParty(origin);
  for (const artifact of new Set(index.usage.map((receipt) => receipt.predicate.artifact))) {
    for (const flag of countedReceipts(index, artifact, owner).flags) {
      report({ code: "PREDICATE_INVALID", message: `${flag.code}: ${flag.message}`, index: flag.index });
    }
  }
}

function checkLicenseConflicts(
  index: AttributionIndex,
  report: (finding: VerdictFinding) => void,
  warn: (finding: VerdictFinding) => void,
): void {
  try {
    for (const conflict of unacceptedConflicts(checkLicenses(index))) {
      const { artifact } = conflict;
      report({
        code: "LICENSE_CONFLICT",
        message: `${conflict.code}: ${conflict.ancestor} (${conflict.inputLicense}) → ${artifact} (${conflict.outputLicense}): ${conflict.rule}; fix the license, or accept it: shoulders license accept ${artifact} --conflict ${conflict.code} --reason TEXT`,
      });
    }
  } catch (error) {
    if (!isShouldersError(error)) throw error;
    warn({ code: error.code, message: `the license check could not run: ${error.message}` });
  }
}

/**
 * Pending files are checked as the log writer will take them, one after another at the end of the log. One that only
 * waits for a maintainer to approve it (UNAPPROVED_SIGNER) is a warning: the merge leaves it pending, and says so.
 */
function checkPending(
  dir: string,
  size: number,
  registry: NonNullable<VerifyResult["registry"]>,
  report: (finding: VerdictFinding) => void,
  warn: (finding: VerdictFinding) => void,
): void {
  for (const refused of admitPendingFiles(layoutOf(dir), registry, size, { predicates: predicateValidators() }).refused) {
    const finding = { code: refused.code, message: refused.message, path: `pending/${refused.name}` };
    (refused.code === "UNAPPROVED_SIGNER" ? warn : report)(finding);
  }
}

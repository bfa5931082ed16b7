import type { VerdictOptions } from "@shoulders/attribution";
import { ShouldersError } from "@shoulders/ledger";
import { parseIndex } from "./args.js";
import type { FieldFlags } from "./field-flags.js";
import type { Io } from "./io.js";
import { readCheckpointArgument, readTrustArgument } from "./root-files.js";
import { parseWitnessKey } from "./witness-key.js";

/** The options of every command that gives the verdict (`verify`, `hf verify`), spelled and read one way. */
export const VERDICT_FLAGS = {
  trust: { type: "string" },
  "trusted-checkpoint": { type: "string" },
  "require-witness": { type: "string" },
  "witness-key": { type: "string", multiple: true },
  strict: { type: "boolean" },
  "license-conflicts": { type: "string" },
  release: { type: "string" },
} as const;

/** The verdict's fields these flags fill, so its findings name the flags (`witnesses` is --witness-key). */
export const VERDICT_FIELD_FLAGS: FieldFlags = { trust: "--trust", witnesses: "--witness-key", releaseId: "--release" };

export const VERDICT_HELP = `  --trust FILE               pin the root of trust: a trust.json you got from the project
                             itself (e.g. the base branch's), instead of the one the
                             ledger carries, which anyone could have written
  --trusted-checkpoint FILE  a checkpoint you verified before: the log must extend it
                             (RFC 9162 consistency proof); its entries skip only the
                             signature arithmetic, never the signer checks
  --require-witness N        fail unless N independent witnesses cosigned the checkpoint
                             (C2SP tlog-cosignature): the one check a key holder who
                             rewrote history cannot pass
  --witness-key VKEY         a witness you chose (type 0x04 key, e.g. from the witness's
                             own page). Only these, and the witnesses of a root pinned
                             with --trust, count
  --strict                   also fail on an uncommitted tail, invalid predicates and
                             flagged usage receipts
  --license-conflicts warning   report unaccepted license conflicts without failing
                             (default: they fail the check)
  --release ID               check the files against the latest release of ID, instead
                             of the release the model card pins or the files match`;

type VerdictFlagValues = {
  trust?: string;
  "trusted-checkpoint"?: string;
  "require-witness"?: string;
  "witness-key"?: string[];
  strict?: boolean;
  "license-conflicts"?: string;
};

export function verdictOptions(io: Io, values: VerdictFlagValues): Omit<VerdictOptions, "dir"> {
  const conflicts = values["license-conflicts"];
  if (conflicts !== undefined && conflicts !== "error" && conflicts !== "warning") {
    throw new ShouldersError("BAD_ARGUMENT", `--license-conflicts takes error or warning, not "${conflicts}"`);
  }
  return {
    ...(values.trust === undefined ? {} : { trust: readTrustArgument(io, values.trust) }),
    ...(values["trusted-checkpoint"] === undefined ? {} : { trustedCheckpoint: readCheckpointArgument(io, values["trusted-checkpoint"]) }),
    witnesses: {
      keys: (values["witness-key"] ?? []).map(parseWitnessKey),
      required: values["require-witness"] === undefined ? 0 : parseIndex(values["require-witness"], "--require-witness"),
    },
    strict: values.strict === true,
    ...(conflicts === undefined ? {} : { licenseConflicts: conflicts }),
  };
}

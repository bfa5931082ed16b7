import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Checkpoint } from "../checkpoint/checkpoint.js";
import { signCheckpointWith } from "../checkpoint/sign-checkpoint.js";
import { ShouldersError } from "../errors.js";
import { keyIdOf } from "../keys/keyid.js";
import { EMPTY_ROOT } from "../merkle/hash.js";
import { formatVerifierKey, parseVerifierKey } from "../note/verifier-key.js";
import type { Signer } from "../signer.js";
import { layoutOf, segmentName } from "../store/layout.js";
import { formatTrust, type Trust } from "../trust/trust-file.js";

export type InitResult = { root: string; origin: string; keyid: string; verifierKey: string; checkpoint: string };

const ORIGIN = /^[^\s+]{1,1024}$/u;

/** git must never rewrite line endings in the ledger, or every leaf hash would change (docs/format.md, "Layout"). */
const GITATTRIBUTES = "* -text\n";
/** The lock, the write-ahead record and the frontier cache are per machine and never committed. */
const GITIGNORE = ".state/\n";

/**
 * Creates `.attribution/` with an empty log, trust.json naming this key as the log key, and a signed checkpoint of
 * the empty tree. It is built in a temporary folder and renamed into place, so a failure leaves nothing behind.
 */
export async function initLedger(options: { dir: string; origin: string; signer: Signer }): Promise<InitResult> {
  const layout = layoutOf(options.dir);
  if (!ORIGIN.test(options.origin)) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      "the origin must be non-empty, with no spaces and no '+' (for example github.com/OWNER/REPO/attribution)",
    );
  }
  if (existsSync(layout.root)) throw new ShouldersError("LEDGER_EXISTS", `${layout.root} already exists; nothing was changed`);
  if (!existsSync(options.dir)) throw new ShouldersError("BAD_ARGUMENT", `the folder ${options.dir} does not exist`);

  const publicKey = options.signer.publicKey;
  const verifierKey = parseVerifierKey(formatVerifierKey(options.origin, publicKey));
  const trust: Trust = { origin: options.origin, verifierKeys: [verifierKey] };
  const empty: Checkpoint = { origin: options.origin, size: 0, rootHash: EMPTY_ROOT, extensions: [] };
  const checkpoint = await signCheckpointWith(empty, verifierKey.name, options.signer);

  const staging = join(options.dir, `.attribution.${randomBytes(6).toString("hex")}.tmp`);
  try {
    mkdirSync(join(staging, "log"), { recursive: true });
    writeFileSync(join(staging, "log", segmentName(0)), "");
    writeFileSync(join(staging, "trust.json"), formatTrust(trust));
    writeFileSync(join(staging, "checkpoint"), checkpoint);
    writeFileSync(join(staging, ".gitattributes"), GITATTRIBUTES);
    writeFileSync(join(staging, ".gitignore"), GITIGNORE);
    renameSync(staging, layout.root);
  } catch (cause) {
    rmSync(staging, { recursive: true, force: true });
    if (cause instanceof ShouldersError) throw cause;
    throw new ShouldersError("IO_ERROR", `cannot create ${layout.root}: ${(cause as Error).message}`, { cause });
  }
  return { root: layout.root, origin: options.origin, keyid: keyIdOf(publicKey), verifierKey: verifierKey.text, checkpoint };
}

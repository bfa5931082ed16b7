import { parseVerifierKey, ShouldersError, SIGNATURE_TYPE_COSIGNATURE_V1, type VerifierKey } from "@shoulders/ledger";

/** Where `witness serve` reads its key when --key is not given. */
export const WITNESS_KEY_ENV = "SHOULDERS_WITNESS_KEY";

/** A witness's cosigner key (type 0x04) from the command line; a log's note key gets a clear refusal, not a parse error. */
export function parseWitnessKey(text: string): VerifierKey {
  try {
    return parseVerifierKey(text, SIGNATURE_TYPE_COSIGNATURE_V1);
  } catch (error) {
    let isNoteKey = false;
    try {
      parseVerifierKey(text);
      isNoteKey = true;
    } catch {
      // Not a note key either: report the first error.
    }
    if (isNoteKey) {
      throw new ShouldersError(
        "BAD_ARGUMENT",
        "that is a log's note key (type 0x01); a witness key has type 0x04 (shoulders keygen --witness)",
      );
    }
    throw error;
  }
}

/**
 * DSSE v1 Pre-Authentication Encoding (secure-systems-lab/dsse, protocol.md):
 *
 *   PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
 *
 * The signature covers the payload type as well as the body, so a signed statement cannot be replayed as another
 * kind of payload; the lengths make the split between type and body unambiguous. LEN counts bytes, not UTF-16 code
 * units, so the type is encoded as UTF-8 first.
 */
import { abytes, concatBytes, utf8 } from "../bytes.js";
import { ShouldersError } from "../errors.js";

export function pae(payloadType: string, body: Uint8Array): Uint8Array {
  abytes(body, undefined, "DSSE body");
  // A lone surrogate would be encoded as U+FFFD, so two different types would share one signature.
  if (typeof payloadType !== "string" || !(payloadType as string & { isWellFormed(): boolean }).isWellFormed()) {
    throw new ShouldersError("BAD_ARGUMENT", "the DSSE payload type must be a well-formed string");
  }
  const type = utf8(payloadType);
  const header = utf8(`DSSEv1 ${type.length} `);
  const middle = utf8(` ${body.length} `);
  return concatBytes(header, type, middle, body);
}

import { abytes } from "../bytes.js";
import { sha256Hex } from "../sha256.js";

/** docs/format.md, "Keys and signatures": keyid = lowercase hex SHA-256 of the 32-byte public key. */
export function keyIdOf(publicKey: Uint8Array): string {
  abytes(publicKey, 32, "public key");
  return sha256Hex(publicKey);
}

/**
 * The one side effect of signing, behind a one-method interface (as sigstore-js does), so that a key in memory, a
 * hardware key or a remote signer can stand in without patching globals.
 */
export interface Signer {
  /** Lowercase hex SHA-256 of the 32-byte public key. */
  readonly keyid: string;
  /** The 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  /** Returns the 64-byte RFC 8032 Ed25519 signature of `message`. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export { generateSecretKey, publicKeyFromSecret } from "./generate-key.js";
export { keyIdOf } from "./keyid.js";
export { decodePublicKey, parsePublicKeyBase64 } from "./public-key.js";
export { formatSecretKey, parseSecretKey } from "./secret-key.js";
export { createKeySigner, signEd25519 } from "./sign.js";
export { verifyEd25519Portable } from "./verify-portable.js";
export { verifyEd25519 } from "./verify-signature.js";

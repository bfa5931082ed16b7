/** Guards shared by the Merkle operations: callers get a coded error at the edge, never a TypeError deep inside. */
import { ShouldersError } from "../errors.js";
import { HASH_SIZE } from "./hash.js";

/** A tree size or index: an integer in [0, max]. Beyond 2^53 − 1 a number can no longer name every leaf. */
export function assertCount(value: number, max: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ShouldersError("BAD_ARGUMENT", `${what} must be a non-negative safe integer, got ${String(value)}`);
  }
  if (value > max) throw new ShouldersError("INDEX_OUT_OF_RANGE", `${what} is ${value}, above ${max}`);
}

/** The non-throwing test used by the verifiers, which must answer false, not crash, on attacker input. */
export function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

export function isHashList(value: unknown): value is readonly Uint8Array[] {
  return Array.isArray(value) && value.every(isHash);
}

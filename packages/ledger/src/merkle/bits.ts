/**
 * Size arithmetic for trees of up to 2^53 − 1 leaves. JS bitwise operators truncate to 32 bits, so these use
 * division instead: a log past 2^31 entries must not wrap around.
 */

export function half(n: number): number {
  return Math.floor(n / 2);
}

export function isOdd(n: number): boolean {
  return n % 2 === 1;
}

/** The k of RFC 9162 §2.1.1: the largest power of two smaller than n, for n ≥ 2. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function popcount(n: number): number {
  let count = 0;
  for (; n > 0; n = half(n)) if (isOdd(n)) count++;
  return count;
}

export function isPowerOfTwo(n: number): boolean {
  return popcount(n) === 1;
}

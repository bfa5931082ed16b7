/**
 * Splits `total` (a non-negative integer) in proportion to `weights`, exactly: every part is the floor of its exact
 * share, and the units left over go one each to the largest fractional remainders. Ties go to the smaller key
 * (bytewise), so the result is deterministic and anyone can recompute it. The parts always sum to `total`.
 */
export function largestRemainder<K extends string>(total: bigint, weights: readonly { key: K; weight: bigint }[]): Map<K, bigint> {
  const parts = new Map<K, bigint>();
  const sum = weights.reduce((acc, { weight }) => acc + weight, 0n);
  if (sum === 0n || total === 0n) {
    for (const { key } of weights) parts.set(key, 0n);
    return parts;
  }
  let allocated = 0n;
  const remainders: { key: K; remainder: bigint }[] = [];
  for (const { key, weight } of weights) {
    const exact = total * weight;
    const part = exact / sum;
    parts.set(key, (parts.get(key) ?? 0n) + part);
    allocated += part;
    remainders.push({ key, remainder: exact % sum });
  }
  remainders.sort((a, b) => (a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : compareBytes(a.key, b.key)));
  for (let left = total - allocated, i = 0; left > 0n; left--, i++) {
    const { key } = remainders[i % remainders.length] as { key: K };
    parts.set(key, (parts.get(key) as bigint) + 1n);
  }
  return parts;
}

/**
 * Orders two strings as their UTF-8 bytes compare, without encoding them: payouts of tens of thousands of parties are
 * sorted with it, and a Buffer per comparison made the collector the biggest cost. Below the surrogates, UTF-16 units
 * order as UTF-8 bytes do; at a difference that involves a surrogate the strings are encoded and compared as bytes,
 * so a lone surrogate (encoded as U+FFFD) orders exactly as before.
 */
export function compareBytes(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x - y;
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
  }
  return a.length - b.length;
}

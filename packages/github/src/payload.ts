import { ShouldersError } from "@shoulders/ledger";

/** Small readers for webhook payloads: each wrong field becomes one BAD_ARGUMENT line that names it. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function field<T extends "string" | "number">(
  object: Record<string, unknown>,
  name: string,
  type: T,
  what: string,
): T extends "string" ? string : number {
  const value = object[name];
  if (
    typeof value !== type ||
    (type === "number" && !Number.isSafeInteger(value)) ||
    (type === "string" && (value as string).length > 1000)
  )
    throw new ShouldersError("BAD_ARGUMENT", `${what} has no valid "${name}" (${type === "number" ? "a whole number" : "a string"})`);
  return value as T extends "string" ? string : number;
}

export function shaField(object: Record<string, unknown>, name: string, what: string): string {
  const value = object[name];
  if (typeof value !== "string" || !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(value))
    throw new ShouldersError("BAD_ARGUMENT", `${what} has no valid "${name}" commit id (40 or 64 lowercase hex characters)`);
  return value;
}

export function objectField(object: Record<string, unknown>, name: string, what: string): Record<string, unknown> {
  const value = object[name];
  if (!isObject(value)) throw new ShouldersError("BAD_ARGUMENT", `${what} has no "${name}" object`);
  return value;
}

import { ShouldersError } from "@shoulders/ledger";
import { minorUnits } from "./currency.js";

/** An exact amount of money: integer minor units (cents for USD) and the currency. */
export type Money = { minor: bigint; currency: string };

const DECIMAL = /^(0|[1-9][0-9]{0,30})(?:\.([0-9]+))?$/;

/**
 * Parses "480.00" in a currency into minor units, exactly. Refuses signs, exponents ("1e3"), separators, and more
 * decimals than the currency has ("10.001 USD"): money is never rounded on the way in.
 */
export function parseAmount(text: string, currency: string): Money {
  const digits = minorUnits(currency);
  const match = DECIMAL.exec(text);
  if (match === null) {
    throw new ShouldersError(
      "BAD_ARGUMENT",
      `"${text}" is not an amount: write digits with an optional decimal point, such as 480.00 (no sign, exponent or separators)`,
    );
  }
  const fraction = match[2] ?? "";
  if (fraction.length > digits) {
    throw new ShouldersError("BAD_ARGUMENT", `"${text}" has more decimals than ${currency} allows (${digits})`);
  }
  return { minor: BigInt(match[1] as string) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0"), currency };
}

/** Formats minor units as a decimal string with exactly the currency's decimals: 48000n USD → "480.00". */
export function formatAmount(money: Money): string {
  const digits = minorUnits(money.currency);
  const negative = money.minor < 0n;
  const text = (negative ? -money.minor : money.minor).toString().padStart(digits + 1, "0");
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? "" : `.${text.slice(-digits)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

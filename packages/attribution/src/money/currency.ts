import { ShouldersError } from "@shoulders/ledger";

/**
 * ISO 4217 minor units for the currencies payouts are made in. A currency not listed is refused rather than guessed:
 * a wrong exponent would move every payout by a factor of ten.
 */
const MINOR_UNITS: Record<string, number> = {
  AED: 2,
  ARS: 2,
  AUD: 2,
  BGN: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  COP: 2,
  CZK: 2,
  DKK: 2,
  EGP: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KES: 2,
  KRW: 0,
  KWD: 3,
  MXN: 2,
  MYR: 2,
  NGN: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PHP: 2,
  PKR: 2,
  PLN: 2,
  QAR: 2,
  RON: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TRY: 2,
  TWD: 2,
  UAH: 2,
  USD: 2,
  VND: 0,
  ZAR: 2,
};

export const CURRENCIES = Object.keys(MINOR_UNITS);

/** The number of decimal places of a currency's minor unit (USD 2, JPY 0, BHD 3). */
export function minorUnits(currency: string): number {
  const digits = Object.hasOwn(MINOR_UNITS, currency) ? MINOR_UNITS[currency] : undefined;
  if (digits === undefined) {
    throw new ShouldersError("BAD_ARGUMENT", `unknown currency "${currency}": use an ISO 4217 code such as USD, EUR or JPY`);
  }
  return digits;
}

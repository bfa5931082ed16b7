// spdx-satisfies 6.0.0 ships no types. README: `satisfies(expression, approvedLicenses)` is true when the expression
// can be satisfied using only licenses from the list (each a single id, with `+` or `-or-later` ranges understood).
declare module "spdx-satisfies" {
  function satisfies(expression: string, approved: string[]): boolean;
  export = satisfies;
}

import { ShouldersError } from "@shoulders/ledger";

/**
 * Readers for action inputs (always strings on the runner). Pure, so each action's input module can be tested
 * without a runner; a bad value is one BAD_ARGUMENT line naming the input.
 */
export function booleanInput(name: string, text: string): boolean {
  // The YAML 1.2 core schema, as @actions/core's getBooleanInput reads it.
  if (["true", "True", "TRUE"].includes(text.trim())) return true;
  if (["false", "False", "FALSE"].includes(text.trim())) return false;
  throw new ShouldersError("BAD_ARGUMENT", `the ${name} input must be true or false, not "${text.slice(0, 40)}"`);
}

export function integerInput(name: string, text: string, min: number, max: number): number {
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || value < min || value > max)
    throw new ShouldersError("BAD_ARGUMENT", `the ${name} input must be a whole number from ${min} to ${max}, not "${text.slice(0, 40)}"`);
  return value;
}

export function choiceInput<T extends string>(name: string, text: string, choices: readonly T[]): T {
  const value = text.trim();
  if (!(choices as readonly string[]).includes(value))
    throw new ShouldersError("BAD_ARGUMENT", `the ${name} input must be ${choices.join(" or ")}, not "${value.slice(0, 40)}"`);
  return value as T;
}

export function requiredInput(name: string, text: string): string {
  if (text.trim() === "") throw new ShouldersError("BAD_ARGUMENT", `the ${name} input is empty`);
  return text.trim();
}

/** The one line an action fails with: `CODE: message`, as the CLI prints errors. */
export function failureMessage(error: unknown): string {
  if (error instanceof ShouldersError) return `${error.code}: ${error.message}`;
  return `INTERNAL: ${error instanceof Error ? error.message : String(error)}`;
}

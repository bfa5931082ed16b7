import { type Hub, resolveHub } from "@shoulders/hf";
import type { FieldFlags } from "./field-flags.js";
import type { Io } from "./io.js";

/** The option every `hf` subcommand takes. */
export const HUB_URL_OPTION = { "hub-url": { type: "string" } } as const;

/** The Hub fields `hf` subcommands fill from flags. */
export const HUB_FIELD_FLAGS: FieldFlags = { hubUrl: "--hub-url", revision: "--revision" };

/** The Hub: --hub-url, else $HF_ENDPOINT, else huggingface.co; the token from $HF_TOKEN, never a flag. */
export function hubOf(io: Io, hubUrl: string | undefined): Hub {
  return resolveHub({ ...(hubUrl === undefined ? {} : { hubUrl }), env: io.env });
}

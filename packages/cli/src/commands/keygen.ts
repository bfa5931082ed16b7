import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  formatSecretKey,
  formatVerifierKey,
  generateSecretKey,
  keyIdOf,
  publicKeyFromSecret,
  ShouldersError,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  toBase64,
} from "@shoulders/ledger";
import { parse } from "../args.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";

const HELP = `Usage: shoulders keygen --out FILE [--name NAME] [--witness] [--force] [--json]

Creates an Ed25519 signing key and writes it to FILE (mode 0600) as the base64 of its
32-byte seed. Prints the key's id, its public key and its signed-note verifier key;
never the key itself.

  --out FILE    where to write the key, e.g. ~/.shoulders/acme.key (required)
  --name NAME   the name in the verifier key (default: shoulders); \`init\` names the
                log key after the log origin instead
  --witness     a witness key: its verifier key has type 0x04 (tlog-cosignature), for
                \`shoulders witness serve\`; name it like a URL, e.g. witness.example/w1
  --force       overwrite FILE if it exists

Next: keep FILE secret, then \`SHOULDERS_SIGNING_KEY=$(cat FILE) shoulders init\`, or give
the public key to a log owner for \`shoulders trust add\`.`;

export const keygen: Command = {
  summary: "create a signing key",
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse("keygen", argv, {
    out: { type: "string" },
    name: { type: "string" },
    witness: { type: "boolean" },
    force: { type: "boolean" },
  });
  if (values.help) return printHelp(io, HELP);
  if (values.out === undefined) throw new ShouldersError("USAGE", "keygen: --out FILE is required (see shoulders keygen --help)");
  const path = resolve(io.cwd, values.out);
  if (existsSync(path) && !values.force)
    throw new ShouldersError("BAD_ARGUMENT", `${values.out} already exists; pass --force to overwrite it`);
  const seed = generateSecretKey();
  const publicKey = publicKeyFromSecret(seed);
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, `${formatSecretKey(seed)}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
  } catch (cause) {
    throw new ShouldersError("IO_ERROR", `cannot write ${values.out}: ${(cause as NodeJS.ErrnoException).code ?? "error"}`, { cause });
  }
  const result = {
    keyFile: path,
    keyid: keyIdOf(publicKey),
    publicKey: toBase64(publicKey),
    verifierKey: values.witness
      ? formatVerifierKey(values.name ?? "witness", publicKey, SIGNATURE_TYPE_COSIGNATURE_V1)
      : formatVerifierKey(values.name ?? "shoulders", publicKey),
  };
  if (values.json) printJson(io, result);
  else {
    io.stdout(`Wrote a new signing key to ${values.out} (mode 0600). Keep it secret.\n`);
    io.stdout(`keyid         ${result.keyid}\n`);
    io.stdout(`public key    ${result.publicKey}\n`);
    io.stdout(`verifier key  ${result.verifierKey}\n`);
  }
  return 0;
}

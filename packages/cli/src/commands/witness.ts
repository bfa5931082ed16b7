import { resolve } from "node:path";
import {
  formatVerifierKey,
  layoutOf,
  openLedger,
  parseTrust,
  publicKeyFromSecret,
  readCheckpointBytes,
  readTrust,
  ShouldersError,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  type TrustedWitness,
} from "@shoulders/ledger";
import { createWitnessServer, FileWitnessState, witnessCosignatures, witnessLedger } from "@shoulders/witness";
import { ledgerDir, parse, parseIndex } from "../args.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";
import { readTrustArgument } from "../root-files.js";
import { loadSigningKey } from "../signing-key.js";
import { parseWitnessKey } from "../witness-key.js";

const WITNESS_KEY_ENV = "SHOULDERS_WITNESS_KEY";

export const witnessHelp = `Usage: shoulders witness <serve|add|remove|submit|list> [options]

Witnesses make history outside the repository's control. A witness (C2SP tlog-witness)
keeps the last checkpoint it cosigned for each log, and cosigns a new one only when a
consistency proof shows it extends that one. Whoever holds the log key can rewrite the
repository, but no honest witness will cosign the rewrite, so
\`shoulders verify --require-witness N\` catches it.

Run a witness (someone independent of the log's owners should):
  shoulders keygen --witness --name witness.example/w1 --out w1.key
  witness serve --name NAME --log TRUST_JSON... --state DIR [--key FILE] [--port 7380]
      [--host 127.0.0.1] [--prefix /PATH]
      serve POST <prefix>/add-checkpoint for the logs whose trust.json files are given;
      the key comes from --key FILE or $${WITNESS_KEY_ENV}; state is one file per log

Use witnesses for a ledger:
  witness add VKEY --url URL     list a witness in .attribution/trust.json (commit it)
  witness remove NAME|VKEY       stop listing it
  witness submit [--quorum N]    ask every listed witness to cosign the current
                                 checkpoint and store the cosignatures in
                                 .attribution/checkpoint; fails below N (default: all)
  witness list [--json]          the listed witnesses, and who cosigned the checkpoint

Then anyone can check, naming the witnesses they trust (not the ledger's own list):
  shoulders verify --require-witness 1 --witness-key VKEY`;

export async function witness(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "serve":
      return serve(rest, io);
    case "add":
      return add(rest, io);
    case "remove":
      return remove(rest, io);
    case "submit":
      return submit(rest, io);
    case "list":
      return list(rest, io);
    case undefined:
    case "--help":
    case "-h":
      io.stdout(`${witnessHelp}\n`);
      return sub === undefined ? 2 : 0;
    default:
      throw new ShouldersError("USAGE", `witness: unknown subcommand "${sub}" (serve, add, remove, submit or list)`);
  }
}

async function serve(argv: string[], io: Io): Promise<number> {
  const { values } = parse("witness serve", argv, {
    name: { type: "string" },
    key: { type: "string" },
    log: { type: "string", multiple: true },
    state: { type: "string" },
    host: { type: "string" },
    port: { type: "string" },
    prefix: { type: "string" },
  });
  if (values.help) return printHelp(io, witnessHelp);
  if (values.name === undefined || values.state === undefined || values.log === undefined) {
    throw new ShouldersError("USAGE", "witness serve: --name NAME, --state DIR and at least one --log TRUST_JSON are required");
  }
  const seed = loadSigningKey(io, values.key, WITNESS_KEY_ENV);
  const verifierKey = formatVerifierKey(values.name, publicKeyFromSecret(seed), SIGNATURE_TYPE_COSIGNATURE_V1);
  const logs = values.log.map((file) => parseTrust(readTrustArgument(io, file), file));
  const origins = new Set(logs.map((log) => log.origin));
  if (origins.size !== logs.length) throw new ShouldersError("BAD_ARGUMENT", "witness serve: two --log files name the same origin");
  const port = parseIndex(values.port ?? "7380", "--port");
  const host = values.host ?? "127.0.0.1";
  const prefix = values.prefix ?? "";
  const server = createWitnessServer({
    signer: { name: values.name, seed },
    verifierKey,
    logs,
    state: new FileWitnessState(resolve(io.cwd, values.state)),
    prefix,
    onRequest: ({ status, origin, message }) => io.stderr(`${new Date().toISOString()} ${status} ${origin ?? "-"} ${message}\n`),
  });
  await new Promise<void>((done, fail) => {
    server.once("error", (cause) =>
      fail(new ShouldersError("IO_ERROR", `cannot listen on ${host}:${port}: ${(cause as NodeJS.ErrnoException).code}`, { cause })),
    );
    server.listen(port, host, () => done());
  });
  const address = server.address();
  const url = `http://${host}:${typeof address === "object" && address !== null ? address.port : port}${prefix}`;
  if (values.json) printJson(io, { name: values.name, url, verifierKey, logs: [...origins] });
  else {
    io.stdout(`Witness ${values.name} listening on ${url}/add-checkpoint\n`);
    io.stdout(`verifier key  ${verifierKey}\n`);
    io.stdout(`following     ${[...origins].join(", ")}\n`);
  }
  await new Promise<void>((done) => {
    const stop = () => server.close(() => done());
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}

/** Rewrites trust.json under the ledger lock, so no writer reads a half-edited root. */

async function add(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("witness add", argv, { url: { type: "string" } }, { min: 1, max: 1 });
  if (values.help) return printHelp(io, witnessHelp);
  const key = parseWitnessKey(positionals[0] as string);
  const entry: TrustedWitness = { key, ...(values.url === undefined ? {} : { url: values.url }) };
  const trust = openLedger(ledgerDir(io, values.dir)).editWitnesses((witnesses) => [
    ...witnesses.filter((w) => w.key.text !== key.text),
    entry,
  ]);
  if (values.json)
    return printJson(io, { name: key.name, key: key.text, url: values.url ?? null, witnesses: trust.witnesses?.length ?? 0 });
  io.stdout(
    `Listed witness ${key.name}${values.url === undefined ? " (no url: verifiers count its cosignatures, submit skips it)" : ` at ${values.url}`}.\n`,
  );
  io.stdout("Commit .attribution/trust.json, then run `shoulders witness submit`.\n");
  return 0;
}

async function remove(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("witness remove", argv, {}, { min: 1, max: 1 });
  if (values.help) return printHelp(io, witnessHelp);
  const which = positionals[0] as string;
  let removed = 0;
  openLedger(ledgerDir(io, values.dir)).editWitnesses((witnesses) => {
    const kept = witnesses.filter((w) => w.key.text !== which && w.key.name !== which);
    removed = witnesses.length - kept.length;
    return kept;
  });
  if (removed === 0) throw new ShouldersError("BAD_ARGUMENT", `no witness named ${JSON.stringify(which)} in trust.json`);
  if (values.json) return printJson(io, { removed });
  io.stdout(`Removed ${removed} witness${removed === 1 ? "" : "es"} from .attribution/trust.json.\n`);
  return 0;
}

async function submit(argv: string[], io: Io): Promise<number> {
  const { values } = parse("witness submit", argv, { quorum: { type: "string" } });
  if (values.help) return printHelp(io, witnessHelp);
  const result = await witnessLedger({ dir: ledgerDir(io, values.dir), fetch: globalThis.fetch });
  const quorum = values.quorum === undefined ? result.witnesses.length : parseIndex(values.quorum, "--quorum");
  const ok = result.cosigned >= quorum && result.written;
  if (values.json) printJson(io, { ...result, quorum, ok });
  else {
    for (const outcome of result.witnesses) {
      io.stdout(
        outcome.ok
          ? `✓ ${outcome.name} cosigned at ${new Date(outcome.timestamp * 1000).toISOString()}\n`
          : `✗ ${outcome.name}: ${outcome.code}: ${outcome.message}\n`,
      );
    }
    if (!result.written) io.stderr("The checkpoint changed while the witnesses answered; run `shoulders witness submit` again.\n");
    io.stdout(
      `Checkpoint of ${result.size} entries: cosigned by ${result.cosigned} of ${result.witnesses.length} witness(es), ${quorum} required.\n`,
    );
  }
  if (ok) return 0;
  // Refusal (a fork, a bad key) is a finding; only unreachable witnesses are an environment problem.
  return result.witnesses.some((w) => !w.ok && w.code !== "WITNESS_UNREACHABLE") || !result.written ? 1 : 3;
}

async function list(argv: string[], io: Io): Promise<number> {
  const { values } = parse("witness list", argv, {});
  if (values.help) return printHelp(io, witnessHelp);
  const layout = layoutOf(ledgerDir(io, values.dir));
  const witnesses = readTrust(layout).witnesses ?? [];
  const cosigned = witnessCosignatures(readCheckpointBytes(layout), witnesses);
  const rows = witnesses.map((w) => ({
    name: w.key.name,
    key: w.key.text,
    url: w.url ?? null,
    cosigned: cosigned.get(w.key.text) ?? null,
  }));
  if (values.json) return printJson(io, rows);
  if (rows.length === 0) io.stdout("No witnesses listed. Add one with `shoulders witness add VKEY --url URL`.\n");
  for (const row of rows) {
    const when =
      row.cosigned === null
        ? "has not cosigned the current checkpoint"
        : `cosigned the current checkpoint at ${new Date(row.cosigned * 1000).toISOString()}`;
    io.stdout(`${row.name}  ${row.url ?? "(no url)"}  ${when}\n  ${row.key}\n`);
  }
  return 0;
}

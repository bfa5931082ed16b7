import { resolve } from "node:path";
import { formatVerifierKey, publicKeyFromSecret, ShouldersError, SIGNATURE_TYPE_COSIGNATURE_V1 } from "@shoulders/ledger";
import { createWitnessServer, FileWitnessState, followedLogs } from "@shoulders/witness";
import { parse, parseIndex } from "../../args.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson } from "../../output.js";
import { readTrustArgument } from "../../root-files.js";
import { loadSigningKey } from "../../signing-key.js";
import { WITNESS_KEY_ENV } from "../../witness-key.js";

export const witnessServe: Subcommand = {
  usage: `witness serve --name NAME --log TRUST_JSON... --state DIR [--key FILE] [--port 7380]
              [--host 127.0.0.1] [--prefix /PATH]`,
  about: `run a witness (someone independent of the log's owners should; create its key with
shoulders keygen --witness --name witness.example/w1 --out w1.key): serve
POST <prefix>/add-checkpoint for the logs whose trust.json files are given. The key
comes from --key FILE or $${WITNESS_KEY_ENV}; the state is one file per log.`,
  flags: { logs: "--log files" },
  async run(argv, io, help) {
    const { values } = parse("witness serve", argv, {
      name: { type: "string" },
      key: { type: "string" },
      log: { type: "string", multiple: true },
      state: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      prefix: { type: "string" },
    });
    if (values.help) return printHelp(io, help);
    if (values.name === undefined || values.state === undefined || values.log === undefined) {
      throw new ShouldersError("USAGE", "witness serve: --name NAME, --state DIR and at least one --log TRUST_JSON are required");
    }
    const seed = loadSigningKey(io, values.key, WITNESS_KEY_ENV);
    const verifierKey = formatVerifierKey(values.name, publicKeyFromSecret(seed), SIGNATURE_TYPE_COSIGNATURE_V1);
    const logs = followedLogs(values.log.map((file) => ({ bytes: readTrustArgument(io, file), name: file })));
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
    const origins = logs.map((log) => log.origin);
    if (values.json) printJson(io, { name: values.name, url, verifierKey, logs: origins });
    else {
      io.stdout(`Witness ${values.name} listening on ${url}/add-checkpoint\n`);
      io.stdout(`verifier key  ${verifierKey}\n`);
      io.stdout(`following     ${origins.join(", ")}\n`);
    }
    await new Promise<void>((done) => {
      const stop = () => server.close(() => done());
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    return 0;
  },
};

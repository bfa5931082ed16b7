import { resolve } from "node:path";
import { openAttributionLedger } from "@shoulders/attribution";
import {
  fromBase64,
  isIdentity,
  layoutOf,
  normaliseIdentity,
  readTrust,
  replayRegistry,
  ShouldersError,
  toBase64,
} from "@shoulders/ledger";
import { ledgerDir, parse, parseIndex } from "../args.js";
import type { Io } from "../io.js";
import { printHelp, printJson, shortKeyid } from "../output.js";
import { KEY_ENV, loadSigner } from "../signing-key.js";

export const trustHelp = `Usage: shoulders trust <add|revoke|link|rotate|list> [options]

Decides who may sign. Every change is a key statement in the log, signed by the log key
(--key FILE or $${KEY_ENV}), so nobody can change who signs without a signed trace.

  trust add --public-key B64 --identity ID [--role R]...
      let a contributor's key sign; ID is github:LOGIN, github-id:N, hf:USER,
      email:ADDR, email-sha256:HEX or ci:OWNER/REPO; roles such as record, usage
  trust revoke KEYID [--compromised-since INDEX] [--reason TEXT]
      refuse the key's entries from now on; with --compromised-since, its entries from
      INDEX on are flagged COMPROMISED and left out of lineage and splits
  trust link ID ID...
      record that several identities are one party
  trust rotate --new-key FILE [--compromised-since INDEX]
      make FILE the log key. trust.json records the old key as retired at the current
      size: it still vouches for what it signed before, and for nothing after, even in
      a fork. With --compromised-since, its entries from INDEX on are flagged COMPROMISED
  trust list [--json]
      the log keys and every declared signer, with their state`;

export async function trust(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "add":
      return add(rest, io);
    case "revoke":
      return revoke(rest, io);
    case "link":
      return link(rest, io);
    case "rotate":
      return rotate(rest, io);
    case "list":
      return list(rest, io);
    case undefined:
    case "--help":
    case "-h":
      io.stdout(`${trustHelp}\n`);
      return sub === undefined ? 2 : 0;
    default:
      throw new ShouldersError("USAGE", `trust: unknown subcommand "${sub}" (add, revoke, link, rotate or list)`);
  }
}

async function add(argv: string[], io: Io): Promise<number> {
  const { values } = parse("trust add", argv, {
    key: { type: "string" },
    "public-key": { type: "string" },
    identity: { type: "string" },
    role: { type: "string", multiple: true },
  });
  if (values.help) return printHelp(io, trustHelp);
  if (values["public-key"] === undefined || values.identity === undefined) {
    throw new ShouldersError("USAGE", "trust add: --public-key B64 and --identity ID are required");
  }
  const identity = normaliseIdentity(values.identity);
  if (!isIdentity(identity)) {
    throw new ShouldersError("BAD_ARGUMENT", `"${values.identity}" is not an identity such as github:alice or hf:alice`);
  }
  const publicKey = fromBase64(values["public-key"], "--public-key", "KEY_INVALID");
  const signer = loadSigner(io, values.key);
  const result = await openAttributionLedger(ledgerDir(io, values.dir)).addSigner(signer, {
    publicKey,
    identity,
    roles: values.role ?? [],
  });
  if (values.json) return printJson(io, { keyid: result.keyid, index: result.firstIndex, treeSize: result.checkpoint.size });
  io.stdout(`Added key ${shortKeyid(result.keyid)} for ${values.identity} at entry ${result.firstIndex}.\n`);
  return 0;
}

async function revoke(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "trust revoke",
    argv,
    { key: { type: "string" }, "compromised-since": { type: "string" }, reason: { type: "string" } },
    { min: 1, max: 1 },
  );
  if (values.help) return printHelp(io, trustHelp);
  const keyid = positionals[0] as string;
  if (!/^[0-9a-f]{64}$/.test(keyid))
    throw new ShouldersError("BAD_ARGUMENT", "KEYID must be 64 lowercase hex characters (see shoulders trust list)");
  const since = values["compromised-since"];
  const compromisedSince = since === undefined ? undefined : parseIndex(since, "--compromised-since");
  const signer = loadSigner(io, values.key);
  const result = await openAttributionLedger(ledgerDir(io, values.dir)).revokeSigner(signer, {
    keyid,
    reason: values.reason ?? (compromisedSince === undefined ? "revoked" : "compromised"),
    ...(compromisedSince === undefined ? {} : { compromisedSince }),
  });
  if (values.json) return printJson(io, { keyid, index: result.firstIndex, treeSize: result.checkpoint.size, compromisedSince });
  const flagged = compromisedSince === undefined ? "" : `; its entries from ${compromisedSince} on are flagged COMPROMISED`;
  io.stdout(`Revoked key ${shortKeyid(keyid)} at entry ${result.firstIndex}${flagged}.\n`);
  return 0;
}

async function link(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("trust link", argv, { key: { type: "string" } }, { min: 2, max: 32 });
  if (values.help) return printHelp(io, trustHelp);
  const identities = positionals.map(normaliseIdentity);
  for (const [position, identity] of identities.entries()) {
    if (!isIdentity(identity)) {
      throw new ShouldersError(
        "BAD_ARGUMENT",
        `"${positionals[position]}" is not an identity such as github:alice or email:alice@example.org`,
      );
    }
  }
  const signer = loadSigner(io, values.key);
  const result = await openAttributionLedger(ledgerDir(io, values.dir)).linkIdentities(signer, identities);
  if (values.json) return printJson(io, { identities, index: result.firstIndex, treeSize: result.checkpoint.size });
  io.stdout(`Linked ${identities.join(", ")} as one party at entry ${result.firstIndex}.\n`);
  return 0;
}

async function rotate(argv: string[], io: Io): Promise<number> {
  const { values } = parse("trust rotate", argv, {
    key: { type: "string" },
    "new-key": { type: "string" },
    "compromised-since": { type: "string" },
  });
  if (values.help) return printHelp(io, trustHelp);
  if (values["new-key"] === undefined)
    throw new ShouldersError("USAGE", "trust rotate: --new-key FILE is required (create it with shoulders keygen)");
  const since = values["compromised-since"];
  const oldSigner = loadSigner(io, values.key);
  const newSigner = loadSigner(io, resolve(io.cwd, values["new-key"]));
  const result = await openAttributionLedger(ledgerDir(io, values.dir)).rotate(oldSigner, newSigner, {
    ...(since === undefined ? {} : { compromisedSince: parseIndex(since, "--compromised-since") }),
  });
  if (values.json) return printJson(io, { keyid: result.keyid, verifierKey: result.verifierKey, retiredAt: result.retiredAt });
  io.stdout(
    `The log key is now ${shortKeyid(result.keyid)}; trust.json records the old key as rotated out at entry ${result.retiredAt}.\n`,
  );
  io.stdout(
    `Commit .attribution/, and update the ${KEY_ENV} secret to the new key. Witnesses that follow this log need the new verifier key:\n  ${result.verifierKey}\n`,
  );
  return 0;
}

async function list(argv: string[], io: Io): Promise<number> {
  const { values } = parse("trust list", argv, {});
  if (values.help) return printHelp(io, trustHelp);
  const layout = layoutOf(ledgerDir(io, values.dir));
  const trustFile = readTrust(layout);
  const registry = replayRegistry(layout, trustFile);
  const keys = registry.list().map((key) => ({
    keyid: key.keyid,
    publicKey: toBase64(key.publicKey),
    identity: key.isLogKey ? `log:${trustFile.origin}` : key.identity,
    roles: key.roles,
    addedAt: key.isLogKey ? null : key.addedAt,
    revokedAt: key.revokedAt ?? null,
    retiredAt: key.retiredAt ?? null,
    compromisedSince: key.compromisedSince ?? null,
    state:
      key.revokedAt === undefined && key.retiredAt === undefined
        ? "active"
        : key.compromisedSince !== undefined
          ? "compromised"
          : key.retiredAt !== undefined
            ? "retired"
            : "revoked",
  }));
  if (values.json) return printJson(io, { origin: trustFile.origin, keys });
  io.stdout(`Signers of ${trustFile.origin}:\n`);
  for (const key of keys) {
    const since = key.addedAt === null ? "trust.json" : `entry ${key.addedAt}`;
    const roles = key.roles.length > 0 ? ` [${key.roles.join(", ")}]` : "";
    io.stdout(`  ${shortKeyid(key.keyid)}  ${key.state.padEnd(11)} ${key.identity}${roles}, since ${since}\n`);
  }
  return 0;
}

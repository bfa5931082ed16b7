import { ACCEPTANCE_PREDICATE_TYPE, AcceptancePredicateSchema, checkLicenses, openAttributionLedger } from "@shoulders/attribution";
import { ShouldersError, STATEMENT_TYPE, type Statement } from "@shoulders/ledger";
import { CONFLICT_CODES, licenseAtAGlance, parseLicense, termsOf } from "@shoulders/license";
import { ledgerDir, parse } from "../args.js";
import { describeSubmit, loadIndex } from "../attribution.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";
import { KEY_ENV, loadSigner } from "../signing-key.js";

export const licenseHelp = `Usage: shoulders license <explain|check|accept> [options]

  license explain ID|EXPRESSION [--json]
      a license at a glance: what may be used, what may not, how, and at what price.
      Takes Hugging Face Hub ids (apache-2.0, llama3.1, cc-by-nc-4.0) and SPDX expressions
      ("MIT OR Apache-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0").
  license check [ID] [--training-not-adaptation] [--json]
      walks the ancestors (base models and datasets) of every released model, or of ID,
      and reports each conflict with its path and the rule it breaks. Exits 1 when any
      conflict is not accepted. Training is read as adapting its data (the cautious
      reading); --training-not-adaptation takes the other reading.
  license accept ARTIFACT --conflict CODE --reason TEXT [--ancestor ID]
      accepts a known conflict in a signed statement (key: --key FILE or $${KEY_ENV}); every
      later check and model card shows it.

To declare or change an artifact's license: shoulders record license ARTIFACT --license L.`;

export async function license(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "explain":
      return explain(rest, io);
    case "check":
      return check(rest, io);
    case "accept":
      return accept(rest, io);
    case undefined:
    case "--help":
    case "-h":
      printHelp(io, licenseHelp);
      return sub === undefined ? 2 : 0;
    default:
      throw new ShouldersError("USAGE", `license: unknown subcommand "${sub}" (explain, check or accept)`);
  }
}

async function explain(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("license explain", argv, {}, { min: 1, max: 1 });
  if (values.help) return printHelp(io, licenseHelp);
  const info = parseLicense(positionals[0] as string);
  const terms = termsOf(info);
  const glance = licenseAtAGlance(terms);
  if (values.json)
    return printJson(io, {
      license: info.spdx ?? info.hubId ?? info.input,
      hubId: info.hubId,
      spdx: info.spdx,
      review: info.review,
      terms,
      glance: glance.rows,
    });
  io.stdout(`${info.spdx ?? info.input}${info.hubId && info.hubId !== info.spdx ? ` (Hub id: ${info.hubId})` : ""}\n`);
  const width = Math.max(...glance.rows.map((row) => row.label.length));
  for (const row of glance.rows) io.stdout(`  ${row.label.padEnd(width)}  ${row.value}\n`);
  if (info.review) io.stdout("  This license needs a human read: some of its terms are not in the table.\n");
  return 0;
}

async function check(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("license check", argv, { "training-not-adaptation": { type: "boolean" } }, { min: 0, max: 1 });
  if (values.help) return printHelp(io, licenseHelp);
  const index = loadIndex(ledgerDir(io, values.dir));
  const results = checkLicenses(index, {
    ...(positionals[0] === undefined ? {} : { artifact: positionals[0] }),
    trainingIsAdaptation: values["training-not-adaptation"] !== true,
  });
  const open = results.flatMap((result) => result.report.conflicts.filter((conflict) => conflict.accepted === undefined));
  if (values.json) {
    printJson(io, { ok: open.length === 0, artifacts: results });
    return open.length === 0 ? 0 : 1;
  }
  if (results.length === 0) io.stdout("No released model in this ledger: nothing to check.\n");
  for (const { artifact, license: text, report } of results) {
    io.stdout(`${artifact} (${text}): ${report.conflicts.length === 0 ? "no conflict" : `${report.conflicts.length} conflict(s)`}\n`);
    for (const conflict of report.conflicts) {
      const state = conflict.accepted === undefined ? "CONFLICT" : `accepted (${conflict.accepted.reason ?? "no reason given"})`;
      io.stdout(
        `  ${state} ${conflict.code}: ${conflict.path.join(" → ")}\n    ${conflict.rule} [${conflict.inputLicense} → ${conflict.outputLicense}]\n`,
      );
      if (conflict.cautious) io.stdout(`    cautious reading: ${conflict.cautious}\n`);
    }
    for (const obligation of report.obligations.filter((item) => item.binding))
      io.stdout(`  obligation ${obligation.code}: ${obligation.text} (from ${obligation.ancestor})\n`);
    for (const line of report.review) io.stdout(`  review: ${line}\n`);
  }
  if (open.length > 0) {
    const first = open[0] as (typeof open)[number];
    io.stderr(
      `LICENSE_CONFLICT: ${open.length} conflict(s), first ${first.code} via ${first.path.join(" → ")}; fix the license, or accept it: shoulders license accept ${first.path[0]} --conflict ${first.code} --reason TEXT\n`,
    );
    return 1;
  }
  return 0;
}

async function accept(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "license accept",
    argv,
    { key: { type: "string" }, conflict: { type: "string" }, reason: { type: "string" }, ancestor: { type: "string" } },
    { min: 1, max: 1 },
  );
  if (values.help) return printHelp(io, licenseHelp);
  if (values.conflict === undefined || values.reason === undefined)
    throw new ShouldersError("USAGE", "license accept: --conflict CODE and --reason TEXT are required");
  if (!(CONFLICT_CODES as readonly string[]).includes(values.conflict)) {
    throw new ShouldersError("BAD_ARGUMENT", `--conflict ${values.conflict} is not a conflict code (${CONFLICT_CODES.join(", ")})`);
  }
  const artifact = positionals[0] as string;
  const dir = ledgerDir(io, values.dir);
  const signer = loadSigner(io, values.key);
  const release = loadIndex(dir).release(artifact);
  const predicate = AcceptancePredicateSchema.parse({
    artifact,
    conflict: values.conflict,
    reason: values.reason,
    ...(values.ancestor === undefined ? {} : { ancestor: values.ancestor }),
  });
  const statement: Statement = {
    _type: STATEMENT_TYPE,
    subject: [{ name: `model:${artifact}`, digest: { sha256: release.predicate.manifest } }],
    predicateType: ACCEPTANCE_PREDICATE_TYPE,
    predicate,
  };
  const result = await openAttributionLedger(dir).submit([statement], signer);
  if (values.json) return printJson(io, { recorded: true, predicate, ...result });
  describeSubmit(io, result, `the acceptance of ${values.conflict} for ${artifact}`);
  return 0;
}

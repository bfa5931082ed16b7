import { checkLicenses, unacceptedConflicts } from "@shoulders/attribution";
import { ledgerDir, parse } from "../../args.js";
import { loadIndex } from "../../attribution.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson } from "../../output.js";

export const licenseCheck: Subcommand = {
  usage: "license check [ID] [--training-not-adaptation] [--json]",
  about: `walks the ancestors (base models and datasets) of every released model, or of ID,
and reports each conflict with its path and the rule it breaks. Exits 1 when any
conflict is not accepted. Training is read as adapting its data (the cautious
reading); --training-not-adaptation takes the other reading.`,
  async run(argv, io, help) {
    const { values, positionals } = parse("license check", argv, { "training-not-adaptation": { type: "boolean" } }, { min: 0, max: 1 });
    if (values.help) return printHelp(io, help);
    const results = checkLicenses(loadIndex(ledgerDir(io, values.dir)), {
      ...(positionals[0] === undefined ? {} : { artifact: positionals[0] }),
      trainingIsAdaptation: values["training-not-adaptation"] !== true,
    });
    const open = unacceptedConflicts(results);
    if (values.json) {
      printJson(io, { ok: open.length === 0, artifacts: results });
      return open.length === 0 ? 0 : 1;
    }
    if (results.length === 0) io.stdout("No released model in this ledger: nothing to check.\n");
    for (const { artifact, license, report } of results) {
      io.stdout(`${artifact} (${license}): ${report.conflicts.length === 0 ? "no conflict" : `${report.conflicts.length} conflict(s)`}\n`);
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
    const [first] = open;
    if (first === undefined) return 0;
    io.stderr(
      `LICENSE_CONFLICT: ${open.length} conflict(s), first ${first.code} via ${first.path.join(" → ")}; fix the license, or accept it: shoulders license accept ${first.path[0]} --conflict ${first.code} --reason TEXT\n`,
    );
    return 1;
  },
};

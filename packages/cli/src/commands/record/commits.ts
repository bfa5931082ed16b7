import { cappedMessage, commitStatements, nonCodePaths, openAttributionLedger, plural, workTreeOf } from "@shoulders/attribution";
import { layoutOf, readTrust } from "@shoulders/ledger";
import { ledgerDir, parse } from "../../args.js";
import { describeSubmit, loadIndex } from "../../attribution.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson } from "../../output.js";
import { loadSigner } from "../../signing-key.js";

export const recordCommits: Subcommand = {
  usage: "record commits [REV_RANGE] [--hash-emails]",
  about: `every reachable commit (or those in REV_RANGE, e.g. v1..HEAD) not yet recorded:
author, co-authors (at most 16, sharing the commit's credit), committer, times, parents,
change stats, sign-offs. Commits that only touch the ledger or the dataset folders of
.attribution/config.yaml are marked: they earn no code credit.
--hash-emails records email-sha256: identities instead of addresses.`,
  async run(argv, io, help) {
    const { values, positionals } = parse(
      "record commits",
      argv,
      { key: { type: "string" }, "hash-emails": { type: "boolean" } },
      { min: 0, max: 1 },
    );
    if (values.help) return printHelp(io, help);
    const dir = ledgerDir(io, values.dir);
    const signer = loadSigner(io, values.key);
    const repoDir = workTreeOf(dir);
    const index = loadIndex(dir);
    const built = await commitStatements({
      repoDir,
      ...(positionals[0] === undefined ? {} : { range: positionals[0] }),
      origin: readTrust(layoutOf(dir)).origin,
      recorded: new Set(index.commits.keys()),
      paths: nonCodePaths(repoDir, dir),
      hashEmails: values["hash-emails"] === true,
    });
    for (const capped of built.capped) io.stderr(`warning: ${cappedMessage(capped)}\n`);
    if (built.statements.length === 0) {
      if (values.json) return printJson(io, { recorded: 0, alreadyRecorded: index.commits.size });
      io.stdout(`Nothing new: every commit in range is recorded (${index.commits.size} in the ledger).\n`);
      return 0;
    }
    const result = await openAttributionLedger(dir).submit(built.statements, signer);
    if (values.json)
      return printJson(io, {
        recorded: built.commits,
        ledgerOnly: built.ledgerOnly,
        dataOnly: built.dataOnly,
        statements: built.statements.length,
        ...result,
      });
    const kinds = [
      ...(built.ledgerOnly > 0 ? [`${built.ledgerOnly} of them ledger-only, credited to nobody`] : []),
      ...(built.dataOnly > 0 ? [`${built.dataOnly} data-only, credited through their dataset`] : []),
    ];
    const bookkeeping = kinds.length > 0 ? ` (${kinds.join("; ")})` : "";
    describeSubmit(io, result, `${plural(built.commits, "commit")}${bookkeeping}`);
    return 0;
  },
};

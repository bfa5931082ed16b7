import {
  ownerParty,
  parseAmount,
  parsePeriod,
  splitCsv,
  splitDrips,
  splitMarkdown,
  splitPoliciesText,
  splitReleasesText,
  splitRevenue,
} from "@shoulders/attribution";
import { layoutOf, readTrust, ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse } from "../args.js";
import { loadIndex } from "../attribution.js";
import type { Command } from "../command.js";
import type { Io } from "../io.js";
import { printHelp, printJson } from "../output.js";

const HELP = `Usage: shoulders split --artifact ID (--amount AMOUNT --currency CUR | --period START/END [--currency CUR] [--resplit])
                       [--json | --csv | --markdown | --drips] [--dir DIR]

Gives every party's payout from a model's income, computed exactly from the ledger:
shares flow up the lineage (trainer, code authors, dataset contributors by records ×
epochs, base models through their own policies), then the amount is divided in integer
minor units by largest remainder, so the payouts add up to the amount exactly. Each
payout says why, by its largest paths. The same ledger always gives the same output.

  --amount AMOUNT --currency CUR   split this amount, e.g. --amount 480.00 --currency USD
  --period START/END               split the revenue reported by usage receipts for these
                                   days (both included), e.g. 2026-11-01/2026-11-30. Each
                                   receipt is split by the policies in force for it (the
                                   latest recorded before the receipt, from a day on or
                                   before its period's start) through the releases in
                                   force for it (the latest recorded before it). A later
                                   policy or release never re-splits revenue already
                                   reported
  --resplit                        split the period under the latest policies and
                                   releases instead, and say so (what-if, or an agreed
                                   correction)
  --csv                            a CSV file for accountants
  --markdown                       a table with the reasons
  --drips                          a Drips-style split list (weights out of 1,000,000,
                                   at most 200 receivers; smaller parties merge into the
                                   ledger owner's entry, and are listed)

The output names the policy entries it used ("default policy" when a model has none) and
the release entries; --amount uses the latest policy and release of each model.`;

export const split: Command = {
  summary: "every party's payout from a model's income, exact and explained",
  flags: { period: "--period", amount: "--amount", currency: "--currency" },
  run,
};

async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse("split", argv, {
    artifact: { type: "string" },
    amount: { type: "string" },
    currency: { type: "string" },
    period: { type: "string" },
    csv: { type: "boolean" },
    markdown: { type: "boolean" },
    drips: { type: "boolean" },
    resplit: { type: "boolean" },
  });
  if (values.help) return printHelp(io, HELP);
  if (values.artifact === undefined) throw new ShouldersError("USAGE", "split: --artifact ID is required");
  if ((values.amount === undefined) === (values.period === undefined)) {
    throw new ShouldersError("USAGE", "split: pass either --amount AMOUNT --currency CUR, or --period START/END");
  }
  if (values.amount !== undefined && values.currency === undefined)
    throw new ShouldersError("USAGE", "split: --amount needs --currency, e.g. --currency USD");
  if (values.resplit && values.period === undefined)
    throw new ShouldersError("USAGE", "split: --resplit re-splits a --period; --amount always uses the latest policies and releases");
  const formats = [values.json, values.csv, values.markdown, values.drips].filter(Boolean).length;
  if (formats > 1) throw new ShouldersError("USAGE", "split: choose one of --json, --csv, --markdown and --drips");
  const dir = ledgerDir(io, values.dir);
  const owner = ownerParty(readTrust(layoutOf(dir)).origin);
  const request =
    values.amount !== undefined
      ? { artifact: values.artifact, owner, amount: parseAmount(values.amount, values.currency as string) }
      : {
          artifact: values.artifact,
          owner,
          period: parsePeriod(values.period as string),
          ...(values.currency === undefined ? {} : { currency: values.currency }),
          ...(values.resplit ? { resplit: true } : {}),
        };
  const result = splitRevenue(loadIndex(dir), request);
  for (const flag of result.flags) io.stderr(`warning ${flag.code}: ${flag.message}\n`);
  if (values.json) return printJson(io, result);
  if (values.drips) return printJson(io, splitDrips(result, owner));
  if (values.csv || values.markdown) {
    io.stdout(values.csv ? splitCsv(result) : splitMarkdown(result));
    return 0;
  }
  const period = result.period === undefined ? "" : ` for ${result.period.start}/${result.period.end}`;
  io.stdout(`${result.artifact}: ${result.amount} ${result.currency}${period}\n`);
  const resplit = result.resplit ? " (--resplit)" : "";
  io.stdout(`${splitPoliciesText(result)}${resplit}\n${splitReleasesText(result)}${resplit}\n`);
  const width = Math.max(...result.payouts.map((payout) => payout.party.length), 5);
  for (const payout of result.payouts) {
    io.stdout(`  ${payout.party.padEnd(width)}  ${payout.amount.padStart(12)} ${result.currency}  ${payout.share.padStart(9)}\n`);
    for (const path of payout.paths) io.stdout(`  ${" ".repeat(width)}    ${path.share}: ${path.steps.join(" → ")}\n`);
  }
  return 0;
}

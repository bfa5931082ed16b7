import { openAttributionLedger, ownerParty, parseAmount, parsePeriod, usageReporter, usageStatement } from "@shoulders/attribution";
import { layoutOf, readTrust, ShouldersError } from "@shoulders/ledger";
import { ledgerDir, parse, parseIndex } from "../../args.js";
import { describeSubmit, loadIndex } from "../../attribution.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson } from "../../output.js";
import { loadSigner } from "../../signing-key.js";

export const recordUsage: Subcommand = {
  usage: `record usage --artifact ID --uses N [--revenue AMOUNT --currency CUR] --period START/END
             [--reporter IDENTITY] [--supersedes INDEX]`,
  about: `a usage receipt: runs and revenue for a period (days, both included), signed by
your key, which needs the usage role (shoulders trust add ... --role usage) unless
it is a log key. The reporter is your key's identity; --reporter only checks it. A
period overlapping your earlier receipt is refused unless --supersedes names the
receipt it corrects.`,
  flags: { period: "--period", supersedes: "--supersedes", reporter: "--reporter" },
  async run(argv, io, help) {
    const { values } = parse("record usage", argv, {
      key: { type: "string" },
      artifact: { type: "string" },
      uses: { type: "string" },
      revenue: { type: "string" },
      currency: { type: "string" },
      period: { type: "string" },
      reporter: { type: "string" },
      supersedes: { type: "string" },
    });
    if (values.help) return printHelp(io, help);
    if (values.artifact === undefined || values.uses === undefined || values.period === undefined) {
      throw new ShouldersError("USAGE", "record usage: --artifact ID, --uses N and --period START/END are required");
    }
    if ((values.revenue === undefined) !== (values.currency === undefined)) {
      throw new ShouldersError("USAGE", "record usage: --revenue and --currency go together, e.g. --revenue 480.00 --currency USD");
    }
    const uses = parseIndex(values.uses, "--uses");
    const period = parsePeriod(values.period);
    const revenue = values.revenue === undefined ? undefined : parseAmount(values.revenue, values.currency as string);
    const supersedes = values.supersedes === undefined ? undefined : parseIndex(values.supersedes, "--supersedes");
    const dir = ledgerDir(io, values.dir);
    const signer = loadSigner(io, values.key);
    const index = loadIndex(dir);
    const owner = ownerParty(readTrust(layoutOf(dir)).origin);
    const reporter = usageReporter({
      index,
      keyid: signer.keyid,
      owner,
      ...(values.reporter === undefined ? {} : { claimed: values.reporter }),
    });
    const statement = usageStatement({
      artifact: values.artifact,
      uses,
      ...(revenue === undefined ? {} : { revenue }),
      period,
      ...(supersedes === undefined ? {} : { supersedes }),
      reporter,
      owner,
      index,
    });
    const result = await openAttributionLedger(dir).submit([statement], signer);
    if (values.json) return printJson(io, { recorded: true, reporter, predicate: statement.predicate, ...result });
    const money = revenue === undefined ? "" : ` and ${values.revenue} ${values.currency}`;
    describeSubmit(io, result, `${uses} uses${money} of ${values.artifact} for ${period.start}/${period.end}, reported by ${reporter}`);
    return 0;
  },
};

import { licenseAtAGlance, parseLicense, termsOf } from "@shoulders/license";
import { parse } from "../../args.js";
import type { Subcommand } from "../../command.js";
import { printHelp, printJson } from "../../output.js";

export const licenseExplain: Subcommand = {
  usage: "license explain ID|EXPRESSION [--json]",
  about: `a license at a glance: what may be used, what may not, how, and at what price.
Takes Hugging Face Hub ids (apache-2.0, llama3.1, cc-by-nc-4.0) and SPDX expressions
("MIT OR Apache-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0").`,
  async run(argv, io, help) {
    const { values, positionals } = parse("license explain", argv, {}, { min: 1, max: 1 });
    if (values.help) return printHelp(io, help);
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
  },
};

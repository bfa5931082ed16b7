import { parseTrust, ShouldersError, type Trust } from "@shoulders/ledger";

/**
 * The logs a witness follows, from their trust.json files, one per origin: two roots for one origin would make the
 * witness's answer depend on which it read, and a witness must answer one history per log (C2SP tlog-witness).
 */
export function followedLogs(files: readonly { bytes: Uint8Array; name: string }[]): Trust[] {
  const logs = files.map((file) => parseTrust(file.bytes, file.name));
  const seen = new Set<string>();
  for (const log of logs) {
    if (seen.has(log.origin)) throw new ShouldersError("BAD_ARGUMENT", `two of the \`logs\` name the same origin, ${log.origin}`);
    seen.add(log.origin);
  }
  return logs;
}

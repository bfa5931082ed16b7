import { formatTrust, formatVerifierKey, parseVerifierKey, publicKeyFromSecret } from "@shoulders/ledger";
import { describe, expect, it } from "vitest";
import { followedLogs } from "./followed-logs.js";
import { logKey, origin } from "./test-log.fixture.js";

const trustOf = (name: string) => {
  const key = parseVerifierKey(formatVerifierKey(name, publicKeyFromSecret(new Uint8Array(32).fill(3))));
  return Buffer.from(formatTrust({ origin: name, verifierKeys: [key] }));
};

describe("followedLogs", () => {
  it("reads each trust.json, one log per origin", () => {
    const logs = followedLogs([
      { bytes: Buffer.from(formatTrust({ origin, verifierKeys: [logKey] })), name: "a.json" },
      { bytes: trustOf("example.org/other"), name: "b.json" },
    ]);
    expect(logs.map((log) => log.origin)).toEqual([origin, "example.org/other"]);
  });

  it("refuses two roots for one origin, which would make the witness's answer depend on the one it read", () => {
    expect(() =>
      followedLogs([
        { bytes: trustOf("example.org/x"), name: "a.json" },
        { bytes: trustOf("example.org/x"), name: "b.json" },
      ]),
    ).toThrow(expect.objectContaining({ code: "BAD_ARGUMENT", message: "two of the `logs` name the same origin, example.org/x" }));
  });

  it("names the file that is no trust.json", () => {
    expect(() => followedLogs([{ bytes: Buffer.from("{}"), name: "broken.json" }])).toThrow(
      expect.objectContaining({ code: "TRUST_INVALID", message: expect.stringContaining("broken.json") }),
    );
  });
});

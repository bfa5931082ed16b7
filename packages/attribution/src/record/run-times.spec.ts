import { describe, expect, it } from "vitest";
import { runTimes } from "./run-times.js";

const now = new Date("2026-11-03T10:20:30.456Z");

describe("runTimes", () => {
  it("finishes now, to the second, and starts when it finished, unless told", () => {
    expect(runTimes({}, now)).toEqual({ startedOn: "2026-11-03T10:20:30Z", finishedOn: "2026-11-03T10:20:30Z" });
    expect(runTimes({ startedOn: "2026-11-01" }, now)).toEqual({ startedOn: "2026-11-01T00:00:00Z", finishedOn: "2026-11-03T10:20:30Z" });
  });

  it("reads days and times with an offset, in UTC", () => {
    expect(runTimes({ startedOn: "2026-11-03T10:00+02:00", finishedOn: "2026-11-03T10:00:00.5Z" }, now)).toEqual({
      startedOn: "2026-11-03T08:00:00Z",
      finishedOn: "2026-11-03T10:00:00.500Z",
    });
  });

  it.each(["yesterday", "2026-11-03T10:00", "2026-13-01", "3 Nov 2026", ""])("refuses %j, naming the field", (text) => {
    expect(() => runTimes({ finishedOn: text }, now)).toThrow(
      expect.objectContaining({
        code: "BAD_ARGUMENT",
        message: `\`finishedOn\` must be a date or time such as 2026-11-03 or 2026-11-03T10:00:00Z, not "${text}"`,
      }),
    );
  });
});

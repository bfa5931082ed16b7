import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeZodError } from "./describe-zod-error.js";

const errorOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected a zod error");
  return result.error;
};

describe("describeZodError", () => {
  const schema = z.strictObject({ list: z.array(z.strictObject({ id: z.string().regex(/^a+$/, "must be a's") })) });

  it("names the path of the first issue", () => {
    expect(describeZodError(errorOf(schema, { list: [{ id: "a" }, { id: "b" }] }), "thing")).toBe("thing list[1].id: must be a's");
    expect(describeZodError(errorOf(schema, 5), "thing")).toMatch(/^thing: /);
  });

  it("quotes member names that are not identifiers", () => {
    const record = z.record(z.string(), z.number());
    expect(describeZodError(errorOf(record, { "a b": "x" }), "thing")).toMatch(/^thing \["a b"\]: /);
  });

  it("keeps attacker text on one short line", () => {
    const message = describeZodError(errorOf(schema, { list: [], ["x\n\r\u2028\u0000".repeat(100)]: 1 }), "thing");
    expect(message).not.toMatch(/[\n\r\u2028]/);
    expect(message).not.toContain("\u0000");
    expect(message.length).toBeLessThanOrEqual(201);
    expect(message.endsWith("…")).toBe(true);
  });
});

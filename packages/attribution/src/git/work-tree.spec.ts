import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { workTreeOf } from "./work-tree.js";

const root = realpathSync(mkdtempSync(join(tmpdir(), "shoulders-work-tree-")));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("workTreeOf", () => {
  it("is the top of the work tree, from any folder in it", () => {
    const clone = join(root, "clone");
    execFileSync("git", ["init", "-q", clone]);
    mkdirSync(join(clone, "a", "b"), { recursive: true });
    expect(workTreeOf(join(clone, "a", "b"))).toBe(clone);
  });

  it("refuses a folder outside any repository, and a bare repository, which has no work tree", () => {
    const plain = join(root, "plain");
    mkdirSync(plain);
    const bare = join(root, "bare.git");
    execFileSync("git", ["init", "-q", "--bare", bare]);
    for (const dir of [plain, bare]) {
      expect(() => workTreeOf(dir)).toThrow(
        expect.objectContaining({
          code: "NOT_A_GIT_REPOSITORY",
          message: `${dir} is not inside a git repository; run the command in your clone or pass \`dir\``,
        }),
      );
    }
  });
});

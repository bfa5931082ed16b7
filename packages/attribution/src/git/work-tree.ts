import { ShouldersError } from "@shoulders/ledger";
import { gitTopLevel } from "./head-commit.js";

/** The top of the work tree `dir` is in, for work that needs a clone (recording its commits), or NOT_A_GIT_REPOSITORY. */
export function workTreeOf(dir: string): string {
  const top = gitTopLevel(dir);
  if (top === undefined) {
    throw new ShouldersError(
      "NOT_A_GIT_REPOSITORY",
      `${dir} is not inside a git repository; run the command in your clone or pass \`dir\``,
    );
  }
  return top;
}

import { execFileSync } from "node:child_process";

const { hashDirectory } = await import(new URL("./hash/index.js", import.meta.resolve("@shoulders/attribution")));
const o = [],
  h = [];
for (let r = 0; r < 9; r++) {
  let t = performance.now();
  execFileSync("openssl", ["dgst", "-sha256", "/tmp/hb/f1.bin", "/tmp/hb/f2.bin", "/tmp/hb/f3.bin", "/tmp/hb/f4.bin"]);
  o.push(performance.now() - t);
  t = performance.now();
  await hashDirectory("/tmp/hb");
  h.push(performance.now() - t);
}
console.log("openssl", o.map((x) => x.toFixed(0)).join(" "));
console.log("ours   ", h.map((x) => x.toFixed(0)).join(" "));

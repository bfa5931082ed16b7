/** The fake Hub must behave like the Hub for the real client, or every other test here proves nothing. */

import { describe, expect, it } from "vitest";
import { READ_TOKEN, sha256, WRITE_TOKEN } from "../support/fake-hub.js";
import { fakeHub } from "./helpers.js";
import { downloadFile, fileDownloadInfo, type HubApiError, listFiles, modelInfo, uploadFiles } from "./hub-client.js";

describe("the fake Hub, driven by @huggingface/hub", () => {
  it("pages a tree listing through the Link header", async () => {
    const hub = await fakeHub();
    hub.createRepo("dataset", "acme/rows", {
      "a.jsonl": "1\n",
      "b/c.jsonl": "2\n",
      "b/d.csv": "h\n3\n",
      "e.parquet": { content: "big", lfs: true },
    });
    const entries = [];
    for await (const entry of listFiles({ repo: { type: "dataset", name: "acme/rows" }, recursive: true, hubUrl: hub.url }))
      entries.push(entry);
    expect(entries.filter((entry) => entry.type === "file").map((entry) => entry.path)).toEqual([
      ".gitattributes",
      "a.jsonl",
      "b/c.jsonl",
      "b/d.csv",
      "e.parquet",
    ]);
    expect(entries.find((entry) => entry.path === "e.parquet")?.lfs).toEqual({
      oid: sha256("big"),
      size: 3,
      pointerSize: expect.any(Number),
    });
    expect(hub.requestsTo(/\/tree\//).length).toBeGreaterThanOrEqual(3);
    expect(hub.requestsTo(/\/tree\//).some((request) => request.query.includes("cursor="))).toBe(true);
  });

  it("takes a regular and an LFS file in one commit, and serves them back with Range", async () => {
    const hub = await fakeHub();
    hub.createRepo("model", "acme/m");
    const weights = Buffer.alloc(3000, 7);
    const output = await uploadFiles({
      repo: "acme/m",
      files: [
        { path: "model.safetensors", content: new Blob([weights]) },
        { path: "config.json", content: new Blob(["{}"]) },
      ],
      hubUrl: hub.url,
      accessToken: WRITE_TOKEN,
      useXet: false,
    });
    expect(output?.commit.oid).toBe(hub.head("model", "acme/m"));
    expect(hub.requestsTo(/^\/lfs-upload\//, "PUT")).toHaveLength(1);
    expect(hub.requestsTo(/\/commit\//, "POST")).toHaveLength(1);
    expect(hub.lfsPaths("model", "acme/m")).toEqual(["model.safetensors"]);
    const info = await fileDownloadInfo({ repo: "acme/m", path: "model.safetensors", hubUrl: hub.url });
    expect(info).toMatchObject({ size: 3000, etag: `"${sha256(weights)}"` });
    const blob = await downloadFile({ repo: "acme/m", path: "config.json", hubUrl: hub.url, xet: false });
    expect(await blob?.text()).toBe("{}");
    expect(await downloadFile({ repo: "acme/m", path: "missing.txt", hubUrl: hub.url, xet: false })).toBeNull();
    const card = await modelInfo({ name: "acme/m", hubUrl: hub.url, additionalFields: ["sha"] });
    expect(card.sha).toBe(output?.commit.oid);
  });

  it("answers 401, 403 and 404 as the Hub does", async () => {
    const hub = await fakeHub();
    hub.createRepo("model", "acme/m");
    const attempt = (accessToken: string | undefined, repo = "acme/m") =>
      uploadFiles({
        repo,
        files: [{ path: "a.txt", content: new Blob(["a"]) }],
        hubUrl: hub.url,
        ...(accessToken ? { accessToken } : {}),
      }).catch((error: HubApiError) => error.statusCode);
    expect(await attempt(undefined)).toBe(401);
    expect(await attempt("hf_unknown")).toBe(401);
    expect(await attempt(READ_TOKEN)).toBe(403);
    expect(await attempt(WRITE_TOKEN, "acme/nope")).toBe(404);
    expect(hub.commitCount("model", "acme/m")).toBe(1);
  });
});

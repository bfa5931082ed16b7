/**
 * An in-memory Hugging Face Hub on 127.0.0.1, so tests run the real @huggingface/hub client against real HTTP.
 * It answers the endpoints the client calls, as the Hub documents them (https://huggingface.co/docs/hub/api,
 * https://huggingface.co/docs/huggingface_hub/package_reference/hf_api) and as git-lfs specifies its batch API
 * (https://github.com/git-lfs/git-lfs/blob/main/docs/api/batch.md):
 *
 *   GET  /api/{models|datasets}/ORG/NAME[/revision/REV]         repo info: id, sha, cardData (README front matter), siblings
 *   GET  /api/{models|datasets}/ORG/NAME/tree/REV[/PATH]        listing; ?recursive, paginated by ?cursor with
 *                                                                `Link: <…>; rel="next"` (pageSize entries a page)
 *   POST /api/{models|datasets}/ORG/NAME/preupload/REV          which files go to LFS ("lfs") or inline ("regular")
 *   POST [/datasets]/ORG/NAME.git/info/lfs/objects/batch        LFS batch, "basic" transfer only (so never Xet)
 *   PUT  /lfs-upload/OID?token=…                                the upload href the batch hands out; checks sha256
 *   POST /api/{models|datasets}/ORG/NAME/commit/REV[?create_pr=1]  NDJSON header / file / lfsFile / deletedFile lines,
 *                                                                applied as ONE commit, or not at all
 *   GET  [/datasets]/ORG/NAME/resolve/REV/PATH                  content, with Range, ETag, X-Repo-Commit, X-Linked-Etag,
 *                                                                X-Linked-Size (LFS), X-Error-Code on 404
 *
 * Auth: `Authorization: Bearer hf_…`. Writes need a write token (401 without a known token, 403 with a read token);
 * reads of public repos need none, but an unknown token is 401 as on the Hub. A missing repo is 404 RepoNotFound.
 * Every request is logged (without the token), and `failNextCommit` drops the connection of the next commit request
 * before or after applying it, to play a network error halfway.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readCardMetadata } from "@shoulders/hf";

export const WRITE_TOKEN = "hf_fakehubwritetoken0000000000";
export const READ_TOKEN = "hf_fakehubreadtoken00000000000";

export type Kind = "model" | "dataset";
type StoredFile = { content: Buffer; lfs: boolean };
type Commit = { oid: string; parent: string | undefined; title: string; files: Map<string, StoredFile> };
type Repo = { kind: Kind; name: string; refs: Map<string, string>; commits: Map<string, Commit>; prs: number; private: boolean };
export type LoggedRequest = { method: string; path: string; query: string; auth: "none" | "read" | "write" | "invalid"; status: number };
export type FileSpec = string | Buffer | { content: string | Buffer; lfs: boolean };

const MAX_BODY = 256 * 1024 * 1024;
const DEFAULT_GITATTRIBUTES = "*.bin filter=lfs diff=lfs merge=lfs -text\n*.safetensors filter=lfs diff=lfs merge=lfs -text\n";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorCode?: string,
  ) {
    super(message);
  }
}

export class FakeHub {
  readonly requests: LoggedRequest[] = [];
  /** Entries per page of a tree listing: small, so that tests go through the pagination. */
  pageSize = 2;
  private readonly repos = new Map<string, Repo>();
  private readonly lfsStore = new Map<string, Buffer>();
  private readonly uploadTokens = new Map<string, string>();
  private readonly tokens = new Map<string, "read" | "write">([
    [WRITE_TOKEN, "write"],
    [READ_TOKEN, "read"],
  ]);
  private failCommit: "before-apply" | "after-apply" | undefined;
  private counter = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    /** Which uploads the Hub sends to LFS: by default *.bin and *.safetensors, and anything of 10 MiB or more. */
    readonly isLfs: (path: string, size: number) => boolean,
  ) {}

  static async start(options: { isLfs?: (path: string, size: number) => boolean } = {}): Promise<FakeHub> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const hub = new FakeHub(
      server,
      `http://127.0.0.1:${port}`,
      options.isLfs ?? ((path, size) => /\.(bin|safetensors)$/.test(path) || size >= 10 * 1024 * 1024),
    );
    server.on("request", (req, res) => void hub.handle(req, res));
    return hub;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Creates a repository whose main branch holds `files` (and the .gitattributes the Hub gives every new repo). */
  createRepo(kind: Kind, name: string, files: Record<string, FileSpec> = {}, options: { private?: boolean } = {}): string {
    const repo: Repo = { kind, name, refs: new Map(), commits: new Map(), prs: 0, private: options.private === true };
    this.repos.set(`${kind}:${name}`, repo);
    const initial = new Map<string, StoredFile>([[".gitattributes", { content: Buffer.from(DEFAULT_GITATTRIBUTES), lfs: false }]]);
    return this.addCommit(repo, "main", undefined, "initial commit", this.withFiles(initial, files));
  }

  /** Commits directly, as someone else pushing would: to change, add or delete files behind the client's back. */
  pushFiles(kind: Kind, name: string, files: Record<string, FileSpec>, deletes: string[] = [], branch = "main"): string {
    const repo = this.repo(kind, name);
    const head = this.commitOf(repo, branch);
    const next = this.withFiles(new Map(head.files), files);
    for (const path of deletes) next.delete(path);
    return this.addCommit(repo, branch, head.oid, "pushed by the test", next);
  }

  /** Points a tag (a ref that is not a branch) at a branch's head, as `v2` in story 3. */
  tag(kind: Kind, name: string, tag: string, branch = "main"): void {
    const repo = this.repo(kind, name);
    repo.refs.set(tag, this.commitOf(repo, branch).oid);
  }

  files(kind: Kind, name: string, revision = "main"): Map<string, Buffer> {
    const commit = this.commitOf(this.repo(kind, name), revision);
    return new Map([...commit.files].map(([path, file]) => [path, file.content]));
  }

  /** Paths stored in LFS at a revision. */
  lfsPaths(kind: Kind, name: string, revision = "main"): string[] {
    return [...this.commitOf(this.repo(kind, name), revision).files].filter(([, file]) => file.lfs).map(([path]) => path);
  }

  head(kind: Kind, name: string, branch = "main"): string {
    return this.commitOf(this.repo(kind, name), branch).oid;
  }

  commitCount(kind: Kind, name: string): number {
    return this.repo(kind, name).commits.size;
  }

  branches(kind: Kind, name: string): string[] {
    return [...this.repo(kind, name).refs.keys()];
  }

  /** The next commit request loses its connection, before or after the commit is applied. */
  failNextCommit(mode: "before-apply" | "after-apply"): void {
    this.failCommit = mode;
  }

  requestsTo(pattern: RegExp, method?: string): LoggedRequest[] {
    return this.requests.filter((request) => pattern.test(request.path) && (method === undefined || request.method === method));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const logged: LoggedRequest = { method: req.method ?? "GET", path: url.pathname, query: url.search, auth: this.authOf(req), status: 0 };
    this.requests.push(logged);
    try {
      if (logged.auth === "invalid") throw new HttpError(401, "Invalid credentials in Authorization header");
      await this.route(req, res, url, logged);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      logged.status = status;
      if (res.headersSent || res.destroyed) return;
      res.writeHead(status, {
        "Content-Type": "application/json",
        ...(error instanceof HttpError && error.errorCode ? { "X-Error-Code": error.errorCode } : {}),
      });
      res.end(JSON.stringify({ error: (error as Error).message }));
    }
    if (logged.status === 0) logged.status = res.statusCode;
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL, logged: LoggedRequest): Promise<void> {
    const method = req.method ?? "GET";
    const kind = (segment: string | undefined): Kind => (segment === "datasets" || segment === "datasets/" ? "dataset" : "model");
    const rev = (segment: string | undefined) => (segment ? decodeURIComponent(segment) : "main");
    // Method, path pattern and handler, tried in order: the Hub's paths as the client builds them.
    const routes: [string[], RegExp, (m: string[]) => void | Promise<void>][] = [
      [
        ["GET"],
        /^\/api\/(models|datasets)\/([^/]+\/[^/]+)(?:\/revision\/(.+))?$/,
        (m) => this.repoInfo(res, kind(m[1]), m[2] as string, rev(m[3]), logged),
      ],
      [
        ["GET"],
        /^\/api\/(models|datasets)\/([^/]+\/[^/]+)\/tree\/([^/]+)(?:\/(.*))?$/,
        (m) => this.tree(res, url, kind(m[1]), m[2] as string, rev(m[3]), m[4] ?? "", logged),
      ],
      [
        ["POST"],
        /^\/api\/(models|datasets)\/([^/]+\/[^/]+)\/preupload\/([^/]+)$/,
        (m) => this.preupload(req, res, kind(m[1]), m[2] as string, logged),
      ],
      [
        ["POST"],
        /^\/(datasets\/)?([^/]+\/[^/]+)\.git\/info\/lfs\/objects\/batch$/,
        (m) => this.lfsBatch(req, res, kind(m[1]), m[2] as string, logged),
      ],
      [["PUT"], /^\/lfs-upload\/([0-9a-f]{64})$/, (m) => this.lfsUpload(req, res, m[1] as string, url.searchParams.get("token") ?? "")],
      [
        ["POST"],
        /^\/api\/(models|datasets)\/([^/]+\/[^/]+)\/commit\/([^/]+)$/,
        (m) => this.commit(req, res, url, kind(m[1]), m[2] as string, rev(m[3]), logged),
      ],
      [
        ["GET", "HEAD"],
        /^\/(datasets\/)?([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/,
        (m) => this.resolve(req, res, kind(m[1]), m[2] as string, rev(m[3]), m[4] as string, logged),
      ],
    ];
    for (const [methods, pattern, handler] of routes) {
      const match = pattern.exec(url.pathname);
      if (match !== null && methods.includes(method)) return handler([...match].map((part) => part ?? ""));
    }
    throw new HttpError(404, `no route for ${method} ${url.pathname}`);
  }

  private repoInfo(res: ServerResponse, kind: Kind, name: string, revision: string, logged: LoggedRequest): void {
    const repo = this.readable(kind, name, logged);
    const commit = this.commitOf(repo, revision);
    const readme = commit.files.get("README.md");
    let cardData: Record<string, unknown> | undefined;
    try {
      cardData = readme === undefined ? undefined : readCardMetadata(readme.content.toString("utf8"));
    } catch {
      cardData = undefined;
    }
    json(res, 200, {
      _id: createHash("sha1").update(`${kind}:${name}`).digest("hex").slice(0, 24),
      id: name,
      sha: commit.oid,
      private: repo.private,
      gated: false,
      downloads: 0,
      likes: 0,
      lastModified: new Date(0).toISOString(),
      ...(cardData === undefined ? {} : { cardData }),
      siblings: [...commit.files.keys()].sort().map((rfilename) => ({ rfilename })),
    });
  }

  private tree(res: ServerResponse, url: URL, kind: Kind, name: string, revision: string, prefix: string, logged: LoggedRequest): void {
    const repo = this.readable(kind, name, logged);
    const commit = this.commitOf(repo, revision);
    const recursive = url.searchParams.get("recursive") === "true";
    const base = prefix === "" ? "" : `${decodeURIComponent(prefix).replace(/\/$/, "")}/`;
    const entries = new Map<string, object>();
    for (const [path, file] of commit.files) {
      if (!path.startsWith(base)) continue;
      const rest = path.slice(base.length).split("/");
      // Folders are listed as entries of their own, as on the Hub.
      for (let depth = 1; depth < rest.length && (recursive || depth === 1); depth++) {
        const folder = base + rest.slice(0, depth).join("/");
        entries.set(folder, { type: "directory", oid: sha1(folder), size: 0, path: folder });
      }
      if (!recursive && rest.length > 1) continue;
      entries.set(path, fileEntry(path, file));
    }
    const sorted = [...entries.keys()].sort().map((path) => entries.get(path));
    const cursor = Number(url.searchParams.get("cursor") ?? "0");
    const page = sorted.slice(cursor, cursor + this.pageSize);
    const headers: Record<string, string> = {};
    if (cursor + this.pageSize < sorted.length) {
      const next = new URL(url.href);
      next.searchParams.set("cursor", String(cursor + this.pageSize));
      headers.Link = `<${next.href}>; rel="next"`;
    }
    json(res, 200, page, headers);
  }

  private async preupload(req: IncomingMessage, res: ServerResponse, kind: Kind, name: string, logged: LoggedRequest): Promise<void> {
    this.writable(kind, name, logged);
    const body = JSON.parse((await readBody(req)).toString("utf8")) as { files: { path: string; size: number }[] };
    json(res, 200, {
      files: body.files.map((file) => ({
        path: file.path,
        uploadMode: this.isLfs(file.path, file.size) ? "lfs" : "regular",
        shouldIgnore: false,
      })),
    });
  }

  private async lfsBatch(req: IncomingMessage, res: ServerResponse, kind: Kind, name: string, logged: LoggedRequest): Promise<void> {
    this.writable(kind, name, logged);
    const body = JSON.parse((await readBody(req)).toString("utf8")) as { operation: string; objects: { oid: string; size: number }[] };
    if (body.operation !== "upload") throw new HttpError(400, "only uploads are supported");
    const objects = body.objects.map(({ oid, size }) => {
      if (this.lfsStore.has(oid)) return { oid, size, authenticated: true };
      const token = randomBytes(8).toString("hex");
      this.uploadTokens.set(oid, token);
      return { oid, size, authenticated: true, actions: { upload: { href: `${this.url}/lfs-upload/${oid}?token=${token}`, header: {} } } };
    });
    json(res, 200, { transfer: "basic", objects }, {}, "application/vnd.git-lfs+json");
  }

  private async lfsUpload(req: IncomingMessage, res: ServerResponse, oid: string, token: string): Promise<void> {
    if (this.uploadTokens.get(oid) !== token) throw new HttpError(403, "unknown upload");
    const content = await readBody(req);
    if (sha256(content) !== oid) throw new HttpError(400, "content does not match its oid");
    this.lfsStore.set(oid, content);
    this.uploadTokens.delete(oid);
    res.writeHead(200, { ETag: `"${oid}"` });
    res.end();
  }

  private async commit(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    kind: Kind,
    name: string,
    branch: string,
    logged: LoggedRequest,
  ): Promise<void> {
    const repo = this.writable(kind, name, logged);
    const lines = (await readBody(req))
      .toString("utf8")
      .split("\n")
      .filter((line) => line.trim() !== "");
    const fail = this.failCommit;
    this.failCommit = undefined;
    if (fail === "before-apply") {
      logged.status = -1;
      return void req.socket.destroy();
    }
    const head = this.commitOf(repo, branch);
    const files = new Map(head.files);
    let header: { summary?: string; parentCommit?: string } = {};
    for (const line of lines) {
      const { key, value } = JSON.parse(line) as { key: string; value: Record<string, unknown> };
      const path = String(value.path ?? "");
      if (key !== "header" && (path === "" || path.startsWith("/") || path.split("/").some((part) => part === ".." || part === ""))) {
        throw new HttpError(400, `invalid path ${path}`);
      }
      if (key === "header") header = value as typeof header;
      else if (key === "file") files.set(path, { content: Buffer.from(String(value.content), "base64"), lfs: false });
      else if (key === "deletedFile") files.delete(path);
      else if (key === "lfsFile") {
        const content = this.lfsStore.get(String(value.oid));
        if (content === undefined || content.length !== value.size)
          throw new HttpError(422, `LFS object ${String(value.oid)} was never uploaded`);
        files.set(path, { content, lfs: true });
        trackInGitattributes(files, path);
      } else throw new HttpError(400, `unknown commit line ${key}`);
    }
    const pr = url.searchParams.get("create_pr") === "1";
    if (!pr && header.parentCommit !== undefined && header.parentCommit !== head.oid) {
      throw new HttpError(412, "A commit has happened since. Please refresh and try again.");
    }
    const target = pr ? `refs/pr/${++repo.prs}` : branch;
    const oid = this.addCommit(repo, target, pr ? (header.parentCommit ?? head.oid) : head.oid, header.summary ?? "", files);
    if (fail === "after-apply") {
      logged.status = -1;
      return void req.socket.destroy();
    }
    json(res, 200, {
      success: true,
      commitOid: oid,
      commitUrl: `${this.url}/${kind === "dataset" ? "datasets/" : ""}${name}/commit/${oid}`,
      hookOutput: "",
      ...(pr ? { pullRequestUrl: `${this.url}/${name}/discussions/${repo.prs}` } : {}),
    });
  }

  private resolve(
    req: IncomingMessage,
    res: ServerResponse,
    kind: Kind,
    name: string,
    revision: string,
    rawPath: string,
    logged: LoggedRequest,
  ): void {
    const repo = this.readable(kind, name, logged);
    const commit = this.commitOf(repo, revision);
    const path = rawPath.split("/").map(decodeURIComponent).join("/");
    const file = commit.files.get(path);
    if (file === undefined) throw new HttpError(404, "Entry not found", "EntryNotFound");
    const total = file.content.length;
    const headers: Record<string, string> = {
      "Content-Type": "application/octet-stream",
      "Accept-Ranges": "bytes",
      ETag: `"${file.lfs ? sha256(file.content) : gitOid(file.content)}"`,
      "X-Repo-Commit": commit.oid,
      ...(file.lfs ? { "X-Linked-Etag": `"${sha256(file.content)}"`, "X-Linked-Size": String(total) } : {}),
    };
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ""));
    let body = file.content;
    let status = 200;
    if (range) {
      const start = Number(range[1]);
      const end = range[2] === "" ? total - 1 : Math.min(Number(range[2]), total - 1);
      if (start >= total && total > 0) throw new HttpError(416, "Range Not Satisfiable");
      body = file.content.subarray(start, end + 1);
      headers["Content-Range"] = `bytes ${start}-${Math.max(end, start)}/${total}`;
      status = 206;
    }
    headers["Content-Length"] = String(body.length);
    res.writeHead(status, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  }

  private authOf(req: IncomingMessage): LoggedRequest["auth"] {
    const header = req.headers.authorization;
    if (header === undefined) return "none";
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    return (token !== undefined && this.tokens.get(token)) || "invalid";
  }

  private readable(kind: Kind, name: string, logged: LoggedRequest): Repo {
    const repo = this.repos.get(`${kind}:${name}`);
    if (repo === undefined) throw new HttpError(404, "Repository not found", "RepoNotFound");
    if (repo.private && logged.auth === "none") throw new HttpError(401, "Repository not found", "RepoNotFound");
    return repo;
  }

  private writable(kind: Kind, name: string, logged: LoggedRequest): Repo {
    if (logged.auth === "none") throw new HttpError(401, "You must be authenticated to write");
    const repo = this.readable(kind, name, logged);
    if (logged.auth !== "write") throw new HttpError(403, "You don't have the rights to write to this repository");
    return repo;
  }

  private repo(kind: Kind, name: string): Repo {
    const repo = this.repos.get(`${kind}:${name}`);
    if (repo === undefined) throw new Error(`no ${kind} ${name} on the fake hub`);
    return repo;
  }

  private commitOf(repo: Repo, requested: string): Commit {
    // HEAD is the default branch, as the client asks when given no revision.
    const revision = requested === "HEAD" ? "main" : requested;
    const oid = repo.refs.get(revision) ?? (repo.commits.has(revision) ? revision : undefined);
    const commit = oid === undefined ? undefined : repo.commits.get(oid);
    if (commit === undefined) throw new HttpError(404, `Invalid rev id: ${revision}`, "RevisionNotFound");
    return commit;
  }

  private addCommit(repo: Repo, ref: string, parent: string | undefined, title: string, files: Map<string, StoredFile>): string {
    const oid = sha1(`${repo.name}\n${parent ?? ""}\n${title}\n${++this.counter}`);
    repo.commits.set(oid, { oid, parent, title, files });
    repo.refs.set(ref, oid);
    return oid;
  }

  private withFiles(files: Map<string, StoredFile>, specs: Record<string, FileSpec>): Map<string, StoredFile> {
    for (const [path, spec] of Object.entries(specs)) {
      const content = typeof spec === "string" ? Buffer.from(spec) : Buffer.isBuffer(spec) ? spec : Buffer.from(spec.content);
      const lfs = typeof spec === "object" && !Buffer.isBuffer(spec) ? spec.lfs : this.isLfs(path, content.length);
      files.set(path, { content, lfs });
      if (lfs) {
        this.lfsStore.set(sha256(content), content);
        trackInGitattributes(files, path);
      }
    }
    return files;
  }
}

/** A tree entry as the Hub lists it: the git blob id as `oid`, and for LFS files the pointer's oid and size. */
function fileEntry(path: string, file: StoredFile): object {
  if (!file.lfs) return { type: "file", oid: gitOid(file.content), size: file.content.length, path };
  const pointer = Buffer.from(
    `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(file.content)}\nsize ${file.content.length}\n`,
  );
  return {
    type: "file",
    oid: gitOid(pointer),
    size: file.content.length,
    path,
    lfs: { oid: sha256(file.content), size: file.content.length, pointerSize: pointer.length },
  };
}

/** The Hub adds a line to the root .gitattributes for each LFS file it does not already track. */
function trackInGitattributes(files: Map<string, StoredFile>, path: string): void {
  const current = files.get(".gitattributes")?.content.toString("utf8") ?? "";
  const tracked = current.split("\n").some((line) => {
    const pattern = line.split(" ")[0] ?? "";
    return pattern === path || (pattern.startsWith("*.") && path.endsWith(pattern.slice(1)));
  });
  if (!tracked)
    files.set(".gitattributes", { content: Buffer.from(`${current}${path} filter=lfs diff=lfs merge=lfs -text\n`), lfs: false });
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}, type = "application/json"): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": type, "Content-Length": String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, "body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sha1(text: string | Buffer): string {
  return createHash("sha1").update(text).digest("hex");
}

export function sha256(content: Buffer | string): string {
  return createHash("sha256").update(content).digest("hex");
}

/** git's blob id: SHA-1 of "blob <size>\0" and the content, which is what the listing gives small files. */
function gitOid(content: Buffer): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

/**
 * A loopback GitHub REST API for the actions' tests: node:http on 127.0.0.1, port 0. It answers the endpoints the
 * actions call (issue comments, commit statuses, pull request commits), keeps their state, records every request, and
 * checks each one against GitHub's own OpenAPI description (@octokit/openapi): the path and method must name an
 * operation, query parameters must be declared, and a JSON body must fit the operation's schema. Each mismatch is
 * kept in `problems`, so a test can assert there were none. Its GraphQL endpoint answers one query, `viewer`: who
 * the token is, which is how a GITHUB_TOKEN (an installation token, for which `GET /user` is a 403) learns it is
 * github-actions[bot].
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");
// The spec is a dev dependency of @shoulders/github; the test package reaches it through there.
const fromGithubPackage = createRequire(join(REPO_ROOT, "packages", "github", "package.json"));

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  maxLength?: number;
  additionalProperties?: boolean | Schema;
};
type Parameter = { $ref?: string; name: string; in: string; schema?: Schema; required?: boolean };
type Operation = {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema: Schema }> };
};
type Spec = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; parameters: Record<string, Parameter> };
};

type Route = { method: string; pattern: RegExp; template: string; operation: Operation };

let routes: Route[] | undefined;
let spec: Spec | undefined;

function loadSpec(): { spec: Spec; routes: Route[] } {
  if (spec === undefined || routes === undefined) {
    const path = fromGithubPackage.resolve("@octokit/openapi/generated/api.github.com.json");
    spec = JSON.parse(readFileSync(path, "utf8")) as Spec;
    routes = [];
    for (const [template, methods] of Object.entries(spec.paths)) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/]+")}$`);
      for (const [method, operation] of Object.entries(methods)) {
        if (typeof operation === "object" && operation !== null && "operationId" in operation)
          routes.push({ method: method.toUpperCase(), pattern, template, operation });
      }
    }
  }
  return { spec, routes };
}

function resolveRef<T extends { $ref?: string }>(value: T): T {
  let current = value;
  for (let depth = 0; current.$ref !== undefined && depth < 20; depth++) {
    const parts = current.$ref.replace(/^#\//, "").split("/");
    let target: unknown = spec;
    for (const part of parts) target = (target as Record<string, unknown>)[part];
    current = target as T;
  }
  return current;
}

/** A small JSON-Schema check (the subset GitHub's request bodies use); returns one line per problem. */
function validate(value: unknown, schemaOrRef: Schema, path: string, problems: string[]): void {
  const schema = resolveRef(schemaOrRef);
  if (value === null) {
    if (schema.nullable !== true) problems.push(`${path}: null is not allowed`);
    return;
  }
  for (const part of schema.allOf ?? []) validate(value, part, path, problems);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives !== undefined) {
    if (
      !alternatives.some((alternative) => {
        const inner: string[] = [];
        validate(value, alternative, path, inner);
        return inner.length === 0;
      })
    )
      problems.push(`${path}: matches none of the allowed shapes`);
    return;
  }
  if (schema.enum !== undefined && !schema.enum.includes(value))
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  switch (schema.type) {
    case "string":
      if (typeof value !== "string") problems.push(`${path}: expected a string`);
      else if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength}`);
      return;
    case "integer":
      if (!Number.isInteger(value)) problems.push(`${path}: expected an integer`);
      return;
    case "number":
      if (typeof value !== "number") problems.push(`${path}: expected a number`);
      return;
    case "boolean":
      if (typeof value !== "boolean") problems.push(`${path}: expected a boolean`);
      return;
    case "array":
      if (!Array.isArray(value)) problems.push(`${path}: expected an array`);
      else if (schema.items !== undefined) for (const [i, item] of value.entries()) validate(item, schema.items, `${path}[${i}]`, problems);
      return;
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) {
        problems.push(`${path}: expected an object`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const name of schema.required ?? []) if (!(name in record)) problems.push(`${path}.${name}: required`);
      for (const [name, member] of Object.entries(record)) {
        const property = schema.properties?.[name];
        // Stricter than the spec on purpose: a misspelt parameter is silently ignored by GitHub, and by us never.
        if (property === undefined) {
          if (schema.additionalProperties === undefined || schema.additionalProperties === false)
            problems.push(`${path}.${name}: not a parameter of this operation`);
          continue;
        }
        validate(member, property, `${path}.${name}`, problems);
      }
      return;
    }
  }
}

export type RecordedRequest = {
  method: string;
  /** The path without the API prefix, e.g. /repos/acme/sentiment/issues/1/comments. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The OpenAPI operation it matched, e.g. issues/create-comment. */
  operationId: string | undefined;
  authorization: string | undefined;
  problems: string[];
};

/** An account as REST shows it in `user` (GraphQL's `viewer.databaseId` is the same `id`). */
export type FakeUser = { login: string; id: number; type: "Bot" | "User" };
export type FakeComment = { id: number; body: string; user: FakeUser; html_url: string; issue: number };
export type FakeStatus = { sha: string; state: string; context?: string; description?: string; target_url?: string };

export type FakeGitHubOptions = {
  /** GitHub Enterprise Server serves the API under /api/v3. */
  prefix?: string;
  /** Commits of each pull request, as GET /pulls/{n}/commits lists them. */
  pullCommits?: Record<number, { sha: string; email: string; login: string | null }[]>;
};

/** The account behind every GITHUB_TOKEN: an installation token (`ghs_…`) of the GitHub Actions app. */
export const ACTIONS_BOT: FakeUser = { login: "github-actions[bot]", id: 41898282, type: "Bot" };
/** The owner of any other token the tests use (a personal access token). */
export const TOKEN_OWNER: FakeUser = { login: "maintainer", id: 9001, type: "User" };

export type FakeGitHub = {
  /** The value for GITHUB_API_URL. */
  url: string;
  requests: RecordedRequest[];
  comments: FakeComment[];
  statuses: FakeStatus[];
  /** Every OpenAPI mismatch across all requests. */
  problems(): string[];
  /** Answer writes with 403 "Resource not accessible by integration", as GitHub does for a fork's read-only token. */
  readOnly: boolean;
  /** Answer these REST operations (by operationId, e.g. repos/create-commit-status) with this HTTP error status. */
  failures: Record<string, number>;
  addComment(issue: number, body: string, user?: FakeComment["user"]): FakeComment;
  close(): Promise<void>;
};

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const { routes } = loadSpec();
  const prefix = options.prefix ?? "";
  const requests: RecordedRequest[] = [];
  const comments: FakeComment[] = [];
  const statuses: FakeStatus[] = [];
  let nextId = 1000;
  let baseUrl = "";

  const fake: FakeGitHub = {
    url: "",
    requests,
    comments,
    statuses,
    problems: () => requests.flatMap((request) => request.problems.map((problem) => `${request.method} ${request.path}: ${problem}`)),
    readOnly: false,
    failures: {},
    addComment(issue, body, user = { login: "someone", id: 7, type: "User" }) {
      const id = nextId++;
      const comment = { id, body, user, issue, html_url: `https://github.example/acme/sentiment/pull/${issue}#issuecomment-${id}` };
      comments.push(comment);
      return comment;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      try {
        handle(request, response, Buffer.concat(chunks).toString("utf8"));
      } catch (error) {
        send(response, 500, { message: String(error) });
      }
    });
  });

  /** Whose token sent a request: Authorization is `token T` (or `bearer T`). */
  function caller(request: IncomingMessage): FakeUser {
    const token = /^(?:token|bearer) (.+)$/i.exec(request.headers.authorization ?? "")?.[1] ?? "";
    return token.startsWith("ghs_") ? ACTIONS_BOT : TOKEN_OWNER;
  }

  function handle(request: IncomingMessage, response: ServerResponse, text: string): void {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const method = request.method ?? "GET";
    // GitHub serves GraphQL at /graphql, and GitHub Enterprise Server at /api/graphql beside its /api/v3.
    if (url.pathname === `${prefix.replace(/\/v3$/, "")}/graphql`) {
      graphql(request, response, method, text);
      return;
    }
    const problems: string[] = [];
    if (!url.pathname.startsWith(prefix)) problems.push(`the path does not start with the API prefix ${prefix}`);
    const path = url.pathname.slice(prefix.length);
    const route = routes.find((candidate) => candidate.method === method && candidate.pattern.test(path));
    let body: unknown;
    if (text !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        problems.push("the body is not JSON");
      }
    }
    if (route === undefined) problems.push("no GitHub REST operation has this method and path");
    else {
      const parameters = (route.operation.parameters ?? []).map((parameter) => resolveRef(parameter));
      for (const [name] of url.searchParams) {
        if (!parameters.some((parameter) => parameter.in === "query" && parameter.name === name))
          problems.push(`query parameter ${name} is not declared`);
      }
      const schema = route.operation.requestBody?.content?.["application/json"]?.schema;
      if (schema !== undefined && body !== undefined) validate(body, schema, "body", problems);
      if (schema !== undefined && body === undefined && route.operation.requestBody?.required)
        problems.push("the operation requires a body");
    }
    requests.push({
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      operationId: route?.operation.operationId,
      authorization: request.headers.authorization,
      problems,
    });

    const write = method !== "GET";
    if (write && fake.readOnly) {
      send(response, 403, {
        message: "Resource not accessible by integration",
        documentation_url: "https://docs.github.com/rest",
        status: "403",
      });
      return;
    }
    const failure = route === undefined ? undefined : fake.failures[route.operation.operationId];
    if (failure !== undefined) {
      send(response, failure, {
        message: STATUS_CODES[failure],
        documentation_url: "https://docs.github.com/rest",
        status: String(failure),
      });
      return;
    }
    const answer = answerFor(method, path, body, caller(request));
    if (answer === undefined) send(response, 404, { message: "Not Found (the fake GitHub does not serve this)" });
    else if (answer.page !== undefined) sendPage(response, url, answer.page);
    else send(response, answer.status, answer.body);
  }

  type Answer = { status: number; body?: unknown; page?: unknown[] };

  /** The state change and answer for each endpoint the actions call. */
  function answerFor(method: string, path: string, body: unknown, user: FakeUser): Answer | undefined {
    const text = (body as { body?: string } | undefined)?.body ?? "";
    const issueComments = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path);
    if (issueComments !== null) {
      const issue = Number(issueComments[1]);
      if (method === "GET") return { status: 200, page: comments.filter((comment) => comment.issue === issue).map(view) };
      if (method === "POST") return { status: 201, body: view(fake.addComment(issue, text, user)) };
    }
    const oneComment = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path);
    if (oneComment !== null && method === "PATCH") {
      const comment = comments.find((candidate) => candidate.id === Number(oneComment[1]));
      if (comment === undefined) return { status: 404, body: { message: "Not Found" } };
      // A collaborator's token may edit anyone's comment, so only the test can tell whether this edit was right.
      comment.body = text;
      return { status: 200, body: view(comment) };
    }
    const status = /^\/repos\/[^/]+\/[^/]+\/statuses\/([0-9a-f]+)$/.exec(path);
    if (status !== null && method === "POST") {
      const recorded = { sha: status[1] as string, ...(body as Omit<FakeStatus, "sha">) };
      statuses.push(recorded);
      return {
        status: 201,
        body: { id: nextId++, state: recorded.state, context: recorded.context ?? "default", description: recorded.description ?? null },
      };
    }
    const pullCommits = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/commits$/.exec(path);
    if (pullCommits !== null && method === "GET") {
      const list = options.pullCommits?.[Number(pullCommits[1])] ?? [];
      return {
        status: 200,
        page: list.map((commit) => ({
          sha: commit.sha,
          commit: { author: { name: commit.login ?? "someone", email: commit.email, date: "2026-11-01T00:00:00Z" } },
          author: commit.login === null ? null : { login: commit.login, type: "User" },
        })),
      };
    }
    return undefined;
  }

  /**
   * GitHub's GraphQL API, as far as the actions use it: POST {query, variables?} and the `viewer` field, answered for
   * the token's owner with status 200 and `data`, or `errors` for anything else (as GitHub answers a bad query).
   * Queries only read, so a read-only token may send them.
   */
  function graphql(request: IncomingMessage, response: ServerResponse, method: string, text: string): void {
    const problems: string[] = [];
    let query: unknown;
    try {
      query = (JSON.parse(text) as { query?: unknown }).query;
    } catch {
      problems.push("the body is not JSON");
    }
    if (method !== "POST") problems.push("GraphQL requests are POSTs");
    const fields = typeof query === "string" ? /^\s*(?:query\s*\w*\s*)?\{\s*viewer\s*\{([\w\s]+)\}\s*\}\s*$/.exec(query)?.[1] : undefined;
    const names = fields?.trim().split(/\s+/) ?? [];
    const user = caller(request);
    const known: Record<string, unknown> = { login: user.login, databaseId: user.id };
    if (fields === undefined || names.some((name) => !(name in known)))
      problems.push(`the fake GitHub answers only { viewer { ${Object.keys(known).join(" ")} } }, not ${JSON.stringify(query)}`);
    requests.push({
      method,
      path: new URL(request.url ?? "/", "http://127.0.0.1").pathname,
      query: {},
      body: query,
      operationId: "graphql",
      authorization: request.headers.authorization,
      problems,
    });
    if (problems.length > 0) send(response, 200, { errors: problems.map((message) => ({ message })) });
    else send(response, 200, { data: { viewer: Object.fromEntries(names.map((name) => [name, known[name]])) } });
  }

  function view(comment: FakeComment) {
    return { id: comment.id, body: comment.body, user: comment.user, html_url: comment.html_url };
  }

  /** GitHub's pagination: per_page (max 100) and page, with a Link header to the next page. */
  function sendPage(response: ServerResponse, url: URL, all: unknown[]): void {
    const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30), 100);
    const page = Number(url.searchParams.get("page") ?? 1);
    const items = all.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < all.length) {
      const next = new URL(url.toString().replace("http://127.0.0.1", baseUrl.replace(prefix, "")));
      next.searchParams.set("page", String(page + 1));
      next.searchParams.set("per_page", String(perPage));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    send(response, 200, items, headers);
  }

  function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    response.end(JSON.stringify(body));
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}${prefix}`;
  fake.url = baseUrl;
  return fake;
}

// HTTP transport of the generated clients, on the web-standard fetch (browsers, Node 18+).
//
// A timeout per attempt; idempotent calls retried on network errors and on 429/502/503/504
// (Retry-After honoured, capped); bearer auth refreshed once on a 401 (one refresh however
// many calls hit the 401 together) or a cookie session; typed errors; optional debug lines.
// Answers are JSON, text (optionally one value found by a pattern), or binary (streamed).

import { DecodeError, type Decoder, type Json } from "./decode.js";
import {
  ApiConnectionError,
  ApiError,
  AuthenticationError,
  IncompleteAnswerError,
  ResponseDecodeError,
  bodyExcerpt,
  errorClass,
  messageOf,
  redactUrl,
  type ErrorWhere,
} from "./errors.js";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What the transport needs to know of an operation; written by the generator. */
export interface OperationSpec {
  readonly name: string;
  readonly method: Method;
  /** The path below the base URL, `{name}` standing for a path parameter. */
  readonly path: string;
  /** Send the credentials (bearer token or session cookie). */
  readonly auth: boolean;
  readonly answer: "json" | "text" | "binary";
  /** A text answer's value: group 1 of the first match of `pattern` (a RegExp source). */
  readonly extract?: { readonly pattern: string; readonly what: string };
  /** The login of a cookie session. */
  readonly startsSession?: boolean;
  /** The required Content-Type of a text or binary answer. */
  readonly mediaType?: string;
}

export type Scalar = string | number | boolean;

/** The values of one call; null and undefined query, header and form values are left out. */
export interface CallParts {
  readonly path?: Readonly<Record<string, Scalar>>;
  readonly query?: Readonly<Record<string, Scalar | readonly Scalar[] | null | undefined>>;
  readonly headers?: Readonly<Record<string, Scalar | null | undefined>>;
  /** Sent as application/json. */
  readonly body?: Json;
  /** Sent as application/x-www-form-urlencoded (booleans as "true"/"false"). */
  readonly form?: Readonly<Record<string, Json | undefined>>;
}

export interface RetryOptions {
  /** Attempts in all, the first included; 1 means no retries. */
  readonly attempts: number;
  /** The wait before the first retry, doubled before each next one. */
  readonly backoffMs: number;
  /** Statuses an idempotent call is retried on. */
  readonly statuses: readonly number[];
  /** The longest wait a Retry-After header is followed for. */
  readonly maxRetryAfterMs: number;
}

export interface TransportOptions {
  /** Per attempt: the longest wait for the answer, and then between two chunks of it. */
  readonly timeoutMs?: number;
  /** Retry settings, or the number of attempts (0 or 1: no retries). */
  readonly retry?: Partial<RetryOptions> | number;
  /** The fetch to use (browsers, tests); the global one by default. */
  readonly fetch?: typeof fetch;
  /** Sent only where the platform lets a script set User-Agent (not in browsers). */
  readonly userAgent?: string;
  /** Receives debug lines (method, redacted URL, status, time); never a token. */
  readonly logger?: (message: string) => void;
}

export interface AuthConfig {
  readonly kind: "bearer" | "cookie";
  readonly header: string;
  readonly scheme: string;
}

/** Trades a refresh token for a new access token and, when the server sends one, refresh token. */
export type Refresher = (refreshToken: string) => Promise<readonly [string, string | null]>;

export const DEFAULT_TIMEOUT_MS = 30_000;

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 4, // the first try and three retries, as urllib3's Retry(total=3)
  backoffMs: 200,
  statuses: [429, 502, 503, 504],
  maxRetryAfterMs: 30_000,
};

const IDEMPOTENT: ReadonlySet<Method> = new Set<Method>(["GET", "PUT", "DELETE"]);

// Node, Deno and Bun let a script set User-Agent, Cookie and Accept-Encoding and read
// Set-Cookie; browsers refuse all of these and keep cookies themselves.
const SERVER_SIDE = ((): boolean => {
  const scope = globalThis as { process?: { versions?: { node?: unknown } }; Deno?: unknown };
  return typeof scope.process?.versions?.node === "string" || scope.Deno !== undefined;
})();

const INSPECT: unique symbol = Symbol.for("nodejs.util.inspect.custom");

/** The current tokens; `generation` grows on every change so callers can tell. */
export class TokenStore {
  #access: string | null = null;
  #refresh: string | null = null;
  #generation = 0;

  get access(): string | null {
    return this.#access;
  }

  set access(value: string | null) {
    this.set(value, this.#refresh);
  }

  get refresh(): string | null {
    return this.#refresh;
  }

  set refresh(value: string | null) {
    this.set(this.#access, value);
  }

  get generation(): number {
    return this.#generation;
  }

  set(access: string | null, refresh: string | null): void {
    this.#access = access;
    this.#refresh = refresh;
    this.#generation += 1;
  }

  // Printing, logging or serializing the store never shows a token.
  toString(): string {
    return `TokenStore(${this.#access ? "set" : "empty"}, generation=${this.#generation})`;
  }

  toJSON(): string {
    return this.toString();
  }

  [INSPECT](): string {
    return this.toString();
  }
}

interface Request {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

/** An answer whose body is still to be read, with the timeout guarding that read. */
interface Answer {
  readonly response: Response;
  readonly deadline: Deadline;
  readonly where: ErrorWhere;
}

/** Sends operations, decodes answers with the generated decoders, throws typed errors. */
export class HttpTransport {
  readonly baseUrl: string;
  readonly tokens = new TokenStore();
  refresher: Refresher | null = null;

  readonly #auth: AuthConfig;
  readonly #userAgent: string;
  readonly #timeoutMs: number;
  readonly #retry: RetryOptions;
  readonly #fetch: (url: string, init: RequestInit) => Promise<Response>;
  readonly #logger: ((message: string) => void) | null;
  readonly #cookies = new Map<string, string>();
  #platformSession = false; // browsers: a login succeeded; its cookie is the browser's
  #refreshing: Promise<string | null> | null = null; // the refresh in flight, if any

  constructor(
    baseUrl: string,
    auth: AuthConfig,
    userAgent: string,
    options: TransportOptions = {},
  ) {
    if (!/^https?:\/\//i.test(baseUrl)) {
      throw new Error(`base URL must start with http:// or https://, got "${baseUrl}"`);
    }
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.#auth = auth;
    this.#userAgent = options.userAgent ?? userAgent;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#retry = retryOptions(options.retry);
    const chosen = options.fetch;
    // The global fetch is called through globalThis: browsers refuse it detached from it.
    this.#fetch = chosen ? (url, init) => chosen(url, init) : (url, init) => fetch(url, init);
    this.#logger = options.logger ?? null;
  }

  /** Whether a cookie session is kept (cookie auth). */
  get hasSession(): boolean {
    return this.#cookies.size > 0 || this.#platformSession;
  }

  /** Forget the session cookie; later calls need a new login. */
  clearSession(): void {
    this.#cookies.clear();
    this.#platformSession = false;
  }

  /** Send one operation; resolves to its 2xx answer decoded by `decode`. */
  async call<T>(operation: OperationSpec, parts: CallParts, decode: Decoder<T>): Promise<T> {
    if (operation.answer === "binary") {
      throw new TypeError(`${operation.name}: a binary answer is read with download()`);
    }
    const answer = await this.#answer(operation, this.#request(operation, parts));
    let result: T;
    if (operation.answer === "text") {
      await this.#checkMediaType(operation, answer);
      result = this.#decodeText(operation, answer, await readText(answer), decode);
    } else {
      result = decodeJsonAnswer(answer, await readText(answer), decode);
    }
    this.#checkSession(operation, answer);
    return result;
  }

  /** Send one operation whose 2xx answer carries nothing of interest. */
  async callVoid(operation: OperationSpec, parts: CallParts): Promise<void> {
    const answer = await this.#answer(operation, this.#request(operation, parts));
    await readText(answer);
    this.#checkSession(operation, answer);
  }

  /**
   * A binary answer, read chunk by chunk: its media type is checked before the body is
   * read, and its size against Content-Length (IncompleteAnswerError when short).
   */
  async download(
    operation: OperationSpec,
    parts: CallParts,
    onProgress?: (received: number, total: number | null) => void,
  ): Promise<Uint8Array> {
    // Identity encoding: Content-Length then counts the bytes the body delivers.
    const extra: Record<string, string> = SERVER_SIDE ? { "Accept-Encoding": "identity" } : {};
    const answer = await this.#answer(operation, this.#request(operation, parts, extra));
    const { response, deadline, where } = answer;
    await this.#checkMediaType(operation, answer);
    const total = expectedLength(response);
    const chunks: Uint8Array[] = [];
    let received = 0;
    const reader = response.body?.getReader();
    let finished = reader === undefined;
    try {
      while (reader !== undefined) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          const why = deadline.expired
            ? `no data within ${this.#timeoutMs} ms after ${received} bytes`
            : `the connection dropped after ${received} bytes (${describe(error)})`;
          throw new IncompleteAnswerError(why, where);
        }
        if (next.done) break;
        deadline.arm();
        chunks.push(next.value);
        received += next.value.byteLength;
        onProgress?.(received, total);
      }
      finished = true;
    } finally {
      deadline.clear();
      if (!finished) reader?.cancel().catch(() => undefined);
    }
    if (total !== null && received !== total) {
      throw new IncompleteAnswerError(`got ${received} of ${total} bytes`, where);
    }
    return concat(chunks, received);
  }

  #request(
    operation: OperationSpec,
    parts: CallParts,
    extra: Readonly<Record<string, string>> = {},
  ): Request {
    let url = this.baseUrl + fillPath(operation, parts.path ?? {});
    const query = encodeValues(parts.query ?? {});
    if (query) url += (url.includes("?") ? "&" : "?") + query;
    const headers: Record<string, string> = { ...extra };
    if (SERVER_SIDE) headers["User-Agent"] = this.#userAgent;
    for (const [name, value] of Object.entries(parts.headers ?? {})) {
      if (value !== null && value !== undefined) headers[name] = text(value);
    }
    let body: string | null = null;
    if (parts.body !== undefined && parts.body !== null) {
      body = JSON.stringify(parts.body);
      headers["Content-Type"] = "application/json";
    } else if (parts.form !== undefined) {
      body = encodeValues(parts.form);
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
    return { url, headers, body };
  }

  /** Send, with the session rules of the auth kind; non-2xx answers become errors. */
  async #answer(operation: OperationSpec, request: Request): Promise<Answer> {
    const where = { method: operation.method, url: request.url, status: null };
    if (operation.startsSession) {
      this.clearSession(); // a failed login must not leave the last account's session
    } else if (operation.auth && this.#auth.kind === "cookie" && !this.hasSession) {
      throw new AuthenticationError("not logged in: no session cookie (log in first)", where);
    }
    const generation = this.tokens.generation;
    let answer = await this.#attempts(operation, request, this.tokens.access);
    if (answer.response.status === 401 && operation.auth && this.#auth.kind === "bearer") {
      const body = bodyExcerpt(await readText(answer));
      await this.#refreshAfter401(answer.where, generation, body);
      answer = await this.#attempts(operation, request, this.tokens.access);
    }
    if (!answer.response.ok) await this.#fail(operation, answer);
    return answer;
  }

  /** One request, sent again as the retry settings allow; resolves to the last answer. */
  async #attempts(
    operation: OperationSpec,
    request: Request,
    access: string | null,
  ): Promise<Answer> {
    const { method } = operation;
    const headers: Record<string, string> = { ...request.headers };
    if (operation.auth && access && this.#auth.kind === "bearer") {
      headers[this.#auth.header] = `${this.#auth.scheme} ${access}`;
    }
    if (SERVER_SIDE && this.#cookies.size > 0) {
      headers["Cookie"] = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    }
    const init: RequestInit = {
      method,
      headers,
      body: request.body,
      // Browsers send a cookie session only when asked to (and keep it themselves).
      credentials: this.#auth.kind === "cookie" ? "include" : "same-origin",
    };
    const idempotent = IDEMPOTENT.has(method);
    const shown = redactUrl(request.url);
    for (let attempt = 1; ; attempt += 1) {
      const last = attempt >= this.#retry.attempts;
      const deadline = new Deadline(this.#timeoutMs);
      const started = Date.now();
      let response: Response;
      try {
        response = await this.#fetch(request.url, { ...init, signal: deadline.signal });
      } catch (error) {
        deadline.clear();
        const why = deadline.expired
          ? `no answer within ${this.#timeoutMs} ms`
          : `no answer (${describe(error)})`;
        this.#debug(`${method} ${shown} -> ${why}`);
        // A POST may have reached the server; it is sent again only if it surely did not.
        if (last || !(idempotent || neverSent(error))) {
          throw new ApiConnectionError(why, { method, url: request.url, status: null });
        }
        await sleep(this.#backoff(attempt));
        continue;
      }
      deadline.arm(); // from here on it guards the reading of the body
      this.#keepCookies(response.headers);
      const { status } = response;
      this.#debug(`${method} ${shown} -> ${status} in ${Date.now() - started} ms`);
      if (!last && idempotent && this.#retry.statuses.includes(status)) {
        const asked = retryAfter(response.headers.get("Retry-After"), this.#retry.maxRetryAfterMs);
        deadline.clear();
        await response.body?.cancel().catch(() => undefined);
        await sleep(asked === null ? this.#backoff(attempt) : asked);
        continue;
      }
      return { response, deadline, where: { method, url: request.url, status } };
    }
  }

  #backoff(attempt: number): number {
    // Capped like the Retry-After waits, so many attempts never mean an endless wait.
    return Math.min(this.#retry.backoffMs * 2 ** (attempt - 1), this.#retry.maxRetryAfterMs);
  }

  /** Refresh once; calls that saw the same 401 meanwhile share that refresh. */
  async #refreshAfter401(where: ErrorWhere, generation: number, body: string): Promise<void> {
    if (this.tokens.generation !== generation) return; // changed since sent: just try again
    if (this.#refreshing === null) {
      const refreshToken = this.tokens.refresh;
      if (this.refresher === null || !refreshToken) {
        const why = "unauthorized, and no refresh token to renew the access token";
        throw new AuthenticationError(why, { ...where, body });
      }
      this.#debug("access token refused (401): refreshing it once");
      this.#refreshing = this.#refresh(this.refresher, refreshToken).finally(() => {
        this.#refreshing = null;
      });
    }
    const failure = await this.#refreshing;
    if (failure !== null) {
      const why = `unauthorized, and refreshing the token failed: ${failure}`;
      throw new AuthenticationError(why, where);
    }
  }

  /** Resolves to null once the tokens are renewed, or to why the server refused. */
  async #refresh(refresher: Refresher, refreshToken: string): Promise<string | null> {
    try {
      const [access, next] = await refresher(refreshToken);
      this.tokens.set(access, next ?? refreshToken);
      return null;
    } catch (error) {
      if (error instanceof ApiError) return error.detail;
      throw error;
    }
  }

  async #fail(operation: OperationSpec, answer: Answer): Promise<never> {
    const { response, where } = answer;
    const body = await readText(answer);
    let why = messageOf(body) ?? (response.statusText || "request failed");
    if (response.status === 401 && operation.auth) {
      why =
        this.#auth.kind === "bearer"
          ? `still unauthorized after refreshing the token: ${why}`
          : `the session cookie was refused (expired?): log in again: ${why}`;
    }
    const ErrorClass = errorClass(response.status);
    throw new ErrorClass(why, { ...where, body: bodyExcerpt(body) });
  }

  /**
   * A text or binary answer of another Content-Type (a login page instead of a file, say)
   * is refused before its body is read.
   */
  async #checkMediaType(operation: OperationSpec, answer: Answer): Promise<void> {
    const expected = operation.mediaType;
    if (expected === undefined) return;
    const type = answer.response.headers.get("Content-Type") ?? "";
    const received = (type.split(";")[0] ?? "").trim().toLowerCase();
    if (received === expected.toLowerCase()) return;
    const body = bodyExcerpt(await readPrefix(answer, 300));
    const why = `expected ${expected}, got ${received || "no Content-Type"}`;
    throw new ResponseDecodeError(why, { ...answer.where, body });
  }

  #decodeText<T>(operation: OperationSpec, answer: Answer, body: string, decode: Decoder<T>): T {
    let value = body;
    const extract = operation.extract;
    if (extract !== undefined) {
      const found = new RegExp(extract.pattern).exec(body)?.[1];
      if (found === undefined) {
        const why = `the answer does not carry ${extract.what} (no match for /${extract.pattern}/)`;
        throw new ResponseDecodeError(why, { ...answer.where, body: bodyExcerpt(body) });
      }
      value = found;
    }
    return decodeWith(decode, value, answer.where, body);
  }

  #checkSession(operation: OperationSpec, answer: Answer): void {
    if (!operation.startsSession) return;
    if (!SERVER_SIDE) {
      this.#platformSession = true; // the browser keeps (and hides) the cookie
    } else if (this.#cookies.size === 0) {
      const why = "the login succeeded but set no session cookie";
      throw new AuthenticationError(why, answer.where);
    }
  }

  /**
   * Keep the name=value of each Set-Cookie (attributes ignored: one base URL). Cookies set
   * by a redirect's intermediate answer are not seen: fetch follows redirects by itself.
   */
  #keepCookies(headers: Headers): void {
    for (const line of setCookies(headers)) {
      const pair = line.split(";", 1)[0] ?? "";
      const split = pair.indexOf("=");
      if (split <= 0) continue;
      const name = pair.slice(0, split).trim();
      if (removes(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, pair.slice(split + 1).trim());
    }
  }

  #debug(message: string): void {
    this.#logger?.(message);
  }
}

/**
 * An attempt's timeout, armed again whenever the answer makes progress (like a socket read
 * timeout), so a long download is not cut off while data keeps arriving.
 */
class Deadline {
  readonly #controller = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  expired = false;

  constructor(private readonly ms: number) {
    this.arm();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  arm(): void {
    this.clear();
    this.#timer = setTimeout(() => {
      this.expired = true;
      this.#controller.abort();
    }, this.ms);
  }

  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** Settings given in part (an `undefined` counts as not given), bounded to sane values. */
function retryOptions(option: Partial<RetryOptions> | number | undefined): RetryOptions {
  const given = typeof option === "number" ? { attempts: option } : (option ?? {});
  const attempts = given.attempts ?? DEFAULT_RETRY.attempts;
  return {
    attempts: Number.isFinite(attempts) ? Math.max(1, Math.floor(attempts)) : 1,
    backoffMs: Math.max(0, given.backoffMs ?? DEFAULT_RETRY.backoffMs),
    statuses: given.statuses ?? DEFAULT_RETRY.statuses,
    maxRetryAfterMs: Math.max(0, given.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs),
  };
}

/** The body as text, under the answer's timeout; ApiConnectionError when it breaks off. */
async function readText(answer: Answer): Promise<string> {
  try {
    return await answer.response.text();
  } catch (error) {
    const why = answer.deadline.expired
      ? "the answer stopped arriving before its end (timeout)"
      : `the answer broke off (${describe(error)})`;
    throw new ApiConnectionError(why, answer.where);
  } finally {
    answer.deadline.clear();
  }
}

/** The first `limit` bytes of the body as text (an error's excerpt); the rest is dropped. */
async function readPrefix(answer: Answer, limit: number): Promise<string> {
  const reader = answer.response.body?.getReader();
  if (reader === undefined) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const next = await reader.read();
      if (next.done) break;
      chunks.push(next.value);
      size += next.value.byteLength;
    }
  } catch {
    // an excerpt is best effort
  } finally {
    answer.deadline.clear();
    reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(concat(chunks, size).subarray(0, limit));
}

function decodeJsonAnswer<T>(answer: Answer, body: string, decode: Decoder<T>): T {
  let value: unknown = null; // an empty body is JSON null
  if (body !== "") {
    try {
      value = JSON.parse(body);
    } catch (error) {
      const why = `the answer is not JSON: ${describe(error)}`;
      throw new ResponseDecodeError(why, { ...answer.where, body: bodyExcerpt(body) });
    }
  }
  return decodeWith(decode, value, answer.where, body);
}

function decodeWith<T>(decode: Decoder<T>, value: unknown, where: ErrorWhere, body: string): T {
  try {
    return decode(value, "");
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    const why = `the answer does not match the spec: ${error.message}`;
    throw new ResponseDecodeError(why, {
      ...where,
      body: bodyExcerpt(body),
      problems: error.problems,
    });
  }
}

function fillPath(operation: OperationSpec, values: Readonly<Record<string, Scalar>>): string {
  return operation.path.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) {
      throw new TypeError(`${operation.name}: no value for the path parameter ${name}`);
    }
    // Every reserved character escaped, as Python's quote(safe="") does.
    return encodeURIComponent(text(value)).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  });
}

/** Query or form values, URL-encoded; lists repeat their key, objects travel as JSON text. */
function encodeValues(
  values: Readonly<Record<string, Json | readonly Scalar[] | undefined>>,
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly Json[]) params.append(name, valueText(item));
    } else {
      params.append(name, valueText(value as Json));
    }
  }
  return params.toString();
}

function valueText(value: Json): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : text(value ?? "");
}

/** Scalars as text; booleans as JSON spells them. */
function text(value: Scalar): string {
  return typeof value === "boolean" ? (value ? "true" : "false") : String(value);
}

/** The expected body size, or null when unknown or the body arrives content-encoded. */
function expectedLength(response: Response): number | null {
  const encoding = (response.headers.get("Content-Encoding") ?? "identity").toLowerCase();
  const length = response.headers.get("Content-Length");
  if (encoding !== "identity" || length === null || !/^\d+$/.test(length.trim())) return null;
  return Number(length);
}

/** Seconds (fractions allowed) or an HTTP date, as milliseconds to wait, capped. */
function retryAfter(header: string | null, cap: number): number | null {
  if (header === null || header.trim() === "") return null;
  const seconds = Number(header);
  const wait = Number.isNaN(seconds) ? Date.parse(header) - Date.now() : seconds * 1000;
  return Number.isNaN(wait) ? null : Math.min(Math.max(wait, 0), cap);
}

function setCookies(headers: Headers): string[] {
  if (typeof headers.getSetCookie === "function") return headers.getSetCookie();
  // Older runtimes join the lines with ", "; an Expires date holds ", " as well.
  const joined = headers.get("Set-Cookie");
  return joined === null ? [] : joined.split(/,(?=\s*[^;,=\s]+=)/);
}

/** Whether a Set-Cookie line deletes its cookie (Max-Age <= 0 or an Expires in the past). */
function removes(line: string): boolean {
  const maxAge = /;\s*max-age\s*=\s*(-?\d+)/i.exec(line)?.[1];
  if (maxAge !== undefined) return Number(maxAge) <= 0;
  const expires = /;\s*expires\s*=\s*([^;]+)/i.exec(line)?.[1];
  return expires !== undefined && Date.parse(expires) <= Date.now();
}

/** Whether fetch failed before sending anything (the connection was refused). */
function neverSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; errors?: unknown } } | null)?.cause;
  if (cause?.code === "ECONNREFUSED") return true;
  // Several addresses tried (IPv6 and IPv4): refused by each of them.
  const each = Array.isArray(cause?.errors) ? (cause.errors as { code?: unknown }[]) : [];
  return each.length > 0 && each.every((e) => e?.code === "ECONNREFUSED");
}

/**
 * A short reason for a network error: the system error code when there is one, else the
 * error's class name. Messages are not shown: a refused header value (a token) is in them.
 */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  return error instanceof Error ? error.name : typeof error;
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]?.byteLength === size) return chunks[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk.subarray(0, size - offset), offset);
    offset += Math.min(chunk.byteLength, size - offset);
  }
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

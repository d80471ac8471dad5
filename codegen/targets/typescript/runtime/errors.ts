// Typed errors of the HTTP calls. What they show of URLs and bodies is redacted of secrets:
// no token, password, cookie or Authorization value ever reaches a message.

import type { Problem } from "./decode.js";

const SECRET_KEY = /token|password|secret|signature|^sig$|authorization|jwt|cookie/i;
const JWT_LIKE = /eyJ[\w-]+\.[\w-]+\.[\w-]+/g;
const EXCERPT = 300;

/** Where a failed call went: method, URL and HTTP status (null: no answer). */
export interface ErrorWhere {
  readonly method: string;
  readonly url: string;
  readonly status: number | null;
  /** An excerpt of the answer's body, already redacted (see `bodyExcerpt`). */
  readonly body?: string;
}

/** A call that did not succeed: `${method} ${url} -> ${status}: ${detail} (body: ...)`. */
export class ApiError extends Error {
  /** The reason alone, without method, URL, status or body. */
  readonly detail: string;
  readonly method: string;
  /** The URL with secret-looking query values replaced by ***. */
  readonly url: string;
  readonly status: number | null;
  /** At most 300 characters of the answer, secret-looking values replaced by ***. */
  readonly body: string;

  constructor(detail: string, where: ErrorWhere) {
    const url = redactUrl(where.url);
    const body = where.body ?? "";
    const status = where.status === null ? "" : ` -> ${where.status}`;
    super(`${where.method} ${url}${status}: ${detail}${body ? ` (body: ${body})` : ""}`);
    this.name = "ApiError";
    this.detail = detail;
    this.method = where.method;
    this.url = url;
    this.status = where.status;
    this.body = body;
  }
}

/** No answer: connection refused, timed out or dropped (after the retries). */
export class ApiConnectionError extends ApiError {
  constructor(detail: string, where: ErrorWhere) {
    super(detail, where);
    this.name = "ApiConnectionError";
  }
}

/** A streamed answer that ended before its Content-Length. */
export class IncompleteAnswerError extends ApiConnectionError {
  constructor(detail: string, where: ErrorWhere) {
    super(detail, where);
    this.name = "IncompleteAnswerError";
  }
}

/** 400: the server refused the request's content. */
export class BadRequestError extends ApiError {
  constructor(detail: string, where: ErrorWhere) {
    super(detail, where);
    this.name = "BadRequestError";
  }
}

/** 401 that a token refresh could not cure, no token to refresh with, or no session. */
export class AuthenticationError extends ApiError {
  constructor(detail: string, where: ErrorWhere) {
    super(detail, where);
    this.name = "AuthenticationError";
  }
}

/** 403: the credentials may not do this. */
export class PermissionDeniedError extends ApiError {
  constructor(detail: string, where: ErrorWhere) {
    super(detail, where);
    this.name = "PermissionDeniedError";
  }
}

/** 404: no such resource (or not visible to these credentials). */
export class NotFoundError extends ApiError {
  constructor(detail: string, where: ErrorWhere) {
    super(detail, where);
    this.name = "NotFoundError";
  }
}

/** 409: the request conflicts with the resource's state. */
export class ConflictError extends ApiError {
  constructor(detail: string, where: ErrorWhere) {
    super(detail, where);
    this.name = "ConflictError";
  }
}

/** 413: the body is larger than the server accepts. */
export class RequestTooLargeError extends ApiError {
  constructor(detail: string, where: ErrorWhere) {
    super(detail, where);
    this.name = "RequestTooLargeError";
  }
}

/** 429 after the retries. */
export class RateLimitError extends ApiError {
  constructor(detail: string, where: ErrorWhere) {
    super(detail, where);
    this.name = "RateLimitError";
  }
}

/** 5xx after the retries. */
export class ServerError extends ApiError {
  constructor(detail: string, where: ErrorWhere) {
    super(detail, where);
    this.name = "ServerError";
  }
}

/** A 2xx answer that does not match the spec; `problems` names the fields. */
export class ResponseDecodeError extends ApiError {
  readonly problems: readonly Problem[];

  constructor(detail: string, where: ErrorWhere & { readonly problems?: readonly Problem[] }) {
    super(detail, where);
    this.name = "ResponseDecodeError";
    this.problems = where.problems ?? [];
  }
}

export type ApiErrorClass = new (detail: string, where: ErrorWhere) => ApiError;

const BY_STATUS: Readonly<Record<number, ApiErrorClass>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: RequestTooLargeError,
  429: RateLimitError,
};

/** The error class of a non-2xx status; ApiError when no subclass is more precise. */
export function errorClass(status: number): ApiErrorClass {
  if (status >= 500) return ServerError;
  return BY_STATUS[status] ?? ApiError;
}

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i;

/**
 * The URL with its user:password, the values of secret-looking query parameters (and
 * JWTs) replaced by ***.
 */
export function redactUrl(url: string): string {
  url = url.replace(USERINFO, "$1***@");
  const start = url.indexOf("?");
  if (start < 0) return url.replace(JWT_LIKE, "***");
  const end = url.indexOf("#", start) < 0 ? url.length : url.indexOf("#", start);
  const pairs = url
    .slice(start + 1, end)
    .split("&")
    .map((pair) => {
      const split = pair.indexOf("=");
      const key = split < 0 ? pair : pair.slice(0, split);
      return SECRET_KEY.test(decodeKey(key)) ? `${key}=***` : pair;
    });
  return `${url.slice(0, start)}?${pairs.join("&")}${url.slice(end)}`.replace(JWT_LIKE, "***");
}

/** At most 300 characters of an answer body, secret-looking values replaced by ***. */
export function bodyExcerpt(text: string): string {
  let shown = text;
  try {
    shown = JSON.stringify(redact(JSON.parse(text) as unknown));
  } catch {
    // not JSON: shown as it is, JWTs still removed below
  }
  shown = shown.replace(JWT_LIKE, "***");
  return shown.length <= EXCERPT ? shown : `${shown.slice(0, EXCERPT)}...`;
}

/** The server's own `{"message": ...}` (or `{"error": ...}`) text, when the body has one. */
export function messageOf(text: string): string | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const record = data as Readonly<Record<string, unknown>>;
  const message = record["message"] ?? record["error"];
  if (message === undefined || message === null) return null;
  const shown = typeof message === "string" ? message : JSON.stringify(redact(message));
  return shown.replace(JWT_LIKE, "***");
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? "***" : redact(item);
  }
  return out;
}

function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, " "));
  } catch {
    return key;
  }
}

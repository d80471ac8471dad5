// Decoders and encoders the generated models are built from.
//
// A decoder checks a JSON value against the spec and builds the typed value; every problem
// it finds is reported with the field path in wire names (`data.sample[3][2]`), and all of
// an object's problems are reported together in one DecodeError.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** Data that does not match the spec; `problems` names every bad field by its path. */
export class DecodeError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; "));
    this.name = "DecodeError";
    this.problems = problems;
  }
}

export type Decoder<T> = (value: unknown, path: string) => T;
export type Encoder<T> = (value: T) => Json;
export type JsonObject = { [key: string]: Json };

const MAX_PROBLEMS = 20;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

export function fail(path: string, message: string): never {
  throw new DecodeError([{ path, message }]);
}

/** What a bad value was, short enough for an error message. */
export function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = typeof value === "string" ? `'${value}'` : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The JSON kind of a value, for messages that must not show it (secrets). */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "object" ? "object" : typeof value;
}

function mismatch(expected: string, value: unknown, path: string): never {
  return fail(path, `expected ${expected}, got ${shown(value)}`);
}

/** Sets a key on a plain object; `__proto__` becomes a key, never the prototype. */
export function put<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") {
    const property = { value, enumerable: true, writable: true, configurable: true };
    Object.defineProperty(target, key, property);
  } else {
    target[key] = value;
  }
}

export function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export const decodeString: Decoder<string> = (value, path) =>
  typeof value === "string" ? value : mismatch("string", value, path);

/** Integers beyond 2^53 are refused: a JavaScript number cannot hold them exactly. */
export const decodeInteger: Decoder<number> = (value, path) =>
  typeof value === "number" && Number.isSafeInteger(value)
    ? value
    : mismatch(Number.isInteger(value) ? "an integer within ±2^53" : "integer", value, path);

export const decodeNumber: Decoder<number> = (value, path) =>
  typeof value === "number" && Number.isFinite(value) ? value : mismatch("number", value, path);

export const decodeBoolean: Decoder<boolean> = (value, path) =>
  typeof value === "boolean" ? value : mismatch("boolean", value, path);

/** A calendar date stays an ISO `YYYY-MM-DD` string (a Date would add a time zone). */
export const decodeDate: Decoder<string> = (value, path) =>
  typeof value === "string" && DATE.test(value) && isCalendarDate(value.slice(0, 10))
    ? value
    : mismatch("date (YYYY-MM-DD)", value, path);

/** Whether `YYYY-MM-DD` names a day that exists (no 2024-02-30). */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split("-").map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads 0065 as 1965
  const same = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1;
  return same && date.getUTCDate() === day;
}

/**
 * A date-time stays the ISO 8601 string the server sent (checked, not converted): a Date
 * would drop microseconds and the offset, and read a time without offset as local time.
 * `new Date(value)` makes one when wanted.
 */
export const decodeDateTime: Decoder<string> = (value, path) =>
  typeof value === "string" &&
  DATE_TIME.test(value) &&
  isCalendarDate(value.slice(0, 10)) &&
  !Number.isNaN(Date.parse(value))
    ? value
    : mismatch("date-time (ISO 8601)", value, path);

/** Free-form JSON: any value JSON can hold. */
export const decodeJson: Decoder<Json> = (value, path) => {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map((item, i) => decodeJson(item, `${path}[${i}]`));
  if (typeof value === "object") {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      put(out, key, decodeJson(item, child(path, key)));
    }
    return out;
  }
  return mismatch("JSON", value, path);
};

/** A whole number sent as text (a text answer such as a user id). */
export const decodeIntegerText: Decoder<number> = (value, path) => {
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) {
    return decodeInteger(Number(value.trim()), path);
  }
  return fail(path, `expected a whole number, got ${shown(value)}`);
};

/** An enum whose unknown values (from a newer server) are kept, never refused. */
export function openEnum<T extends string | number>(base: "string" | "integer"): Decoder<T> {
  const decode = base === "string" ? decodeString : decodeInteger;
  return (value, path) => decode(value, path) as T;
}

export function nullable<T>(inner: Decoder<T>): Decoder<T | null> {
  return (value, path) => (value === null ? null : inner(value, path));
}

/** Runs `decode` for each part, gathering every DecodeError instead of stopping at one. */
function gather(parts: number, decode: (index: number) => void): void {
  const problems: Problem[] = [];
  for (let i = 0; i < parts && problems.length < MAX_PROBLEMS; i++) {
    try {
      decode(i);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new DecodeError(problems.slice(0, MAX_PROBLEMS));
}

export function arrayOf<T>(item: Decoder<T>): Decoder<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return mismatch("array", value, path);
    const out: T[] = new Array<T>(value.length);
    gather(value.length, (i) => {
      out[i] = item(value[i], `${path}[${i}]`);
    });
    return out;
  };
}

export function mapOf<T>(values: Decoder<T>): Decoder<Record<string, T>> {
  return (value, path) => {
    const source = objectOf(value, path);
    const keys = Object.keys(source);
    const out: Record<string, T> = {};
    gather(keys.length, (i) => {
      const key = keys[i] as string;
      put(out, key, values(source[key], `${path}['${key}']`));
    });
    return out;
  };
}

/** A value travelling as JSON text inside a string (a plain value is accepted as well). */
export function jsonText<T>(inner: Decoder<T>): Decoder<T> {
  return (value, path) => {
    if (typeof value !== "string") return inner(value, path);
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      return fail(path, `invalid JSON text inside the string: ${(error as Error).message}`);
    }
    return inner(parsed, path);
  };
}

/** A number or boolean travelling as text (`"true"`, `"12"`); plain values are accepted too. */
export function fromText<T extends number | boolean>(inner: Decoder<T>): Decoder<T> {
  return (value, path) => {
    if (typeof value !== "string") return inner(value, path);
    const text = value.trim();
    const lowered = text.toLowerCase();
    if (lowered === "true" || lowered === "false") return inner(lowered === "true", path);
    if (DECIMAL.test(text)) return inner(Number(text), path);
    return mismatch("a number or boolean as text", value, path);
  };
}

/**
 * A secret (token, password), or a value that holds one: errors name what was expected and
 * the JSON kind found at the field itself, never a value.
 */
export function secret<T>(inner: Decoder<T>): Decoder<T> {
  return (value, path) => {
    try {
      return inner(value, path);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      throw new DecodeError(
        error.problems.map((problem) => {
          const expected = problem.message.split(", got ")[0] ?? problem.message;
          const found = problem.path === path ? kindOf(value) : "a value not shown";
          return { path: problem.path, message: `${expected}, got ${found}` };
        }),
      );
    }
  };
}

export function objectOf(value: unknown, path: string): Readonly<Record<string, unknown>> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return value as Readonly<Record<string, unknown>>;
  }
  return mismatch("object", value, path);
}

/**
 * Reads an object's fields: `required` and `optional` decode one wire key each, and
 * `done` throws one DecodeError listing every bad field.
 */
export class ObjectReader {
  private readonly problems: Problem[] = [];
  private readonly source: Readonly<Record<string, unknown>>;

  constructor(
    value: unknown,
    private readonly path: string,
  ) {
    this.source = objectOf(value, path);
  }

  required<T>(key: string, decode: Decoder<T>): T {
    const value = this.own(key);
    if (value === undefined) {
      this.problems.push({ path: child(this.path, key), message: "required field is missing" });
      return undefined as T; // never seen: done() throws
    }
    return this.read(key, value, decode);
  }

  optional<T>(key: string, decode: Decoder<T>): T | undefined;
  optional<T>(key: string, decode: Decoder<T>, fallback: T): T;
  optional<T>(key: string, decode: Decoder<T>, fallback?: T): T | undefined {
    const value = this.own(key);
    return value === undefined ? fallback : this.read(key, value, decode);
  }

  done(): void {
    if (this.problems.length > 0) throw new DecodeError(this.problems.slice(0, MAX_PROBLEMS));
  }

  /** The object's own key only: `constructor` or `toString` are not inherited values. */
  private own(key: string): unknown {
    return Object.hasOwn(this.source, key) ? this.source[key] : undefined;
  }

  private read<T>(key: string, value: unknown, decode: Decoder<T>): T {
    try {
      return decode(value, child(this.path, key));
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      this.problems.push(...error.problems);
      return undefined as T; // never seen: done() throws
    }
  }
}

// -- encoders ------------------------------------------------------------------------

export const encodeScalar = <T extends string | number | boolean>(value: T): Json => value;
export const encodeJson = (value: Json): Json => value;

export function encodeArray<T>(item: Encoder<T>): Encoder<readonly T[]> {
  return (value) => value.map(item);
}

export function encodeMap<T>(values: Encoder<T>): Encoder<Readonly<Record<string, T>>> {
  return (value) => {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) put(out, key, values(item));
    return out;
  };
}

export function encodeNullable<T>(inner: Encoder<T>): Encoder<T | null> {
  return (value) => (value === null ? null : inner(value));
}

/** JSON text of the value; null stays null (as free-form JSON may be). */
export function encodeJsonText<T>(inner: Encoder<T>): Encoder<T> {
  return (value) => (value === null ? null : JSON.stringify(inner(value)));
}

export function encodeText<T extends number | boolean>(value: T): Json {
  return String(value);
}

/** Parses a JSON text and decodes it; bad JSON is a DecodeError at the root. */
export function decodeJsonText<T>(text: string, decode: Decoder<T>): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail("", `not JSON: ${(error as Error).message}`);
  }
  return decode(parsed, "");
}

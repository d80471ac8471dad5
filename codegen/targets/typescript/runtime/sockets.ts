// Socket.IO channels: socket.io-client 4 behind typed, generated classes.
//
// One SocketChannel per socketio path. What it adds to socket.io-client: connect parameters
// rebuilt from the token store on every connect and reconnect (so a refreshed token is
// used), payloads decoded before callbacks see them, callbacks that cannot take the
// connection down, and automatic replies (`pong` to `ping`).
//
// Header parameters travel as `extraHeaders` of the websocket transport, which Node's `ws`
// sends. Browsers cannot set headers on a WebSocket: channels authenticated by headers
// work from Node only; query parameters work everywhere.

import { io, type Socket } from "socket.io-client";

import { DecodeError, type Decoder, type Json } from "./decode.js";
import { redactUrl } from "./errors.js";
import { TokenStore, type Scalar } from "./http.js";
import { socketBase, type Server } from "./servers.js";

/** One header or query value sent on connect (see the spec's `parameters`). */
export interface ConnectParam {
  readonly name: string;
  readonly wire: string;
  readonly location: "query" | "header";
  /** Filled from the token store on every (re)connect instead of from the caller. */
  readonly token?: "access" | "refresh";
  readonly required: boolean;
}

/** What the spec says of one channel; generated classes pass theirs to the constructor. */
export interface ChannelSpec {
  readonly name: string;
  readonly path: string;
  readonly auth: string;
  readonly parameters: readonly ConnectParam[];
  readonly emits: readonly string[];
  readonly listens: readonly string[];
  /** (event heard, event emitted in answer), e.g. ["ping", "pong"]. */
  readonly replies: readonly (readonly [string, string])[];
}

export interface SocketOptions {
  /** A token store shared with a REST client (`client.tokens`), so refreshed tokens are used. */
  readonly tokens?: TokenStore;
  readonly accessToken?: string;
  readonly refreshToken?: string;
  /** How long `connect` waits for the server to accept the channel; 10000 by default. */
  readonly connectTimeoutMs?: number;
  /** Reconnect by itself after a drop; true by default. */
  readonly reconnection?: boolean;
}

/** A Socket.IO channel could not do what was asked. */
export class SocketError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SocketError";
  }
}

/** The server refused the channel, or could not be reached in time. */
export class SocketConnectError extends SocketError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SocketConnectError";
  }
}

/** An emit on a channel that is not connected; nothing was sent. */
export class SocketNotConnectedError extends SocketError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SocketNotConnectedError";
  }
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The longest `disconnect` waits for the connection to close (what was emitted leaves first). */
const CLOSE_WAIT_MS = 5_000;

type Engine = Socket["io"]["engine"];
type Handler = (args: readonly unknown[]) => void;

/** The runtime half of a generated channel class: connection, emits and callbacks. */
export abstract class SocketChannel {
  readonly spec: ChannelSpec;
  /** The Socket.IO base URL; the channel's path is `spec.path`. */
  readonly baseUrl: string;
  readonly tokens: TokenStore;

  readonly #connectTimeoutMs: number;
  readonly #reconnection: boolean;
  readonly #handlers = new Map<string, Set<Handler>>();
  readonly #connectCallbacks = new Set<() => void>();
  readonly #disconnectCallbacks = new Set<(reason: string) => void>();
  readonly #errorCallbacks = new Set<(error: Error) => void>();
  #socket: Socket | null = null;
  #values: Readonly<Record<string, string>> = {};
  #abandon: ((reason: string) => void) | null = null; // rejects a connect in progress
  #closing: Promise<void> = Promise.resolve(); // the last close, awaited by the next

  protected constructor(
    spec: ChannelSpec,
    servers: Readonly<Record<string, Server>>,
    server: string,
    options: SocketOptions = {},
  ) {
    this.spec = spec;
    this.baseUrl = socketBase(server, servers);
    this.tokens = options.tokens ?? new TokenStore();
    if (options.tokens === undefined) {
      this.tokens.set(options.accessToken ?? null, options.refreshToken ?? null);
    }
    this.#connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.#reconnection = options.reconnection ?? true;
    for (const [heard, reply] of spec.replies) {
      this.listen(heard, null, () => this.#reply(reply));
    }
  }

  get connected(): boolean {
    return this.#socket?.connected ?? false;
  }

  /** Call `callback()` after each connect and reconnect; returns the unsubscribe function. */
  onConnect(callback: () => void): () => void {
    return subscribe(this.#connectCallbacks, callback);
  }

  /** Call `callback(reason)` whenever the connection drops or is closed. */
  onDisconnect(callback: (reason: string) => void): () => void {
    return subscribe(this.#disconnectCallbacks, callback);
  }

  /**
   * Call `callback(error)` for what cannot be thrown to a caller: a refused reconnect, an
   * event that does not decode (its callbacks are skipped), a callback that threw. Without
   * any such callback these go to console.error.
   */
  onError(callback: (error: Error) => void): () => void {
    return subscribe(this.#errorCallbacks, callback);
  }

  /**
   * Connect with the caller's parameter values (keyed by ConnectParam.name, already in wire
   * form); token parameters are read from the token store on every attempt.
   */
  protected async open(values: Readonly<Record<string, Scalar | null | undefined>>): Promise<void> {
    const name = this.spec.name;
    if (this.connected) throw new SocketError(`${name}: already connected`);
    const given: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      if (value !== null && value !== undefined) given[key] = text(value);
    }
    // Tokens are not checked here: what the store holds is sent, and the server says what
    // it misses (the HIA connects without a refresh token, say).
    const missing = this.spec.parameters
      .filter((p) => p.required && p.token === undefined && !Object.hasOwn(given, p.name))
      .map((p) => p.name);
    if (missing.length > 0) {
      throw new Error(`${name}: cannot connect without ${missing.join(", ")}`);
    }
    this.#values = given;
    this.#abandon?.("another connect was started");
    await this.#close(this.#socket); // a socket left from an earlier connect
    const socket = this.#create();
    const where = `${redactUrl(this.baseUrl)}${this.spec.path}`;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => abandon(`no answer within ${this.#connectTimeoutMs} ms`),
        this.#connectTimeoutMs,
      );
      const settle = (): void => {
        clearTimeout(timer);
        socket.off("connect", connected);
        socket.off("connect_error", refused);
        this.#abandon = null;
      };
      const connected = (): void => {
        settle();
        resolve();
      };
      // The first attempt decides, as python-socketio's connect does: no retrying here.
      const abandon = (reason: string): void => {
        settle();
        void this.#close(socket);
        reject(new SocketConnectError(`${name}: cannot connect to ${where}: ${reason}`));
      };
      const refused = (error: Error): void => abandon(error.message || "refused");
      this.#abandon = abandon;
      socket.on("connect", connected);
      socket.on("connect_error", refused);
      socket.connect();
    });
  }

  /** Send `event` now; SocketNotConnectedError when the channel is down (nothing sent). */
  protected emitEvent(
    event: string,
    payload: Json | undefined,
    ack?: (...args: unknown[]) => void,
  ): void {
    const socket = this.#socket;
    if (socket === null || !socket.connected) {
      throw new SocketNotConnectedError(`${this.spec.name}: not connected; ${event} not sent`);
    }
    const args: unknown[] = payload === undefined ? [] : [payload];
    if (ack !== undefined) args.push(ack);
    socket.emit(event, ...args);
  }

  /**
   * Call `callback` with each `event`'s payload, decoded by `decode` (null: the event
   * carries nothing). Returns the unsubscribe function.
   */
  protected listen<T>(
    event: string,
    decode: Decoder<T> | null,
    callback: (payload: T) => void,
  ): () => void {
    const handler: Handler = (args) => {
      let payload: T;
      try {
        payload = decode === null ? (undefined as T) : decode(args[0] ?? null, "");
      } catch (error) {
        const why = error instanceof DecodeError ? "does not decode" : "could not be decoded";
        const message = `${this.spec.name}: dropped a ${event} event that ${why}: ${reason(error)}`;
        this.#report(new SocketError(message, { cause: error }));
        return;
      }
      this.#guarded(event, () => callback(payload));
    };
    let handlers = this.#handlers.get(event);
    if (handlers === undefined) {
      handlers = new Set();
      this.#handlers.set(event, handlers);
    }
    return subscribe(handlers, handler);
  }

  /** Close the channel and stop reconnecting, once what was emitted has been handed over. */
  async disconnect(): Promise<void> {
    this.#abandon?.("disconnected before the connection was made");
    await this.#close(this.#socket);
  }

  #create(): Socket {
    const url = new URL(this.baseUrl);
    const socket = io(`${url.protocol}//${url.host}`, {
      path: this.spec.path,
      transports: ["websocket"],
      forceNew: true, // one connection per channel: sharing one would mix up the paths
      autoConnect: false,
      reconnection: this.#reconnection,
      timeout: this.#connectTimeoutMs,
      query: this.#query(url),
      extraHeaders: this.#params("header"),
    });
    // Reconnects send the parameters again, with whatever tokens are current by then.
    socket.io.on("reconnect_attempt", () => {
      socket.io.opts.query = this.#query(url);
      socket.io.opts.extraHeaders = this.#params("header");
    });
    socket.on("connect", () => {
      for (const callback of [...this.#connectCallbacks]) this.#guarded("connect", callback);
    });
    socket.on("disconnect", (why: string) => {
      for (const callback of [...this.#disconnectCallbacks]) {
        this.#guarded("disconnect", () => callback(why));
      }
    });
    socket.on("connect_error", (error: Error) => {
      if (this.#abandon !== null) return; // a connect in progress rejects with it instead
      const message = `${this.spec.name}: reconnect refused: ${error.message || "no reason"}`;
      this.#report(new SocketConnectError(message));
    });
    socket.onAny((event: string, ...args: unknown[]) => {
      for (const handler of [...(this.#handlers.get(event) ?? [])]) handler(args);
    });
    this.#socket = socket;
    return socket;
  }

  /** The base URL's own query, then the channel's query parameters. */
  #query(url: URL): Record<string, string> {
    const query: Record<string, string> = {};
    url.searchParams.forEach((value, key) => (query[key] = value)); // DOM.Iterable not assumed
    return { ...query, ...this.#params("query") };
  }

  #params(location: "query" | "header"): Record<string, string> {
    const found: Record<string, string> = {};
    for (const param of this.spec.parameters) {
      if (param.location !== location) continue;
      const value = param.token ? this.#token(param) : this.#values[param.name];
      if (value !== undefined && value !== null) found[param.wire] = value;
    }
    return found;
  }

  #token(param: ConnectParam): string | null {
    return param.token === "refresh" ? this.tokens.refresh : this.tokens.access;
  }

  #close(socket: Socket | null): Promise<void> {
    if (socket === null) return this.#closing;
    if (socket === this.#socket) this.#socket = null;
    const engine: Engine | undefined = socket.io.engine; // undefined before the first open
    const closed =
      engine !== undefined && engine.readyState !== "closed"
        ? new Promise<void>((resolve) => engine.once("close", () => resolve()))
        : Promise.resolve();
    // Sends the DISCONNECT packet and stops reconnecting; the engine closes the websocket
    // once its write buffer is drained, so packets emitted just before are not lost.
    socket.disconnect();
    this.#closing = bounded(closed, CLOSE_WAIT_MS).then(() => {
      socket.offAny();
      socket.removeAllListeners();
      socket.io.removeAllListeners();
    });
    return this.#closing;
  }

  #reply(event: string): void {
    try {
      this.emitEvent(event, undefined);
    } catch (error) {
      if (!(error instanceof SocketNotConnectedError)) throw error;
      // the connection went away meanwhile: nobody to answer
    }
  }

  /** Run a user callback; what it throws (or rejects with) is reported, never raised. */
  #guarded(what: string, run: () => unknown): void {
    const failed = (error: unknown): void => {
      const message = `${this.spec.name}: the ${what} callback threw: ${reason(error)}`;
      this.#report(new SocketError(message, { cause: error }));
    };
    try {
      const result = run();
      if (result instanceof Promise) result.catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  #report(error: Error): void {
    if (this.#errorCallbacks.size === 0) {
      console.error(error);
      return;
    }
    for (const callback of [...this.#errorCallbacks]) {
      try {
        callback(error);
      } catch (failure) {
        console.error(failure);
      }
    }
  }
}

/** Resolves when `promise` does, or after `ms` at the latest. */
async function bounded(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([promise, waited]);
  clearTimeout(timer);
}

function subscribe<T>(set: Set<T>, item: T): () => void {
  set.add(item);
  return () => {
    set.delete(item);
  };
}

/** Header and query values travel as text (booleans as JSON spells them). */
function text(value: Scalar): string {
  return typeof value === "boolean" ? (value ? "true" : "false") : String(value);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// The generated TypeScript clients end to end, under Node, against a running sandbox.
//
// Driven by tests/e2e/test_typescript_client.py, which copies the generated packages beside
// this script (<work>/neurospeed-api, <work>/e4connect-api, <work>/flow/flow.ts), compiles
// them with tsc and runs the result with the sandbox's URLs and accounts in the environment.
// The script prints one JSON line of what it saw; the pytest side judges it. Every wait is
// bounded, and every socket is disconnected at the end so that Node exits by itself.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";

import {
  ApiConnectionError,
  ApiError,
  AuthenticationError,
  Client,
  DecodeError,
  HiaSocket,
  NotFoundError,
  ServerError,
  SocketConnectError,
  SocketNotConnectedError,
  UserRoomAsUserSocket,
  decodePipelinePacket,
  type DataPacket,
  type SensorInfo,
} from "../neurospeed-api/src/index.js";
// Each package carries its own copy of the runtime, so its own error classes.
import {
  AuthenticationError as E4AuthenticationError,
  Client as E4Client,
} from "../e4connect-api/src/index.js";

const WAIT_MS = 10_000; // the longest any one condition is waited for
const HIA_ID = "tsflw1";
const STREAM = `EEG_${HIA_ID}`;

const SENSOR: SensorInfo = {
  deviceType: "EEG",
  channelCount: 2,
  channelMap: ["Fp1", "Fp2"],
  samplingFrequency: 256,
  manufacturerId: "sdk-tests",
  sensorId: STREAM,
  streamId: STREAM,
  streamState: "enabled",
};

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const SANDBOX = env("NS_SANDBOX_URL");
const API = env("NS_API_URL");
const SOCKETS = env("NS_SOCKET_URL");
const E4 = env("NS_E4_URL");
const CUSTOMER = { email: env("NS_CUSTOMER_EMAIL"), password: env("NS_CUSTOMER_PASSWORD") };
const ACCOUNT = env("NS_ACCOUNT_ID");
const USER = { username: env("NS_USERNAME"), password: env("NS_USER_PASSWORD") };
const E4_USER = { username: env("NS_E4_EMAIL"), password: env("NS_E4_PASSWORD") };
const CLOSED = env("NS_CLOSED_URL"); // nothing listens there

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Poll `probe` until `done` holds; throws after WAIT_MS. */
async function waitFor<T>(what: string, probe: () => Promise<T> | T, done: (value: T) => boolean) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what}: still ${JSON.stringify(value)} after ${WAIT_MS} ms`);
    }
    await sleep(20);
  }
}

/** A promise settled by `start`'s resolve, or rejected after WAIT_MS. */
function within<T>(what: string, start: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: nothing in ${WAIT_MS} ms`)), WAIT_MS);
    start((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** The error a call rejects with (the call must reject). */
async function failure(what: string, call: () => Promise<unknown>): Promise<Error> {
  try {
    await call();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`${what}: rejected with a non-Error: ${String(error)}`);
  }
  throw new Error(`${what}: succeeded, but it should have failed`);
}

/** What the summary shows of an error; the fields of an ApiError of either package. */
function described(error: Error): Record<string, unknown> {
  const fields = error as Error & { status?: unknown; method?: unknown; url?: unknown };
  return {
    name: error.name,
    message: error.message,
    isApiError: error instanceof ApiError,
    status: fields.status,
    method: fields.method,
    url: fields.url,
  };
}

async function sandboxHook(method: string, path: string, body?: unknown): Promise<unknown> {
  const answer = await fetch(`${SANDBOX}/__sandbox__/${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  if (!answer.ok) throw new Error(`${method} /__sandbox__/${path}: ${answer.status}`);
  return answer.json();
}

async function restFlow(customer: Client) {
  const me = await customer.customers.current();
  const created = await customer.users.create(USER);
  const recorder = await customer.recorder.create({
    username: USER.username,
    recorderName: "ts-flow",
  });
  const recording = await waitFor(
    "recorder status",
    async () => (await customer.recorder.get({ id: recorder.id })).status,
    (status) => status === "recording",
  );
  return { me, created, recorder, recording };
}

async function streamFlow(user: Client) {
  const room = new UserRoomAsUserSocket(SOCKETS, { tokens: user.tokens });
  const hia = new HiaSocket(SOCKETS, { tokens: user.tokens });
  const problems: string[] = [];
  for (const channel of [room, hia]) channel.onError((error) => problems.push(error.message));
  hia.onPipelineError((error) => problems.push(`pipeline_error: ${error.message}`));
  const events: string[] = [];
  room.onEvents((event) => {
    if (event.hiaId === HIA_ID) events.push(event.type);
  });
  let pings = 0;
  hia.onPing(() => (pings += 1));
  try {
    await room.connect();
    await hia.connect({
      hiaId: HIA_ID,
      sensorsInfo: { [STREAM]: SENSOR },
      currentLocalTime: Math.floor(Date.now() / 1000),
      localTimezone: "+0000",
      hiaVersion: "ts-e2e",
    });
    const connected = { room: room.connected, hia: hia.connected };
    await waitFor(
      "pings from the server",
      () => pings,
      (count) => count >= 3,
    );
    const sent = [
      [1.5, -2.25, 1700000000.0],
      [3.0, 4.5, 1700000000.25],
      [-0.125, 8.0, 1700000000.5],
    ];
    room.onData(() => {
      throw new Error("a bug in the user's callback"); // reported; the others still run
    });
    const arrived = within<DataPacket>("data in the user room", (resolve) => {
      room.onData((packet) => {
        if (packet.streamId === STREAM && packet.hiaId === HIA_ID) resolve(packet);
      });
    });
    hia.emitPipeline({
      streamId: STREAM,
      deviceType: "EEG",
      hiaId: HIA_ID,
      data: { sample: sent },
      experiment: { packetLabels: ["flow"], onetimeLabels: [] },
    });
    const packet = await arrived;
    await waitFor(
      "the connect event",
      () => events,
      (seen) => seen.includes("connect"),
    );
    return {
      connected,
      stillConnected: { room: room.connected, hia: hia.connected },
      pings,
      events: [...events],
      sent,
      received: packet.data?.sample ?? null,
      deviceType: packet.deviceType,
      channelCount: packet.sensorInfo.channelCount,
      problems,
    };
  } finally {
    await hia.disconnect();
    await room.disconnect();
  }
}

async function socketErrors() {
  const refusedHia = new HiaSocket(SOCKETS, { accessToken: "not-a-token", reconnection: false });
  const refused = await failure("a HIA with a bad token", () =>
    refusedHia.connect({
      hiaId: HIA_ID,
      sensorsInfo: { [STREAM]: SENSOR },
      currentLocalTime: 0,
      localTimezone: "+0000",
    }),
  );
  let notConnected = "";
  try {
    refusedHia.emitPong();
  } catch (error) {
    notConnected = error instanceof SocketNotConnectedError ? error.name : String(error);
  }
  await refusedHia.disconnect();
  return {
    refused: { ...described(refused), isConnectError: refused instanceof SocketConnectError },
    notConnected,
    connectedAfter: refusedHia.connected,
  };
}

async function resilience(customer: Client) {
  // Two injected 503s on an idempotent GET: retried, then answered.
  const lines: string[] = [];
  const logged = new Client(API, {
    accessToken: customer.tokens.access ?? "",
    timeoutMs: 5_000,
    retry: { backoffMs: 10 },
    logger: (line) => lines.push(line),
  });
  const fault = { method: "GET", path: "/api/customers/current", status: 503, count: 2 };
  await sandboxHook("POST", "faults", fault);
  const current = await logged.customers.current();
  const retried = { accountId: current.accountId, lines: lines.filter((l) => l.includes("503")) };

  // A POST answered 503 is not sent again.
  await sandboxHook("POST", "faults", { method: "POST", path: "/api/users/list", status: 503 });
  const page = { pager: { pageNumber: 1, pageSize: 5 }, filters: {} };
  const post = await failure("a POST answered 503", () => logged.users.list(page));
  const pending = await sandboxHook("GET", "faults");

  // A refused access token: one refresh, shared by calls that hit the 401 together.
  const stale = new Client(API, {
    accessToken: "not-a-token",
    refreshToken: customer.tokens.refresh ?? "",
    timeoutMs: 5_000,
  });
  const refresher = stale.transport.refresher;
  let refreshes = 0;
  stale.transport.refresher = async (token) => {
    refreshes += 1;
    if (refresher === null) throw new Error("the client has no refresher");
    return refresher(token);
  };
  const before = stale.tokens.generation;
  const answers = await Promise.all([1, 2, 3, 4].map(() => stale.customers.current()));
  const refreshed = {
    refreshes,
    generations: stale.tokens.generation - before,
    emails: answers.map((a) => a.email),
    changed: stale.tokens.access !== "not-a-token",
  };

  // Secrets stay out of errors and of printed token stores.
  const wrong = await failure("a wrong password", () =>
    new Client(API).auth.login({ email: CUSTOMER.email, password: "the-wrong-secret" }),
  );
  const access = customer.tokens.access ?? "";
  const shown = [
    String(customer.tokens),
    JSON.stringify(customer.tokens),
    inspect(customer.tokens),
  ];
  return {
    retried,
    post: { ...described(post), isServerError: post instanceof ServerError },
    pending,
    refreshed,
    wrongLogin: {
      ...described(wrong),
      isAuthError: wrong instanceof AuthenticationError,
      leaks: wrong.message.includes("the-wrong-secret"),
    },
    tokensHidden: access.length > 0 && shown.every((text) => !text.includes(access)),
  };
}

async function network() {
  const lines: string[] = [];
  const options = { retry: { backoffMs: 10 }, logger: (line: string) => lines.push(line) };
  // Refused connections: nothing was sent, so the POST is tried again as well as the GET.
  const closed = new Client(CLOSED, options);
  const get = await failure("a GET to a closed port", () => closed.customers.current());
  const getAttempts = lines.splice(0).length;
  const post = await failure("a POST to a closed port", () => closed.auth.login(CUSTOMER));
  const postAttempts = lines.splice(0).length;

  // A server that takes the request and never answers: the timeout of each attempt.
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const { port } = silent.address() as AddressInfo;
  try {
    const slow = new Client(`http://127.0.0.1:${port}/api`, {
      ...options,
      timeoutMs: 200,
      retry: 2,
    });
    const started = Date.now();
    const timedOut = await failure("a server that never answers", () => slow.customers.current());
    return {
      refusedGet: { ...described(get), isConnectionError: get instanceof ApiConnectionError },
      getAttempts,
      refusedPost: described(post),
      postAttempts,
      timedOut: { ...described(timedOut), ms: Date.now() - started },
      timeoutAttempts: lines.length,
    };
  } finally {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
}

function decodeFailure() {
  const bad = {
    stream_id: STREAM,
    device_type: "EEG",
    hia_id: HIA_ID,
    data: JSON.stringify({
      sample: [
        [1, 2, 3],
        [4, "five", 6],
      ],
    }),
    experiment: {},
  };
  try {
    decodePipelinePacket(bad, "");
  } catch (error) {
    if (error instanceof DecodeError) {
      return { name: error.name, message: error.message, paths: error.problems.map((p) => p.path) };
    }
    throw error;
  }
  throw new Error("a packet with a text sample value decoded");
}

async function e4Flow() {
  const portal = new E4Client(E4, { timeoutMs: 5_000 });
  const before = await failure("a portal call without a login", () => portal.account.userId());
  const wrong = await failure("a portal login with a wrong password", () =>
    portal.account.authenticate({ username: E4_USER.username, password: "e4-wrong-secret" }),
  );
  const afterWrong = portal.hasSession;
  await portal.account.authenticate(E4_USER);
  const loggedIn = portal.hasSession;
  const userId = await portal.account.userId();
  const sessions = await portal.sessions.list({ userId });
  const devices = await portal.devices.purchased({ userId });
  const first = sessions[0];
  if (first === undefined) throw new Error("the portal account has no session");
  const progress: [number, number | null][] = [];
  const zip = await portal.sessions.download({
    id: first.id,
    onProgress: (received, total) => progress.push([received, total]),
  });
  const last = progress[progress.length - 1] ?? null;
  const fault = { method: "GET", path: `${new URL(E4).pathname}/download.php`, cut_after: 1000 };
  await sandboxHook("POST", "faults", fault);
  const cut = await failure("a download cut short", () => portal.sessions.download(first));
  portal.clearSession();
  return {
    before: described(before),
    beforeIsAuthError: before instanceof E4AuthenticationError,
    wrong: { ...described(wrong), leaks: wrong.message.includes("e4-wrong-secret") },
    afterWrong,
    loggedIn,
    userId,
    sessions: sessions.length,
    devices: devices.map((d) => d.deviceId),
    zip: { size: zip.byteLength, magic: [...zip.subarray(0, 2)], lastProgress: last },
    cut: described(cut),
    afterClear: portal.hasSession,
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const customer = new Client(API, { timeoutMs: 5_000 });
  await customer.auth.login(CUSTOMER);
  const rest = await restFlow(customer);
  const user = new Client(API, { timeoutMs: 5_000 });
  await user.users.login({ accountId: ACCOUNT, ...USER });
  const stream = await streamFlow(user);
  const stopped = await customer.recorder.update({ id: rest.recorder.id, status: "stopped" });
  const after = await customer.recorder.get({ id: rest.recorder.id });
  const missing = await failure("a recorder that does not exist", () =>
    customer.recorder.get({ id: 987654321 }),
  );
  const summary = {
    customer: { accountId: rest.me.accountId, email: rest.me.email },
    user: { id: rest.created.id, username: rest.created.username, hasToken: !!user.tokens.access },
    recorder: {
      created: rest.recorder.status,
      recording: rest.recording,
      stopped: stopped.status,
      after: after.status,
      packetsCount: after.packetsCount,
      streamIds: after.streamIds,
    },
    stream,
    sockets: await socketErrors(),
    notFound: { ...described(missing), isNotFound: missing instanceof NotFoundError },
    decode: decodeFailure(),
    network: await network(),
    resilience: await resilience(customer),
    e4: await e4Flow(),
    ms: Date.now() - started,
  };
  console.log(JSON.stringify(summary));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});

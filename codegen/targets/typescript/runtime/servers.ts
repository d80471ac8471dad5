// Named deployments of an API (production, test, local), as the spec declares them.

/** Base URLs of one deployment: REST (`http`) and Socket.IO (`socket`). */
export interface Server {
  readonly name: string;
  readonly http: string;
  readonly socket?: string;
  readonly description?: string;
}

/** The REST base URL of a named server, or `server` itself when it is an http(s) URL. */
export function httpBase(server: string, servers: Readonly<Record<string, Server>>): string {
  const url = known(server, servers)?.http ?? server;
  if (!/^https?:\/\//i.test(url)) {
    throw new Error(`${unknown(server, servers)}, nor an http:// or https:// URL`);
  }
  return url.replace(/\/+$/, "");
}

/** The Socket.IO base URL of a named server, or `server` itself when it is such a URL. */
export function socketBase(server: string, servers: Readonly<Record<string, Server>>): string {
  const chosen = known(server, servers);
  if (chosen !== undefined && chosen.socket === undefined) {
    throw new Error(`server "${chosen.name}" has no Socket.IO address`);
  }
  const url = chosen?.socket ?? server;
  if (!/^(wss?|https?):\/\//i.test(url)) {
    throw new Error(`${unknown(server, servers)}, nor a ws://, wss://, http:// or https:// URL`);
  }
  return url.replace(/\/+$/, "");
}

// Object.hasOwn: a name such as "constructor" must not find Object.prototype's member.
function known(server: string, servers: Readonly<Record<string, Server>>): Server | undefined {
  return Object.hasOwn(servers, server) ? servers[server] : undefined;
}

function unknown(server: string, servers: Readonly<Record<string, Server>>): string {
  const names = Object.keys(servers).join(", ");
  return `"${server}" is not a known server (${names})`;
}

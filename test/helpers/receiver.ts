import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  n: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering (a slow receiver). */
  delayMs?: number;
}

export type Responder = (request: ReceivedRequest) => Reply;

/**
 * A real HTTP receiver on loopback that records every request and answers as the test
 * says; the responder can be changed mid-test (a receiver that recovers).
 */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private server?: Server;
  /** The loopback address it listens on (127.0.0.2 and so on are loopback too, on Linux). */
  private host = '127.0.0.1';
  private waiters: (() => void)[] = [];
  respond: Responder = () => ({ status: 200, body: 'ok' });

  static async start(respond?: Responder, options: { host?: string } = {}): Promise<Receiver> {
    const receiver = new Receiver();
    if (respond) receiver.respond = respond;
    if (options.host) receiver.host = options.host;
    await receiver.listen();
    return receiver;
  }

  url(path = '/hook'): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://${this.host}:${port}${path}`;
  }

  private listen(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: ReceivedRequest = {
          n: this.requests.length + 1,
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        this.requests.push(request);
        for (const wake of this.waiters.splice(0)) wake();
        const reply = this.respond(request);
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(reply.status ?? 200, reply.headers ?? {});
          res.end(reply.body ?? '');
        };
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
      });
    });
    return new Promise((resolve) => this.server!.listen(0, this.host, resolve));
  }

  /** Resolves when at least `count` requests arrived (optionally matching), or throws after `timeoutMs`. */
  async waitForRequests(
    count: number,
    timeoutMs = 20_000,
    filter: (r: ReceivedRequest) => boolean = () => true,
  ): Promise<ReceivedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.requests.filter(filter);
      if (matching.length >= count) return matching;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} request(s), received ${matching.length} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Polls `probe` until it returns a truthy value. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** The receivers a test file starts, all closed in its afterAll. */
export class ReceiverPool {
  private readonly started: Receiver[] = [];

  readonly start = async (...args: Parameters<typeof Receiver.start>): Promise<Receiver> => {
    const receiver = await Receiver.start(...args);
    this.started.push(receiver);
    return receiver;
  };

  async closeAll(): Promise<void> {
    await Promise.all(this.started.splice(0).map((r) => r.close()));
  }
}

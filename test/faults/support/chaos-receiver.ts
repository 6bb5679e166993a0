import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the receiver does with one request. */
export type ChaosMode = 'ok' | 'http500' | 'timeout' | 'reset' | 'slowBody' | 'hugeBody';

export interface ChaosRequest {
  webhookId: string;
  mode: ChaosMode;
  /** The status sent, when one was (not for reset; late for timeout). */
  status: number | undefined;
  receivedAt: number;
}

export const HUGE_BODY_BYTES = 5 * 1024 * 1024;
const HUGE = Buffer.alloc(HUGE_BODY_BYTES, 'x');

/**
 * A loopback receiver that misbehaves on purpose: `pick` chooses, per request, to answer
 * 200, answer 500, answer too late (after twice the sender's timeout), reset the
 * connection, send a 200 whose body trickles in slowly, or a 5 MB body (200 or 502).
 */
export class ChaosReceiver {
  readonly requests: ChaosRequest[] = [];
  private server?: Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly pick: () => { mode: ChaosMode; hugeStatus: number },
    private readonly senderTimeoutMs: number,
  ) {}

  static async start(pick: () => { mode: ChaosMode; hugeStatus: number }, senderTimeoutMs: number): Promise<ChaosReceiver> {
    const receiver = new ChaosReceiver(pick, senderTimeoutMs);
    receiver.server = createServer((req, res) => receiver.handle(req, res));
    // The sender hangs up on purpose (timeouts, the 4 KiB excerpt): not our error.
    receiver.server.on('connection', (socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => receiver.server!.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${path}`;
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    res.on('error', () => undefined);
    // Recorded on arrival, so a request the sender gives up on before its body is read
    // still counts as one request; the behaviour starts once the body is in.
    const { mode, hugeStatus } = this.pick();
    const record: ChaosRequest = { webhookId: String(req.headers['webhook-id']), mode, status: undefined, receivedAt: Date.now() };
    this.requests.push(record);
    req.resume();
    req.on('end', () => {
      const send = (status: number, body: string | Buffer) => {
        if (res.destroyed) return;
        record.status = status;
        res.writeHead(status, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
      };
      switch (mode) {
        case 'ok':
          return send(200, 'ok');
        case 'http500':
          return send(500, 'internal error, try later');
        case 'timeout':
          return this.later(this.senderTimeoutMs * 2, () => send(200, 'too late'));
        case 'reset':
          req.socket.destroy();
          return;
        case 'slowBody': {
          record.status = 200;
          res.writeHead(200, { 'content-type': 'text/plain' });
          let chunks = 0;
          const drip = () => {
            if (res.destroyed) return;
            if (++chunks > 8) return void res.end('done\n');
            res.write(`chunk ${chunks}\n`);
            this.later(150, drip);
          };
          return drip();
        }
        case 'hugeBody':
          return send(hugeStatus, HUGE);
      }
    });
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receipt {
  at: number;
  webhookId: string;
  path: string;
  status: number;
  /** data.sentAt from the body, when the phase asks for it. */
  sentAt?: number;
  /** Ordered delivery: the webhook-ordering-key (decoded) and webhook-sequence headers, when sent. */
  orderingKey?: string;
  sequence?: number;
}

/** Decides the answer; `seen` is how many times this webhook-id reached this path before. */
export type Policy = (path: string, webhookId: string, seen: number) => number;

/**
 * The bench's receiver: node:http on 127.0.0.1, keep-alive, records the receipt time of
 * every request and answers as the phase's policy says (200 unless told).
 */
export class BenchReceiver {
  receipts: Receipt[] = [];
  policy: Policy = () => 200;
  parseSentAt = false;
  private seen = new Map<string, number>();
  private waiters: { count: number; wake: () => void }[] = [];
  private server!: Server;

  static async start(): Promise<BenchReceiver> {
    const receiver = new BenchReceiver();
    receiver.server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const at = Date.now();
        const webhookId = String(req.headers['webhook-id'] ?? '');
        const path = req.url ?? '';
        const key = `${path} ${webhookId}`;
        const seen = receiver.seen.get(key) ?? 0;
        receiver.seen.set(key, seen + 1);
        const status = receiver.policy(path, webhookId, seen);
        const receipt: Receipt = { at, webhookId, path, status };
        const sequence = req.headers['webhook-sequence'];
        if (typeof sequence === 'string') {
          receipt.sequence = Number(sequence);
          receipt.orderingKey = decodeURIComponent(String(req.headers['webhook-ordering-key'] ?? ''));
        }
        if (receiver.parseSentAt) {
          try {
            const sentAt = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: { sentAt?: unknown } }).data?.sentAt;
            if (typeof sentAt === 'number') receipt.sentAt = sentAt;
          } catch {
            // not JSON: no sentAt
          }
        }
        receiver.receipts.push(receipt);
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status < 300 ? 'ok' : 'no');
        if (receiver.waiters.length) {
          receiver.waiters = receiver.waiters.filter((w) => {
            if (receiver.receipts.length < w.count) return true;
            w.wake();
            return false;
          });
        }
      });
    });
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Forget everything (between phases). */
  reset(policy: Policy = () => 200, parseSentAt = false): void {
    this.receipts = [];
    this.seen.clear();
    this.policy = policy;
    this.parseSentAt = parseSentAt;
  }

  /** Resolves true when `count` receipts arrived, false after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<boolean> {
    if (this.receipts.length >= count) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter = {
        count,
        wake: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      this.waiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

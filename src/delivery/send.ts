import { type buildConnector, type Dispatcher, Pool, request } from 'undici';
import type { AttemptErrorKind } from '../db/schema';
import { createGuardedConnector } from './guarded-connector';
import { headerSyntaxProblem } from './headers';
import type { TargetGuard } from './target-guard';

/** Response bodies are kept up to this many bytes; the rest is never read. */
export const RESPONSE_EXCERPT_BYTES = 4096;

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export type SendResult =
  | {
      kind: 'response';
      statusCode: number;
      headers: Record<string, string | string[] | undefined>;
      bodyExcerpt: string;
      durationMs: number;
    }
  | { kind: 'error'; errorKind: AttemptErrorKind; message: string; durationMs: number };

/** A send ends this long after the endpoint's timeout at the latest, whatever the client does. */
export const HARD_DEADLINE_MARGIN_MS = 1_000;
/** A pool that has served nothing for this long is closed (its origin's endpoints may be gone). */
const IDLE_POOL_MS = 5 * 60_000;

/**
 * Keep-alive connection pools, one per origin (scheme, host and port), each with its own
 * connections: receivers see reused connections, and one origin's broken connections
 * cannot use up another's. A pool that let a send overrun its hard deadline is thrown
 * away, so the next send to that origin starts on fresh connections. Every new
 * connection passes the SSRF guard on the address it connects to.
 */
export class OriginPools {
  private readonly pools = new Map<string, { pool: Pool; lastUsed: number }>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly connect: buildConnector.connector;

  constructor(
    guard: TargetGuard,
    private readonly connectionsPerOrigin = 64,
  ) {
    this.connect = createGuardedConnector(guard, { timeout: 10_000 });
    this.sweeper = setInterval(() => this.closeIdle(Date.now() - IDLE_POOL_MS), 60_000);
    this.sweeper.unref();
  }

  /** The pool for `origin`, created on first use. */
  poolFor(origin: string): Pool {
    const entry = this.pools.get(origin);
    if (entry) {
      entry.lastUsed = Date.now();
      return entry.pool;
    }
    const pool = new Pool(origin, {
      connections: this.connectionsPerOrigin,
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 30_000,
      connect: this.connect,
    });
    this.pools.set(origin, { pool, lastUsed: Date.now() });
    return pool;
  }

  /** Throws a pool away (if it is still the origin's) and destroys it with everything queued in it. */
  discard(origin: string, pool: Pool): void {
    if (this.pools.get(origin)?.pool === pool) this.pools.delete(origin);
    pool.destroy(new Error('connection pool discarded after a send overran its deadline')).catch(() => undefined);
  }

  private closeIdle(before: number): void {
    for (const [origin, entry] of this.pools) {
      const { running, pending } = entry.pool.stats;
      if (entry.lastUsed < before && running === 0 && pending === 0) {
        this.pools.delete(origin);
        entry.pool.close().catch(() => undefined);
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const pools = [...this.pools.values()].map((entry) => entry.pool);
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close().catch(() => pool.destroy().catch(() => undefined))));
  }
}

/**
 * POSTs one webhook. Never throws for what a receiver or the network does: a refused
 * connection, a timeout or a 500 are results, recorded as attempts. Redirects are not
 * followed (undici's `request` does not follow them), so a 3xx is a failed attempt.
 *
 * The send ends, as a timeout, at `timeoutMs` plus HARD_DEADLINE_MARGIN_MS at the latest,
 * even when the HTTP client ignores its abort signal (a request queued in a wedged pool
 * does): no receiver and no client state can hold a worker slot past that.
 */
export async function sendWebhook(input: SendRequest, pools: OriginPools): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const refused = refuseUnsendable(input);
  if (refused) return { kind: 'error', errorKind: 'connection', message: refused, durationMs: elapsed() };
  const origin = new URL(input.url).origin;
  const pool = pools.poolFor(origin);
  const controller = new AbortController();
  const abort = () => controller.abort(new DOMException('the receiver did not answer in time', 'TimeoutError'));
  const soft = setTimeout(abort, input.timeoutMs);
  let hard: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    hard = setTimeout(() => resolve('deadline'), input.timeoutMs + HARD_DEADLINE_MARGIN_MS);
  });
  const attempt = async (): Promise<SendResult> => {
    try {
      const response = await request(input.url, {
        method: 'POST',
        headers: input.headers,
        body: input.body,
        dispatcher: pool,
        signal: controller.signal,
        headersTimeout: input.timeoutMs,
        bodyTimeout: input.timeoutMs,
      });
      const bodyExcerpt = await readExcerpt(response.body, RESPONSE_EXCERPT_BYTES);
      return { kind: 'response', statusCode: response.statusCode, headers: response.headers, bodyExcerpt, durationMs: elapsed() };
    } catch (error) {
      // A request the client refused as invalid may have left its pool wedged: start the origin afresh.
      if (REFUSED_BY_CLIENT.has(errorCode(error) ?? '')) pools.discard(origin, pool);
      return { kind: 'error', ...classifyError(error, controller.signal), durationMs: elapsed() };
    }
  };
  try {
    const result = await Promise.race([attempt(), deadline]);
    if (result !== 'deadline') return result;
    abort();
    pools.discard(origin, pool);
    return { kind: 'error', errorKind: 'timeout', message: 'the receiver did not answer in time', durationMs: elapsed() };
  } finally {
    clearTimeout(soft);
    clearTimeout(hard);
  }
}

/** Why the HTTP client must not be handed this request (a bad URL or header), or undefined. */
function refuseUnsendable(input: SendRequest): string | undefined {
  if (!URL.canParse(input.url)) return 'connection failed (invalid URL)';
  // undici 8 can leave a pool wedged after a header it refuses: never hand it one.
  for (const [name, value] of Object.entries(input.headers)) {
    const problem = headerSyntaxProblem(name, value);
    if (problem) return `invalid request header "${name}": ${problem}`;
  }
  return undefined;
}

async function readExcerpt(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      chunks.push(buffer);
      size += buffer.length;
      if (size >= limit) break;
    }
  } catch {
    // A body cut short or too slow still leaves us the status code; keep what arrived.
  } finally {
    if (!body.destroyed) body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const REFUSED_BY_CLIENT = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);

export function classifyError(error: unknown, signal?: AbortSignal): { errorKind: AttemptErrorKind; message: string } {
  const code = errorCode(error);
  const name = (error as { name?: string } | undefined)?.name;
  if (signal?.aborted || name === 'TimeoutError' || name === 'AbortError' || (code && TIMEOUT_CODES.has(code))) {
    return { errorKind: 'timeout', message: 'the receiver did not answer in time' };
  }
  if (code && DNS_CODES.has(code)) return { errorKind: 'dns', message: `DNS lookup failed (${code})` };
  if (code === 'ERR_HOOKFLOW_BLOCKED') return { errorKind: 'blocked', message: (error as Error).message };
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return { errorKind: 'connection', message: `connection failed (${detail})` };
}

import { Agent, request, type Dispatcher } from 'undici';
import type { AttemptErrorKind } from '../db/schema';
import { createGuardedConnector } from './guarded-connector';
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

/**
 * One keep-alive connection pool per worker process; receivers see reused connections.
 * Every new connection passes the SSRF guard on the address it connects to.
 */
export function createDispatcher(guard: TargetGuard): Dispatcher {
  return new Agent({
    keepAliveTimeout: 4_000,
    keepAliveMaxTimeout: 30_000,
    connections: 64,
    connect: createGuardedConnector(guard, { timeout: 10_000 }),
  });
}

/**
 * POSTs one webhook. Never throws for what a receiver or the network does: a refused
 * connection, a timeout or a 500 are results, recorded as attempts. Redirects are not
 * followed (undici's `request` does not follow them), so a 3xx is a failed attempt.
 */
export async function sendWebhook(input: SendRequest, dispatcher: Dispatcher): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(input.timeoutMs);
  try {
    const response = await request(input.url, {
      method: 'POST',
      headers: input.headers,
      body: input.body,
      dispatcher,
      signal,
      headersTimeout: input.timeoutMs,
      bodyTimeout: input.timeoutMs,
    });
    const bodyExcerpt = await readExcerpt(response.body, RESPONSE_EXCERPT_BYTES);
    return { kind: 'response', statusCode: response.statusCode, headers: response.headers, bodyExcerpt, durationMs: elapsed() };
  } catch (error) {
    return { kind: 'error', ...classifyError(error, signal), durationMs: elapsed() };
  }
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

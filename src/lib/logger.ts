import pino, { type Logger } from 'pino';
import { activeTraceId, tracing } from './tracing';

export type { Logger };

/**
 * Paths pino blanks in every log line. Secrets and payload bodies never reach logs:
 * request authorization, signing secrets, API keys, webhook bodies.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'request.headers.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'authorization',
  '*.authorization',
  'secret',
  'secrets',
  '*.secret',
  '*.secrets',
  '*.*.secret',
  'previousSecret',
  '*.previousSecret',
  'previous_secret',
  '*.previous_secret',
  'adminApiKey',
  '*.adminApiKey',
  'apiKey',
  '*.apiKey',
  'key',
  '*.key',
  'secretEncryptionKey',
  '*.secretEncryptionKey',
  '*.*.secretEncryptionKey',
  'body',
  '*.body',
  'payload',
  '*.payload',
  'data',
  '*.data',
];

/**
 * Adds `traceId` to every line logged inside a traced operation (a delivery attempt, an
 * API request) when tracing is on, so logs and traces find each other.
 */
export function traceIdMixin(): { traceId?: string } {
  if (!tracing().enabled) return {};
  const traceId = activeTraceId();
  return traceId ? { traceId } : {};
}

export function createLogger(options: { level: string; pretty: boolean; name?: string }): Logger {
  const base = {
    name: options.name ?? 'hookflow',
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: traceIdMixin,
  };
  if (options.pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } },
    });
  }
  return pino(base);
}

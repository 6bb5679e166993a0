import pino, { type Logger } from 'pino';

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

let currentTraceId: () => string | undefined = () => undefined;

/**
 * Where log lines find the active trace: tracing, when on, sets this once at start-up and
 * every line logged inside a span carries `traceId`. Without tracing, nothing is added.
 */
export function setTraceIdSource(source: () => string | undefined): void {
  currentTraceId = source;
}

/** pino's mixin: the fields added to every line at the moment it is logged. */
export function traceMixin(): { traceId?: string } {
  const traceId = currentTraceId();
  return traceId ? { traceId } : {};
}

export function createLogger(options: { level: string; pretty: boolean; name?: string }): Logger {
  const base = {
    name: options.name ?? 'hookflow',
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: traceMixin,
  };
  if (options.pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } },
    });
  }
  return pino(base);
}

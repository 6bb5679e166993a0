/**
 * The body a receiver gets: the Standard Webhooks envelope
 * `{"id","type","timestamp","data"}` (then `"test":true` for a test event), written as
 * text around the event's stored `data` text, so `data` arrives exactly as it was
 * published (less insignificant whitespace). What this returns is what is signed and
 * sent, byte for byte.
 */
export function buildEnvelope(event: { id: string; type: string; createdAt: Date; data: string; test: boolean }): string {
  const head = JSON.stringify({ id: event.id, type: event.type, timestamp: event.createdAt.toISOString() });
  return `${head.slice(0, -1)},"data":${event.data}${event.test ? ',"test":true' : ''}}`;
}

export const USER_AGENT = 'hookflow/0.1 (+https://github.com/hookflow/hookflow)';

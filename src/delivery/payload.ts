/** What a receiver gets in the body: the Standard Webhooks envelope. */
export interface WebhookEnvelope {
  id: string;
  type: string;
  timestamp: string;
  data: unknown;
  test?: true;
}

export function buildEnvelope(event: { id: string; type: string; createdAt: Date; payload: unknown; test: boolean }): WebhookEnvelope {
  const envelope: WebhookEnvelope = { id: event.id, type: event.type, timestamp: event.createdAt.toISOString(), data: event.payload };
  if (event.test) envelope.test = true;
  return envelope;
}

export const USER_AGENT = 'hookflow/0.1 (+https://github.com/hookflow/hookflow)';

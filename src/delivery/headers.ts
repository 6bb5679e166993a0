import { validateHeaderName, validateHeaderValue } from 'node:http';

/**
 * Rules for an endpoint's custom headers, checked when an endpoint is saved and again
 * before every send (rows saved under older rules). A header the HTTP client refuses
 * would fail inside its connection pool, where one tenant's bad value can wedge the
 * pool every tenant shares, so nothing the client would refuse may reach it.
 */

/** Header names hookflow sets itself on every webhook. */
const SET_BY_HOOKFLOW = new Set(['content-type', 'user-agent', 'webhook-id', 'webhook-timestamp', 'webhook-signature']);

/** Names that belong to the connection or the message framing, not to the receiver. */
const CONNECTION_AND_FRAMING = new Set([
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'host',
]);

/** Why a custom header name may not be used, or undefined when it may. */
function reservedHeaderReason(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (SET_BY_HOOKFLOW.has(lower) || lower.startsWith('webhook-')) return 'is set by hookflow and cannot be overridden';
  if (CONNECTION_AND_FRAMING.has(lower)) return 'is a connection or framing header that the HTTP client manages';
  if (lower.startsWith('proxy-')) return 'is a proxy header and is not sent to receivers';
  return undefined;
}

/**
 * Whether the HTTP client can send this header at all, by Node's own header rules (the
 * ones undici applies): a token for the name; tab, printable ASCII or 0x80-0xFF for the
 * value. Undefined when it can.
 */
export function headerSyntaxProblem(name: string, value: unknown): string | undefined {
  try {
    validateHeaderName(name);
  } catch {
    return "is not a valid header name (letters, digits and !#$%&'*+.^_`|~- only)";
  }
  if (typeof value !== 'string') return 'must be a string';
  try {
    validateHeaderValue(name, value);
  } catch {
    return 'has a character an HTTP header cannot carry (allowed: tab, printable ASCII and bytes 0x80-0xFF; no control characters, no line breaks, no characters above U+00FF)';
  }
  return undefined;
}

/** What responses show for every custom header value (only `GET …/headers` shows them). */
export const HEADER_VALUE_MASK = '••••••';

/** What is wrong with one custom header, in words fit for an API error or a delivery's failure reason; undefined when it can be sent. */
export function customHeaderProblem(name: string, value: unknown): string | undefined {
  // A client that sent back what it read would otherwise replace its receiver's credential with dots.
  if (value === HEADER_VALUE_MASK) return 'is the mask responses show; send the real value (GET …/headers shows the stored ones)';
  return headerSyntaxProblem(name, '') ?? reservedHeaderReason(name) ?? headerSyntaxProblem(name, value);
}

/** The first unusable header of a set, with the reason; undefined when all can be sent. */
export function findUnsendableHeader(headers: Record<string, unknown>): { name: string; problem: string } | undefined {
  for (const [name, value] of Object.entries(headers)) {
    const problem = customHeaderProblem(name, value);
    if (problem) return { name, problem };
  }
  return undefined;
}

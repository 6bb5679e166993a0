/**
 * Text as PostgreSQL `text` and `jsonb` can store it. What receivers answer and what
 * errors say is stored in attempt rows; PostgreSQL refuses a NUL character (SQLSTATE
 * 22021) and cannot take a lone UTF-16 surrogate either, so a receiver's `accepted\u0000`
 * would make the write fail. Each NUL and each lone surrogate becomes U+FFFD (the
 * replacement character); invalid UTF-8 bytes are already U+FFFD once decoded.
 */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function toPgText(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/** `toPgText` for a value that may be absent. */
export function toPgTextOrNull(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : toPgText(text);
}

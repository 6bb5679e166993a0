import { RawJson } from '../lib/raw-json';

/**
 * Checks that a parsed request value can be stored and sent on: no NUL characters or
 * lone UTF-16 surrogates (PostgreSQL rejects both in text and jsonb), no `__proto__`
 * keys (they would turn into prototypes when copied), and bounded nesting (deep JSON
 * exhausts recursive validators), finite numbers only. Iterative, so hostile input cannot overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function badString(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (lone surrogate)';
  return undefined;
}

export interface UnsafeInput {
  field: string;
  message: string;
}

export function findUnsafeInput(value: unknown, root: string): UnsafeInput | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  const name = (path: string) => path || root;
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    // Checked, as text, by scanJsonBody (lib/raw-json.ts) with these same rules.
    if (current instanceof RawJson) continue;
    if (typeof current === 'string') {
      const problem = badString(current);
      if (problem) return { field: name(path), message: problem };
      continue;
    }
    if (typeof current === 'number' && !Number.isFinite(current)) {
      // JSON.parse reads 1e400 as Infinity, which JSON cannot hold (it would become null).
      return { field: name(path), message: 'must be a finite number' };
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return { field: name(path), message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` };
    const entries = Array.isArray(current) ? current.map((item, index) => [String(index), item] as const) : Object.entries(current);
    for (const [key, item] of entries) {
      const childPath = path ? `${path}.${key}` : key;
      if (!Array.isArray(current)) {
        if (key === '__proto__') return { field: childPath, message: 'the key __proto__ is not accepted' };
        const problem = badString(key);
        if (problem) return { field: name(path), message: `keys ${problem}` };
      }
      stack.push({ value: item, path: childPath, depth: depth + 1 });
    }
  }
  return undefined;
}

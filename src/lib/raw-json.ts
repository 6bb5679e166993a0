import { randomBytes } from 'node:crypto';

/**
 * A JSON value kept as its text, never turned into JavaScript values: a published event's
 * `data` is stored, signed and sent as the publisher wrote it (less insignificant
 * whitespace), so every digit of every number, `19.90`, `1E-7`, `-0`, `\u00e9` and key
 * order survive. JSON.parse would round `12345678901234567890` and jsonb would reorder keys.
 *
 * Invariant: `text` is one valid JSON value, minified (no whitespace outside strings).
 */
/** An integer literal: digits only, no fraction, no exponent. */
const INTEGER = /^-?\d+$/;

export class RawJson {
  constructor(readonly text: string) {}

  /** For values this service makes itself (a test event's sample data). */
  static of(value: unknown): RawJson {
    return new RawJson(JSON.stringify(value));
  }
}

export interface JsonProblem {
  /** Dotted path from the body (`data.items.3.id`); the body itself is `body`. */
  field: string;
  message: string;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

class ScanError extends Error {
  constructor(readonly problem: JsonProblem) {
    super(problem.message);
  }
}

interface Frame {
  kind: 'object' | 'array';
  /** Decoded keys seen so far (objects). */
  keys: Set<string>;
  /** The member or element being read: paths are built from these only for an error. */
  key: string;
  index: number;
}

/**
 * Reads a JSON request body without turning it into JavaScript values: checks it the way
 * `findUnsafeInput` checks parsed bodies (no NUL, no lone surrogates, no `__proto__` key,
 * at most `maxDepth` nested containers, the body being level 0), refuses duplicate keys at
 * any depth (JSON.parse keeps the last one silently; receivers' parsers disagree on which),
 * numbers within a double's range (no 1e400), and returns the minified text of the body's
 * top-level `member`.
 *
 * Iterative (hostile nesting cannot overflow the stack), linear in the body's length.
 * Numbers are checked against JSON's grammar and copied as written: their digits are not
 * limited, and nothing here rounds them.
 */
export function scanJsonBody(
  text: string,
  member: string,
  maxDepth: number,
): { ok: true; member: string | undefined } | { ok: false; problem: JsonProblem } {
  try {
    return { ok: true, member: scan(text, member, maxDepth) };
  } catch (error) {
    if (error instanceof ScanError) return { ok: false, problem: error.problem };
    throw error;
  }
}

function scan(text: string, member: string, maxDepth: number): string | undefined {
  const out: string[] = [];
  let outLength = 0;
  const emit = (token: string) => {
    out.push(token);
    outLength += token.length;
  };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: Frame[] = [];
  let memberStart = -1;
  let memberEnd = -1;
  let capturing = false;
  /** The dotted path of the value being read in the innermost `depth` containers; `body` for the body. */
  const pathAt = (depth = stack.length): string =>
    stack
      .slice(0, depth)
      .map((frame) => (frame.kind === 'object' ? frame.key : String(frame.index)))
      .join('.') || 'body';
  const fail = (field: string, message: string): never => {
    throw new ScanError({ field, message });
  };
  const syntax = (): never => fail(pathAt(), `invalid JSON at character ${i}`);
  const skipWhitespace = () => {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  };
  /** Reads the string token at `i`; returns its text as written and its decoded value. */
  const readString = (): { token: string; value: string } => {
    const start = i;
    i++;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === 0x22) break;
      if (code < 0x20) syntax();
      i += code === 0x5c ? 2 : 1;
    }
    if (i >= text.length) syntax();
    i++;
    const token = text.slice(start, i);
    // Without escapes the characters are the text's own: valid UTF-8 decoded, no control characters.
    if (!token.includes('\\')) return { token, value: token.slice(1, -1) };
    let value: string;
    try {
      value = JSON.parse(token) as string;
    } catch {
      return syntax();
    }
    if (value.includes('\u0000')) fail(pathAt(), 'must not contain NUL characters');
    if (LONE_SURROGATE.test(value)) fail(pathAt(), 'must be valid Unicode (lone surrogate)');
    return { token, value };
  };
  /** Reads `"key" :` at `i` into `frame`. */
  const readKey = (frame: Frame) => {
    if (text[i] !== '"') syntax();
    let key: { token: string; value: string };
    try {
      key = readString();
    } catch (error) {
      // A bad key is the object's fault, as in findUnsafeInput.
      if (!(error instanceof ScanError) || error.problem.message.startsWith('invalid JSON')) throw error;
      return fail(pathAt(stack.length - 1), `keys ${error.problem.message}`);
    }
    frame.key = key.value;
    if (key.value === '__proto__') fail(pathAt(), 'the key __proto__ is not accepted');
    if (frame.keys.has(key.value)) fail(pathAt(), 'duplicate key: each key may appear once per object');
    frame.keys.add(key.value);
    emit(key.token);
    skipWhitespace();
    if (text[i] !== ':') syntax();
    emit(':');
    i++;
  };

  for (;;) {
    // ---- a value: the body, an array element or an object member
    skipWhitespace();
    if (stack.length === 1 && stack[0]!.kind === 'object' && stack[0]!.key === member) {
      memberStart = outLength;
      capturing = true;
    }
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= maxDepth) fail(pathAt(), `must not nest deeper than ${maxDepth} levels`);
      emit(c);
      i++;
      const frame: Frame = { kind: c === '{' ? 'object' : 'array', keys: new Set(), key: '', index: 0 };
      stack.push(frame);
      skipWhitespace();
      if (text[i] === (c === '{' ? '}' : ']')) {
        emit(text[i]!);
        i++;
        stack.pop();
      } else {
        if (frame.kind === 'object') readKey(frame);
        continue;
      }
    } else if (c === '"') {
      emit(readString().token);
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const literal = NUMBER.exec(text)?.[0] ?? syntax();
      // Integers of any size are kept as written (ids: receivers read them as big integers or
      // text). A fraction or exponent must stay within a double's range: most receivers'
      // parsers turn 1e400 into Infinity or an error. Either way the literal is kept as written.
      if (!INTEGER.test(literal) && !Number.isFinite(Number(literal))) fail(pathAt(), 'must be a finite number');
      emit(literal);
      i += literal.length;
    } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
      emit(text.slice(i, i + 4));
      i += 4;
    } else if (text.startsWith('false', i)) {
      emit('false');
      i += 5;
    } else {
      syntax();
    }

    // ---- after a value: close containers, or move to the next element or member
    for (;;) {
      if (capturing && stack.length === 1) {
        memberEnd = outLength;
        capturing = false;
      }
      skipWhitespace();
      const frame = stack[stack.length - 1];
      if (!frame) {
        if (i !== text.length) syntax();
        return memberStart === -1 ? undefined : out.join('').slice(memberStart, memberEnd);
      }
      const next = text[i];
      if (next === ',') {
        emit(',');
        i++;
        skipWhitespace();
        if (frame.kind === 'object') readKey(frame);
        else frame.index++;
        break;
      }
      if (next !== (frame.kind === 'object' ? '}' : ']')) syntax();
      emit(next!);
      i++;
      stack.pop();
    }
  }
}

/**
 * A canonical form of a JSON text for comparing two publishes of "the same data":
 * whitespace and key order do not matter and strings compare by their characters
 * (`"\u00e9"` equals `"é"`); every number compares as written (`19.90` is not `19.9`,
 * `12345678901234567890` is not `12345678901234567891`). Recursive: only for texts
 * already checked by `scanJsonBody` (bounded nesting).
 */
export function canonicalJsonText(text: string): string {
  let i = 0;
  const skip = () => {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  };
  const string = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): string => {
    skip();
    const c = text[i];
    if (c === '"') return JSON.stringify(string());
    if (c === '{' || c === '[') {
      i++;
      const parts: [string, string][] = [];
      skip();
      while (text[i] !== '}' && text[i] !== ']') {
        let key = '';
        if (c === '{') {
          skip();
          key = string();
          skip();
          i++; // ':'
        }
        parts.push([key, value()]);
        skip();
        if (text[i] === ',') i++;
        skip();
      }
      i++;
      if (c === '[') return `[${parts.map(([, v]) => v).join(',')}]`;
      parts.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${parts.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
    }
    const start = i;
    while (i < text.length && !isWhitespace(text.charCodeAt(i)) && !',]}'.includes(text[i]!)) i++;
    return text.slice(start, i);
  };
  return value();
}

/**
 * JSON.stringify that writes each `RawJson` in `value` as its text, untouched: responses
 * that embed stored event data (GET …/events/{id}) keep it byte for byte.
 */
export function stringifyWithRawJson(value: unknown): string {
  const raws: string[] = [];
  // A per-call marker: no other string in the response can equal it by chance.
  const marker = `rawjson-${randomBytes(12).toString('hex')}-`;
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof RawJson)) return item;
    raws.push(item.text);
    return `${marker}${raws.length - 1}`;
  });
  if (raws.length === 0) return text;
  return text.replace(new RegExp(`"${marker}(\\d+)"`, 'g'), (_match, n: string) => raws[Number(n)]!);
}

/**
 * Published data shown exactly as published: the API returns an event's `data` as the
 * text that was sent (numbers such as 1.10 or 12345678901234567890 intact), which
 * JSON.parse would change. These work on the text itself, never parsing values.
 */

/** Index just past the JSON string that starts at `start` (a `"`). */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Index just past the JSON value that starts at `start`. */
function endOfValue(text: string, start: number): number {
  if (text[start] === '"') return endOfString(text, start);
  if (text[start] !== '{' && text[start] !== '[') {
    let i = start;
    while (i < text.length && !/[,\]}\s]/.test(text[i]!)) i++;
    return i;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = endOfString(text, i) - 1;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
  }
  return text.length;
}

/** The raw text of a top-level member of a JSON object's text, or undefined. */
export function rawMember(objectText: string, name: string): string | undefined {
  let i = objectText.indexOf('{') + 1;
  while (i > 0 && i < objectText.length) {
    while (/[\s,]/.test(objectText[i] ?? '')) i++;
    if (objectText[i] !== '"') return undefined;
    const keyEnd = endOfString(objectText, i);
    const key = JSON.parse(objectText.slice(i, keyEnd)) as string;
    i = objectText.indexOf(':', keyEnd) + 1;
    while (/\s/.test(objectText[i] ?? '')) i++;
    const valueEnd = endOfValue(objectText, i);
    if (key === name) return objectText.slice(i, valueEnd);
    i = valueEnd;
  }
  return undefined;
}

/** `text` re-indented by two spaces per level; every token kept as written. */
export function reindent(text: string): string {
  let out = '';
  let depth = 0;
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let j = i + 1;
      while (/\s/.test(text[j] ?? '')) j++;
      if (text[j] === close) {
        out += c + close;
        i = j;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') out += ',' + newline();
    else if (c === ':') out += ': ';
    else if (!/\s/.test(c)) out += c;
  }
  return out;
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

/**
 * The shop builder's event catalog, read from its webhook docs in the steering repo's
 * `shared/seeds/` (beside this repository): its event types, each with the sentence that
 * describes it and the `data` of its example event. Used by `npm run seed:event-types` and
 * the dev launcher's demo tenant, so the demo looks like a real platform.
 */
export interface CatalogEntry {
  name: string;
  description: string;
  example: unknown;
}

export const SEEDS_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'seeds');

const TYPE_NAME = /^[a-z_]+\.[a-z_]+$/;

/** Every top-level `{…}` in `text` that parses as JSON (brace matching that skips strings). */
export function jsonObjectsIn(text: string): unknown[] {
  const found: unknown[] = [];
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        try {
          found.push(JSON.parse(text.slice(start, i + 1)));
          start = i;
        } catch {
          // not JSON (prose, a truncated example): try the next brace
        }
        break;
      }
    }
  }
  return found;
}

/** The catalog in one webhook doc: the "Webhook Event Types" list and the example events. */
export function parseShopCatalog(text: string): CatalogEntry[] {
  const listStart = text.indexOf('Webhook Event Types');
  const list = listStart === -1 ? '' : text.slice(listStart, text.indexOf('In the future', listStart));
  const descriptions = new Map<string, string>();
  // The list reads "order.created\n- Occurs when ….order.updated\n- …": a name, then its sentence up to the next name.
  const pattern = /([a-z_]+\.[a-z_]+)\n- ([\s\S]*?)(?=\.?[a-z_]+\.[a-z_]+\n- |\n?$)/g;
  for (const match of list.matchAll(pattern)) {
    const sentence = match[2]!.replace(/\s*\n\s*/g, ' ').trim();
    descriptions.set(match[1]!, sentence.endsWith('.') ? sentence : `${sentence}.`);
  }
  const examples = new Map<string, unknown>();
  for (const object of jsonObjectsIn(text)) {
    const { type, data } = object as { type?: unknown; data?: unknown };
    if (typeof type === 'string' && TYPE_NAME.test(type) && data !== undefined && !examples.has(type)) examples.set(type, data);
  }
  return [...descriptions].map(([name, description]) => ({ name, description, example: examples.get(name) ?? null }));
}

/** The shop builder's catalog from `shared/seeds/`: the doc that lists `order.created` … `categories.changed`. */
export function loadShopCatalog(dir = SEEDS_DIR): CatalogEntry[] {
  for (const file of readdirSync(dir).sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    if (text.includes('Webhook Event Types') && text.includes('categories.changed')) return parseShopCatalog(text);
  }
  throw new Error(`no shop builder webhook doc in ${dir}`);
}

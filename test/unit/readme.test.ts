import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The README is the front door: short, with the two commands CI runs, and links that lead somewhere. */
describe('README.md', () => {
  const readme = read('README.md');

  it('stays short (details live in docs/)', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
  });

  it('gives the two commands, and CI runs exactly its test command', () => {
    expect(readme).toMatch(/^npm run dev\b/m);
    expect(readme).toMatch(/^npm test\b/m);
    expect(read('.ci/run').trim().split('\n').at(-1)).toBe('npm test');
  });

  it('links only to files that exist', () => {
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map(([, target]) => target as string)
      .filter((t) => !/^https?:/.test(t));
    expect(links.length).toBeGreaterThan(0);
    for (const target of links) expect([target, existsSync(path.join(root, target))]).toEqual([target, true]);
  });
});

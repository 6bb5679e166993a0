import { readFileSync } from 'node:fs';
import path from 'node:path';
import { envSchema, loadConfig } from '../../src/config';
import { devSettingsSchema } from '../../src/dev/dev-settings';

/** `.env.example` documents every variable, with its default, and nothing else. */
describe('.env.example', () => {
  const text = readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8');
  const documented = new Map(
    [...text.matchAll(/^# ([A-Z][A-Z0-9_]+)=(.*)$/gm)].map(([, name, value]) => [name as string, (value as string).trim()]),
  );
  const read = [...Object.keys(envSchema.shape), ...Object.keys(devSettingsSchema.shape), 'TEMPORAL_CLI'];

  it('lists every variable the code reads, and no other', () => {
    expect([...documented.keys()].sort()).toEqual([...new Set(read)].sort());
  });

  it('is all comments, so copying it to .env changes nothing', () => {
    expect(text.split('\n').filter((line) => /^[A-Z_]+=/.test(line))).toEqual([]);
  });

  it('shows the defaults the code uses', () => {
    const withDefaults = Object.fromEntries([...documented].filter(([name, value]) => value !== '' && name in envSchema.shape));
    expect(loadConfig(withDefaults)).toEqual(loadConfig({}));
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const SCHEMA_FILE = resolve(root, 'clients', 'typescript', 'src', 'schema.d.ts');

describe('clients/typescript', () => {
  it('src/schema.d.ts is what openapi-typescript generates from openapi/openapi.json (run `npm run client:generate`)', () => {
    const generated = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate-client.ts', '--stdout'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { OPENAPI_FILE } from './write-openapi';

/**
 * `npm run client:generate`: the typed client's types (clients/typescript/src/schema.d.ts)
 * from openapi/openapi.json. Both files are committed; test/unit/typed-client.test.ts fails
 * when either one lags behind the code. `--stdout` prints instead of writing (openapi-typescript
 * loads ES modules that jest cannot, so the test runs this script as a child process);
 * `--check` writes nothing and fails when the committed file differs (CI).
 */
export const CLIENT_SCHEMA_FILE = resolve(__dirname, '..', 'clients', 'typescript', 'src', 'schema.d.ts');

const HEADER = `/**
 * Generated from openapi/openapi.json by \`npm run client:generate\` (openapi-typescript).
 * Do not edit: change the routes or schemas in src/api/, then run \`npm run openapi:write\`
 * and \`npm run client:generate\`.
 */

`;

export async function clientSchemaText(): Promise<string> {
  const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Parameters<typeof openapiTS>[0];
  return HEADER + astToString(await openapiTS(document));
}

if (require.main === module) {
  void clientSchemaText().then((text) => {
    if (process.argv.includes('--stdout')) {
      process.stdout.write(text);
      return;
    }
    if (process.argv.includes('--check')) {
      if (readFileSync(CLIENT_SCHEMA_FILE, 'utf8') === text) return;
      console.error(
        'clients/typescript/src/schema.d.ts is not what openapi/openapi.json generates: run `npm run client:generate` and commit it',
      );
      process.exitCode = 1;
      return;
    }
    writeFileSync(CLIENT_SCHEMA_FILE, text);
    console.log(`wrote ${CLIENT_SCHEMA_FILE}`);
  });
}

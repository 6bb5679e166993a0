import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildApiDocument } from '../src/api/app';

/**
 * Writes the document `/openapi.json` serves to openapi/openapi.json, without a running
 * server. The file is committed: the typed client is generated from it, and both a unit test
 * (test/unit/openapi-document.test.ts) and `npm run openapi:lint` fail when it differs from
 * what the code builds.
 */
export const OPENAPI_FILE = resolve(__dirname, '..', 'openapi', 'openapi.json');

export const openApiFileText = () => `${JSON.stringify(buildApiDocument(), null, 2)}\n`;

if (require.main === module) {
  writeFileSync(OPENAPI_FILE, openApiFileText());
  console.log(`wrote ${OPENAPI_FILE}`);
}

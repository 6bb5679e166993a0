import { readFileSync } from 'node:fs';
import { buildApiDocument } from '../../src/api/app';
import { OPENAPI_FILE, openApiFileText } from '../../scripts/write-openapi';

describe('openapi/openapi.json', () => {
  it('is what the route table builds (run `npm run openapi:write` after changing a route or schema)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(openApiFileText());
  });

  it('gives every operation a unique operationId, a summary and a documented tag', () => {
    const doc = buildApiDocument();
    const tags = new Set(doc.tags.map((tag) => tag.name));
    const ids: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(
        operations as Record<string, { operationId: string; summary: string; tags: string[] }>,
      )) {
        expect({
          path,
          method,
          operationId: /^[a-z][A-Za-z]+$/.test(operation.operationId),
          summary: operation.summary.length > 0,
        }).toEqual({
          path,
          method,
          operationId: true,
          summary: true,
        });
        expect(tags.has(operation.tags[0]!)).toBe(true);
        ids.push(operation.operationId);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});

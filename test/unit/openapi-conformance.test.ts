import { buildApiDocument } from '../../src/api/app';
import { createResponseCheck } from '../helpers/openapi-conformance';

const check = createResponseCheck(buildApiDocument() as unknown as Parameters<typeof createResponseCheck>[0]);
const JSON_TYPE = 'application/json; charset=utf-8';
const tenant = { id: 'acme', name: 'Acme', createdAt: '2026-01-31T12:00:00.000Z', updatedAt: '2026-01-31T12:00:00.000Z' };
const error = {
  error: { code: 'not_found', message: 'tenant "x" not found', details: [{ field: 'tenantId', message: 'no tenant with this id' }] },
};

describe('the integration tests’ response check (test/helpers/openapi-conformance.ts)', () => {
  it('accepts documented responses, error bodies under 4XX, and paths outside the document', () => {
    expect(() => check('GET', 'http://h/v1/tenants/acme', 200, JSON_TYPE, JSON.stringify(tenant))).not.toThrow();
    expect(() => check('GET', 'http://h/v1/tenants/x', 404, JSON_TYPE, JSON.stringify(error))).not.toThrow();
    expect(() => check('POST', 'http://h/v1/tenants/acme/events', 415, JSON_TYPE, JSON.stringify(error))).not.toThrow();
    expect(() => check('DELETE', 'http://h/v1/tenants/acme', 204, null, '')).not.toThrow();
    expect(() => check('GET', 'http://h/healthz', 200, JSON_TYPE, '{"status":"ok"}')).not.toThrow();
  });

  it('names the operation and the field when a body differs from the document', () => {
    expect(() => check('GET', 'http://h/v1/tenants/acme', 200, JSON_TYPE, JSON.stringify({ ...tenant, extra: 1 }))).toThrow(
      /GET \/v1\/tenants\/acme \(getTenant\) answered 200: the body does not match.*\n.*additional properties.*extra/,
    );
    expect(() => check('GET', 'http://h/v1/tenants/acme', 200, JSON_TYPE, JSON.stringify({ ...tenant, createdAt: 'yesterday' }))).toThrow(
      /\/createdAt must match format "date-time"/,
    );
    expect(() => check('GET', 'http://h/v1/tenants/x', 404, JSON_TYPE, JSON.stringify({ error: { code: 'not_found' } }))).toThrow(
      /\/error must have required property 'message'/,
    );
  });

  it('fails on a status the document does not give the operation, and on a body where none is documented', () => {
    expect(() => check('GET', 'http://h/v1/tenants/acme', 302, null, '')).toThrow(
      /\(getTenant\) answered 302, a status \/openapi.json does not document/,
    );
    expect(() => check('DELETE', 'http://h/v1/tenants/acme', 204, JSON_TYPE, '{}')).toThrow(/documents no body for 204/);
  });
});

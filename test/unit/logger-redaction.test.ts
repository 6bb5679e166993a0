import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from '../../src/lib/logger';

/** Logs never carry credentials, signing secrets or payload bodies (the logger's redact paths). */
describe('log redaction', () => {
  const capture = () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    // The same options createLogger uses.
    const logger = pino({ level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream);
    return { logger, text: () => lines.join('') };
  };

  const SECRET = 'whsec_c2VjcmV0LXNpZ25pbmcta2V5LXZhbHVlLTEyMzQ1Ng==';
  const PREVIOUS = 'whsec_cHJldmlvdXMtc2lnbmluZy1rZXktdmFsdWUtMTIzNA==';
  const BEARER = 'hf_TENANTKEYabcdefghijklmnopqrstuvwxyz0123456';
  const PAYLOAD = 'card-number-4111111111111111';

  it('redacts authorization, secrets, keys and bodies in a request-like object', () => {
    const { logger, text } = capture();
    logger.info(
      {
        req: {
          method: 'POST',
          url: '/v1/tenants/acme/events',
          headers: { authorization: `Bearer ${BEARER}`, cookie: 'sid=1' },
          body: { data: PAYLOAD },
        },
        headers: { authorization: `Bearer ${BEARER}` },
        secret: SECRET,
        previousSecret: PREVIOUS,
        endpoint: { id: 'ep_1', secret: SECRET, previousSecret: PREVIOUS, previous_secret: PREVIOUS },
        row: { endpoint: { secret: SECRET } },
        apiKey: { key: BEARER },
        key: BEARER,
        body: PAYLOAD,
        payload: { data: PAYLOAD },
        data: PAYLOAD,
        config: { security: { secretEncryptionKey: 'K'.repeat(44) } },
      },
      'request',
    );
    const out = text();
    for (const leaked of [SECRET, PREVIOUS, BEARER, PAYLOAD, 'K'.repeat(44), 'sid=1']) expect(out).not.toContain(leaked);
    // What is not sensitive still shows.
    expect(out).toContain('/v1/tenants/acme/events');
    expect(out).toContain('ep_1');
    expect(out).toContain('[redacted]');
  });

  it('redacts a secret logged on its own', () => {
    const { logger, text } = capture();
    logger.info({ secret: SECRET }, 'rotated');
    logger.warn({ err: { message: 'x', secret: SECRET } }, 'failed');
    expect(text()).not.toContain(SECRET);
  });
});

import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, requireSecretEncryptionKey } from '../../src/config';
import { parseCidr } from '../../src/delivery/ssrf';

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('security configuration', () => {
  it('defaults: no allow-list, 600 requests per minute with bursts of 100, 30 failed authentications per minute with bursts of 20, no key', () => {
    const config = loadConfig({});
    expect(config.security).toEqual({
      secretEncryptionKey: undefined,
      allowedTargetCidrs: [],
      rateLimitPerMinute: 600,
      rateLimitBurst: 100,
      authFailuresPerMinute: 30,
      authFailureBurst: 20,
    });
  });

  it('reads ALLOWED_TARGET_CIDRS as CIDRs', () => {
    expect(loadConfig({ ALLOWED_TARGET_CIDRS: '127.0.0.0/8, ::1/128' }).security.allowedTargetCidrs).toEqual([
      parseCidr('127.0.0.0/8'),
      parseCidr('::1/128'),
    ]);
  });

  it.each([
    ['ALLOWED_TARGET_CIDRS', '10.0.0.0/33'],
    ['ALLOWED_TARGET_CIDRS', '127.0.0.0/8,localhost'],
    ['SECRET_ENCRYPTION_KEY', 'too-short'],
    ['SECRET_ENCRYPTION_KEY', randomBytes(16).toString('hex')],
    ['RATE_LIMIT_PER_MINUTE', '-1'],
    ['RATE_LIMIT_BURST', '0'],
    ['AUTH_FAILURE_LIMIT_PER_MINUTE', '-1'],
    ['AUTH_FAILURE_BURST', '0'],
  ])('a bad %s stops start-up with one line naming it', (name, value) => {
    const message = errorOf(() => loadConfig({ [name]: value }));
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
    expect(message).not.toContain('\n');
  });

  it('never echoes the encryption key', () => {
    const bad = `${randomBytes(31).toString('hex')}zz`;
    expect(errorOf(() => loadConfig({ SECRET_ENCRYPTION_KEY: bad }))).not.toContain(bad);
  });

  it('production requires SECRET_ENCRYPTION_KEY, in one line naming it', () => {
    const message = errorOf(() => loadConfig({ NODE_ENV: 'production' }));
    expect(message).toMatch(/^Invalid configuration: SECRET_ENCRYPTION_KEY is required when NODE_ENV=production/);
    expect(message).not.toContain('\n');
    const key = randomBytes(32);
    const config = loadConfig({ NODE_ENV: 'production', SECRET_ENCRYPTION_KEY: key.toString('base64') });
    expect(requireSecretEncryptionKey(config)).toEqual(key);
  });

  it('outside production the key is optional to load, but the API and the worker require it', () => {
    expect(errorOf(() => requireSecretEncryptionKey(loadConfig({})))).toMatch(/^SECRET_ENCRYPTION_KEY is not set/);
    const hex = randomBytes(32).toString('hex');
    expect(requireSecretEncryptionKey(loadConfig({ SECRET_ENCRYPTION_KEY: hex }))).toEqual(Buffer.from(hex, 'hex'));
  });
});

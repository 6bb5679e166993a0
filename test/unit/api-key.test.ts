import { displayPrefix, generateApiKey, hashApiKey, looksLikeApiKey } from '../../src/api/api-key';

describe('tenant API keys', () => {
  it('are hf_ + 43 base64url characters of randomness, naming no tenant', () => {
    const key = generateApiKey();
    expect(key).toMatch(/^hf_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeApiKey(key)).toBe(true);
    expect(generateApiKey()).not.toBe(key);
  });

  it('are stored as a SHA-256 hex hash and an 11-character display prefix', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(displayPrefix(key)).toBe(key.slice(0, 11));
  });

  it.each(['', 'hf_', 'hf_short', `hf_${'a'.repeat(44)}`, `xx_${'a'.repeat(43)}`, `hf_${'a'.repeat(42)}!`, 'test_admin_0123456789abcdef'])(
    'a token like %j is not even looked up',
    (token) => {
      expect(looksLikeApiKey(token)).toBe(false);
    },
  );
});

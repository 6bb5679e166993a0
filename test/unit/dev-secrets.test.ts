import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, requireSecretEncryptionKey } from '../../src/config';
import { loadOrCreateDevSecrets } from '../../src/dev/dev-settings';

describe('npm run dev secrets (.data/dev-secrets.json)', () => {
  const dataDir = () => mkdtempSync(path.join(tmpdir(), 'hookflow-dev-secrets-'));

  it('generates an admin key and a valid SECRET_ENCRYPTION_KEY once, kept private, and keeps them', () => {
    const dir = dataDir();
    const first = loadOrCreateDevSecrets(dir);
    expect(first.adminApiKey).toMatch(/^hf_admin_/);
    expect(requireSecretEncryptionKey(loadConfig({ SECRET_ENCRYPTION_KEY: first.secretEncryptionKey }))).toHaveLength(32);
    expect(statSync(path.join(dir, 'dev-secrets.json')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateDevSecrets(dir)).toEqual(first);
  });

  it('adds an encryption key to a file from before secrets were encrypted, keeping its admin key', () => {
    const dir = dataDir();
    const file = path.join(dir, 'dev-secrets.json');
    writeFileSync(file, JSON.stringify({ adminApiKey: 'hf_admin_existing_key_0123456789' }));
    const secrets = loadOrCreateDevSecrets(dir);
    expect(secrets.adminApiKey).toBe('hf_admin_existing_key_0123456789');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(secrets);
    expect(loadOrCreateDevSecrets(dir).secretEncryptionKey).toBe(secrets.secretEncryptionKey);
  });
});

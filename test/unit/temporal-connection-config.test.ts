import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { describeTemporalConnection, explainTemporalConnectError, temporalConnectionOptions } from '../../src/temporal/connection';

/** TEMPORAL_TLS* and TEMPORAL_API_KEY: checked at start, one line naming the variable; secrets never echoed. */
describe('Temporal connection settings', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookflow-tls-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=t'].concat([
      '-keyout',
      path.join(dir, 'c.key'),
      '-out',
      path.join(dir, 'c.pem'),
    ]),
    { stdio: 'ignore' },
  );
  const certFile = path.join(dir, 'c.pem');
  const keyFile = path.join(dir, 'c.key');
  const certPem = readFileSync(certFile, 'utf8');
  const keyPem = readFileSync(keyFile, 'utf8');
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('is a plain connection by default', () => {
    const { temporal } = loadConfig({});
    expect(temporal.tls).toBeUndefined();
    expect(temporalConnectionOptions(temporal)).toEqual({ address: 'localhost:7233' });
    expect(describeTemporalConnection(temporal)).toBe('localhost:7233 (plain)');
  });

  it('reads certificates from files or PEM text (with \\n for newlines), and turns TLS on', () => {
    const fromFiles = loadConfig({ TEMPORAL_TLS_CERT: certFile, TEMPORAL_TLS_KEY: keyFile, TEMPORAL_TLS_CA: certFile }).temporal;
    const inline = loadConfig({
      TEMPORAL_TLS_CERT: certPem.replace(/\n/g, '\\n'),
      TEMPORAL_TLS_KEY: keyPem,
      TEMPORAL_TLS_CA: certPem,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    }).temporal;
    for (const temporal of [fromFiles, inline]) {
      expect(temporal.tls?.clientCert).toEqual({ certPem, keyPem });
      expect(temporal.tls?.caPem).toBe(certPem);
    }
    const options = temporalConnectionOptions(inline);
    expect(options.tls).toEqual({
      serverRootCACertificate: Buffer.from(certPem),
      clientCertPair: { crt: Buffer.from(certPem), key: Buffer.from(keyPem) },
      serverNameOverride: 'temporal.internal',
    });
    expect(describeTemporalConnection(inline)).toBe('localhost:7233 (mTLS, CA from TEMPORAL_TLS_CA, server name temporal.internal)');
  });

  it('TEMPORAL_API_KEY implies TLS with the system CAs, and is sent as the API key', () => {
    const { temporal } = loadConfig({ TEMPORAL_API_KEY: 'secret-key-123', TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233' });
    expect(temporalConnectionOptions(temporal)).toEqual({ address: 'ns.acct.tmprl.cloud:7233', tls: {}, apiKey: 'secret-key-123' });
    expect(describeTemporalConnection(temporal)).not.toContain('secret-key-123');
    expect(loadConfig({ TEMPORAL_TLS: 'on' }).temporal.tls).toEqual({ caPem: undefined, clientCert: undefined, serverName: undefined });
  });

  it.each([
    [{ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'secret-key-123' }, /TEMPORAL_API_KEY needs TLS/],
    [{ TEMPORAL_TLS: 'off', TEMPORAL_TLS_CA: certFile }, /TEMPORAL_TLS is false, but TEMPORAL_TLS_CA is set/],
    [{ TEMPORAL_TLS_CERT: certFile }, /TEMPORAL_TLS_KEY is required with TEMPORAL_TLS_CERT/],
    [{ TEMPORAL_TLS_KEY: keyFile }, /TEMPORAL_TLS_CERT is required with TEMPORAL_TLS_KEY/],
    [{ TEMPORAL_TLS_CA: '/nowhere/ca.pem' }, /^Invalid configuration: TEMPORAL_TLS_CA cannot read the file "\/nowhere\/ca.pem" \(ENOENT\)/],
    [{ TEMPORAL_TLS_CERT: keyFile, TEMPORAL_TLS_KEY: keyFile }, /TEMPORAL_TLS_CERT holds no PEM certificate/],
    [{ TEMPORAL_TLS_CERT: certFile, TEMPORAL_TLS_KEY: certFile }, /TEMPORAL_TLS_KEY holds no PEM private key/],
    [{ TEMPORAL_TLS: 'maybe' }, /TEMPORAL_TLS must be true or false/],
  ])('refuses %j naming the variable', (env, expected) => {
    expect(refusal(env)).toMatch(expected);
  });

  it('never echoes a key or PEM text in its refusal', () => {
    const message = refusal({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'secret-key-123', TEMPORAL_TLS_KEY: certPem });
    expect(message).not.toContain('secret-key-123');
    expect(message).not.toContain(certPem.split('\n')[1]);
  });

  describe("explaining a failed connection (the Temporal core's errors)", () => {
    const mtls = loadConfig({ TEMPORAL_TLS_CERT: certFile, TEMPORAL_TLS_KEY: keyFile, TEMPORAL_TLS_CA: certFile }).temporal;
    const tlsOnly = loadConfig({ TEMPORAL_TLS_CA: certFile }).temporal;
    const plain = loadConfig({}).temporal;
    const nodeError = (code: string, message: string) => Object.assign(new Error(message), { code });
    it.each([
      [mtls, nodeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), /signed by TEMPORAL_TLS_CA/],
      [plain, new Error('InvalidCertificate(UnknownIssuer)'), /signed by a CA this machine trusts; set TEMPORAL_TLS_CA/],
      [
        mtls,
        nodeError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
        /set TEMPORAL_TLS_SERVER_NAME/,
      ],
      [
        tlsOnly,
        nodeError('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'tlsv13 alert certificate required'),
        /wants a client certificate: set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY/,
      ],
      [mtls, nodeError('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'tlsv1 alert unknown ca'), /refused the client certificate TEMPORAL_TLS_CERT/],
      [tlsOnly, nodeError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), /does not speak TLS there; set TEMPORAL_TLS=false/],
      [plain, new Error('the server hung up before answering'), /set TEMPORAL_TLS=true/],
      [plain, new Error("code: 'Unauthenticated', message: 'Request unauthorized.'"), /set TEMPORAL_API_KEY/],
    ])('%#: %s', (config, error, expected) => {
      const explained = explainTemporalConnectError(error, config);
      expect(explained.config).toBe(true);
      expect(explained.message).toMatch(expected);
    });
    it('an unreachable server is not a configuration error', () => {
      const explained = explainTemporalConnectError(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7233'), { code: 'ECONNREFUSED' }),
        mtls,
      );
      expect(explained).toEqual({ config: false, message: expect.stringMatching(/^cannot reach Temporal at localhost:7233/) });
    });
  });
});

import type { TLSConfig } from '@temporalio/client';
import net, { isIP } from 'node:net';
import tls from 'node:tls';
import { ConfigError } from '../config';
import type { TemporalConnectionConfig } from '../config/temporal-env';

/**
 * Every connection hookflow makes to Temporal is built here, from one config: the API's
 * client, the worker's native connection, `npm run dev`'s check of a given server, and
 * `npm run reconcile`. Plain, TLS, mTLS (TEMPORAL_TLS_CERT/KEY) or an API key (Temporal Cloud).
 */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

export function temporalConnectionOptions(config: TemporalConnectionConfig): TemporalConnectionOptions {
  const { tls, apiKey } = config;
  if (!tls) return { address: config.address, ...(apiKey ? { apiKey, tls: true } : {}) };
  const options: TLSConfig = {};
  if (tls.caPem) options.serverRootCACertificate = Buffer.from(tls.caPem);
  if (tls.clientCert) options.clientCertPair = { crt: Buffer.from(tls.clientCert.certPem), key: Buffer.from(tls.clientCert.keyPem) };
  if (tls.serverName) options.serverNameOverride = tls.serverName;
  return { address: config.address, tls: options, ...(apiKey ? { apiKey } : {}) };
}

/** How a connection was made, for log lines: never a key or certificate. */
export function describeTemporalConnection(config: TemporalConnectionConfig): string {
  if (!config.tls) return `${config.address} (plain)`;
  const parts = [
    config.tls.clientCert ? 'mTLS' : 'TLS',
    config.tls.caPem ? 'CA from TEMPORAL_TLS_CA' : 'system CAs',
    ...(config.tls.serverName ? [`server name ${config.tls.serverName}`] : []),
    ...(config.apiKey ? ['API key'] : []),
  ];
  return `${config.address} (${parts.join(', ')})`;
}

/** Node's TLS error codes, and the Temporal core's wording of the same failures. */
const SERVER_NAME = /err_tls_cert_altname_invalid|notvalidforname|not valid for name/;
const UNTRUSTED_SERVER =
  /unable_to_verify_leaf_signature|self_signed_cert_in_chain|depth_zero_self_signed_cert|unable_to_get_issuer_cert|cert_signature_failure|unknownissuer|invalidcertificate|certificate verify failed/;
const NOT_TLS = /wrong_version_number|wrong version number|packet_length_too_long|http_request/;
const HUNG_UP =
  /certificate_required|certificate ?required|alert_unknown_ca|alert_bad_certificate|bad certificate|handshake_failure|handshake failure|econnreset|epipe|broken ?pipe|connection reset|connection closed|hung up|unexpected eof/;
const UNAUTHENTICATED = /unauthenticated|permission ?denied|unauthorized/;

/**
 * A connection error in the words of the settings that cause it: which variable to change.
 * `config: false` when the server is merely unreachable (refused, unknown host, no answer).
 */
export function explainTemporalConnectError(error: unknown, config: TemporalConnectionConfig): { message: string; config: boolean } {
  const code = (error as { code?: unknown } | undefined)?.code;
  const raw = `${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`;
  const text = raw.toLowerCase();
  const at = `Temporal at ${config.address}`;
  const say = (message: string, isConfig = true) => ({ message: `${message} [${raw.trim().slice(0, 240)}]`, config: isConfig });
  if (SERVER_NAME.test(text)) {
    return say(`${at}: the server's certificate does not carry the name checked; set TEMPORAL_TLS_SERVER_NAME to a name it carries`);
  }
  if (UNTRUSTED_SERVER.test(text)) {
    return say(
      config.tls?.caPem
        ? `${at}: the server's certificate is not signed by TEMPORAL_TLS_CA; set TEMPORAL_TLS_CA to the CA that signed it`
        : `${at}: the server's certificate is not signed by a CA this machine trusts; set TEMPORAL_TLS_CA to the CA that signed it`,
    );
  }
  if (config.tls && NOT_TLS.test(text)) {
    return say(`${at}: the server does not speak TLS there; set TEMPORAL_TLS=false, or check TEMPORAL_ADDRESS`);
  }
  // The server hung up on a fresh connection: a TLS server refusing a plain client, or an
  // mTLS server refusing a client without an acceptable certificate.
  if (HUNG_UP.test(text)) {
    if (!config.tls) {
      return say(
        `${at}: the server hung up on a plain connection; it may want TLS: set TEMPORAL_TLS=true (and TEMPORAL_TLS_CA for a private CA)`,
      );
    }
    return say(
      config.tls.clientCert
        ? `${at}: the server refused the client certificate TEMPORAL_TLS_CERT (not signed by a CA it trusts for clients)`
        : `${at}: the server refused the TLS connection; it wants a client certificate: set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY`,
    );
  }
  if (UNAUTHENTICATED.test(text)) {
    return say(
      config.apiKey
        ? `${at}: TEMPORAL_API_KEY was refused (wrong, expired, or without access)`
        : `${at}: the server refused the call as unauthenticated; set TEMPORAL_API_KEY or a client certificate (TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY)`,
    );
  }
  return say(`cannot reach ${at}`, false);
}

/** What a gRPC client sends first: the HTTP/2 preface and an empty SETTINGS frame. */
const HTTP2_HELLO = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);

/**
 * Opens one connection to the frontend with exactly the TLS settings every connection
 * uses, says hello in HTTP/2 and waits for the server's first bytes (its SETTINGS): the
 * TLS handshake, the server's certificate and, for mTLS, the server's acceptance of ours
 * are then proven, within `timeoutMs`. Node's TLS errors name the failure precisely (an
 * mTLS refusal arrives as an alert right after the handshake, which only a read sees).
 */
export function checkTemporalConnection(
  config: TemporalConnectionConfig,
  timeoutMs = 5_000,
): Promise<{ ok: true } | { ok: false; message: string; config: boolean }> {
  const [host, port] = splitHostPort(config.address);
  const tlsConfig = config.tls;
  return new Promise((resolve) => {
    let settled = false;
    const socket = tlsConfig
      ? tls.connect({
          host,
          port,
          // Without TEMPORAL_TLS_CA: Node's bundled CAs and the system's, as the Temporal core trusts.
          ca: tlsConfig.caPem ?? [...tls.getCACertificates('default'), ...tls.getCACertificates('system')],
          ...(tlsConfig.clientCert ? { cert: tlsConfig.clientCert.certPem, key: tlsConfig.clientCert.keyPem } : {}),
          // SNI takes host names only; an IP address is checked against the certificate's IP entries.
          ...(tlsConfig.serverName ? { servername: tlsConfig.serverName } : isIP(host) ? {} : { servername: host }),
          ALPNProtocols: ['h2'],
        })
      : net.connect({ host, port });
    const finish = (result: { ok: true } | { ok: false; message: string; config: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, message: `cannot reach Temporal at ${config.address} [no answer within ${timeoutMs} ms]`, config: false }),
      timeoutMs,
    );
    socket.once(tlsConfig ? 'secureConnect' : 'connect', () => socket.write(HTTP2_HELLO));
    socket.once('data', () => finish({ ok: true }));
    socket.once('error', (error) => finish({ ok: false, ...explainTemporalConnectError(error, config) }));
    socket.once('close', () =>
      finish({ ok: false, ...explainTemporalConnectError(new Error('the server hung up before answering'), config) }),
    );
  });
}

function splitHostPort(address: string): [string, number] {
  const index = address.lastIndexOf(':');
  return [address.slice(0, index).replace(/^\[|\]$/g, ''), Number(address.slice(index + 1))];
}

/**
 * At a process's start: a TLS or credential problem stops it with one line naming the
 * variable (a ConfigError). A server that is merely unreachable does not: the API starts
 * and reports it on /readyz, the worker keeps trying as before.
 */
export async function assertTemporalSettingsWork(config: TemporalConnectionConfig): Promise<void> {
  let check = await checkTemporalConnection(config);
  // Asked twice before giving up: a server that is just starting may hang up once.
  if (!check.ok && check.config) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    check = await checkTemporalConnection(config);
  }
  if (!check.ok && check.config) throw new ConfigError(check.message);
}

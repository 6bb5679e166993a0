import type { TLSConfig } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
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

/**
 * A connection error in the words of the settings that cause it: which variable to check.
 * Worded from the Temporal core's (Rust) errors, which say what went wrong in the TLS
 * handshake; `config: false` when the server is merely unreachable.
 */
export function explainTemporalConnectError(error: unknown, config: TemporalConnectionConfig): { message: string; config: boolean } {
  const raw = error instanceof Error ? error.message : String(error);
  const text = raw.toLowerCase();
  const at = `Temporal at ${config.address}`;
  const say = (message: string, isConfig = true) => ({ message: `${message} [${raw.trim().slice(0, 240)}]`, config: isConfig });
  if (/notvalidforname|not valid for name/.test(text)) {
    return say(`${at}: the server's certificate does not carry the name checked; set TEMPORAL_TLS_SERVER_NAME to a name it carries`);
  }
  if (/unknownissuer|invalidcertificate|invalid peer certificate|certificate verify failed|self[- ]signed/.test(text)) {
    return say(
      config.tls?.caPem
        ? `${at}: the server's certificate is not signed by TEMPORAL_TLS_CA; set TEMPORAL_TLS_CA to the CA that signed it`
        : `${at}: the server's certificate is not signed by a CA this machine trusts; set TEMPORAL_TLS_CA to the CA that signed it`,
    );
  }
  // The server hung up on a call over a fresh connection: a TLS server refusing a plain
  // client, or an mTLS server refusing a client without an acceptable certificate.
  if (
    /broken ?pipe|connection reset|connection closed|unexpected eof|tls handshake|certificate ?required|bad certificate|handshake failure/.test(
      text,
    )
  ) {
    if (!config.tls)
      return say(
        `${at}: the server hung up on a plain connection; it may want TLS: set TEMPORAL_TLS=true (and TEMPORAL_TLS_CA for a private CA)`,
      );
    return say(
      config.tls.clientCert
        ? `${at}: the server refused the client certificate TEMPORAL_TLS_CERT (not signed by a CA it trusts for clients)`
        : `${at}: the server refused the TLS connection; it wants a client certificate: set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY`,
    );
  }
  if (/unauthenticated|permission ?denied|unauthorized|api key|jwt/.test(text)) {
    return say(
      config.apiKey
        ? `${at}: TEMPORAL_API_KEY was refused (wrong, expired, or without access)`
        : `${at}: the server refused the call as unauthenticated; set TEMPORAL_API_KEY or a client certificate (TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY)`,
    );
  }
  return say(`cannot reach ${at}`, false);
}

/**
 * Connects once, natively (the worker's connection: its errors name the TLS problem), and
 * asks the server who it is. `config: false` in the result: the server simply did not answer.
 */
export async function checkTemporalConnection(
  config: TemporalConnectionConfig,
): Promise<{ ok: true } | { ok: false; message: string; config: boolean }> {
  let connection: NativeConnection | undefined;
  try {
    connection = await NativeConnection.connect(temporalConnectionOptions(config));
    await connection.workflowService.getSystemInfo({});
    return { ok: true };
  } catch (error) {
    return { ok: false, ...explainTemporalConnectError(error, config) };
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/**
 * At a process's start: a TLS or credential problem stops it with one line naming the
 * variable (a ConfigError). A server that is merely unreachable does not: the API starts
 * and reports it on /readyz, the worker keeps trying as before.
 */
export async function assertTemporalSettingsWork(config: TemporalConnectionConfig): Promise<void> {
  const check = await checkTemporalConnection(config);
  if (!check.ok && check.config) throw new ConfigError(check.message);
}

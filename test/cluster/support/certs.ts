import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Certificates for a cluster test, made with the machine's openssl in a fresh folder:
 * a CA that signs the frontend's and hookflow's certificates, and a second, unrelated CA
 * with a certificate of its own (what a client or server must refuse). P-256 keys, valid 2 days.
 */
export interface ClusterCerts {
  dir: string;
  ca: string;
  /** The frontend's certificate and key; it names `serverName` and 127.0.0.1. */
  frontendCert: string;
  frontendKey: string;
  serverName: string;
  /** hookflow's client certificate, signed by `ca`. */
  clientCert: string;
  clientKey: string;
  /** A CA that signed nothing the cluster trusts, and a client certificate it signed. */
  otherCa: string;
  rogueCert: string;
  rogueKey: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): void {
  openssl(
    dir,
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'].concat([
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
    ]),
  );
}

function makeLeaf(dir: string, name: string, ca: string, subjectAltName: string): void {
  openssl(
    dir,
    ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${name}`].concat([
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    ]),
  );
  writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${subjectAltName}\nextendedKeyUsage=serverAuth,clientAuth\n`);
  openssl(
    dir,
    ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '2'].concat([
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    ]),
  );
}

export function makeClusterCerts(serverName = 'temporal.hookflow.test'): ClusterCerts {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookflow-cluster-certs-'));
  makeCa(dir, 'ca');
  makeCa(dir, 'other-ca');
  makeLeaf(dir, 'frontend', 'ca', `DNS:${serverName},IP:127.0.0.1`);
  makeLeaf(dir, 'client', 'ca', 'DNS:hookflow-client');
  makeLeaf(dir, 'rogue', 'other-ca', 'DNS:rogue-client');
  const at = (file: string) => path.join(dir, file);
  return {
    dir,
    ca: at('ca.pem'),
    frontendCert: at('frontend.pem'),
    frontendKey: at('frontend.key'),
    serverName,
    clientCert: at('client.pem'),
    clientKey: at('client.key'),
    otherCa: at('other-ca.pem'),
    rogueCert: at('rogue.pem'),
    rogueKey: at('rogue.key'),
  };
}

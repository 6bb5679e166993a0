import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { TEMPORAL_SERVER_VERSION } from '../../src/dev/temporal-server-tools';

/**
 * docker-compose.yml runs what the cluster tests (test/cluster) prove: the same server
 * version, config file, schema and namespace scripts and dynamic config; TLS through the
 * same variables as hookflow's; several workers.
 */
const ROOT = resolve(__dirname, '..', '..');
type Service = {
  image?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  deploy?: { replicas?: number };
};
const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  'x-hookflow-env': Record<string, string>;
};
const service = (name: string): Service => {
  const found = compose.services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
};
const HOOKFLOW_TLS = ['TEMPORAL_TLS', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA', 'TEMPORAL_TLS_SERVER_NAME'];
const passedThrough = (environment: Record<string, string> | undefined, name: string) => environment?.[name] === `\${${name}:-}`;

describe('docker-compose.yml and the cluster tests', () => {
  it(`runs temporal-server ${TEMPORAL_SERVER_VERSION}, the version the cluster tests build, with admin-tools of the same version`, () => {
    const version = TEMPORAL_SERVER_VERSION.replace(/^v/, '');
    expect(service('temporal').image).toBe(`temporalio/server:${version}`);
    for (const name of ['temporal-schema', 'temporal-namespace']) expect(service(name).image).toBe(`temporalio/admin-tools:${version}`);
  });

  it("mounts the cluster tests' server config over the image's, with the dynamic config and the internal frontend", () => {
    const temporal = service('temporal');
    expect(temporal.volumes).toContain('./deploy/temporal/config/docker.yaml:/etc/temporal/config/docker.yaml:ro');
    expect(existsSync(resolve(ROOT, 'deploy/temporal/config/docker.yaml'))).toBe(true);
    expect(temporal.environment?.SERVICES?.split(':')).toEqual(['frontend', 'internal-frontend', 'history', 'matching', 'worker']);
    // Every server variable the config template reads for TLS is wired from the host's environment.
    const template = readFileSync(resolve(ROOT, 'deploy/temporal/config/docker.yaml'), 'utf8');
    const tlsVariables = [...template.matchAll(/env "(TEMPORAL_TLS_[A-Z_]+)"/g)].map((m) => m[1] as string);
    expect(new Set(tlsVariables)).toEqual(
      new Set(['TEMPORAL_TLS_FRONTEND_CERT', 'TEMPORAL_TLS_FRONTEND_KEY', 'TEMPORAL_TLS_CLIENT_CA_CERT']),
    );
    for (const name of tlsVariables) expect({ name, wired: passedThrough(temporal.environment, name) }).toEqual({ name, wired: true });
    expect(temporal.volumes).toContain('./deploy/temporal/certs:/etc/temporal/certs:ro');
  });

  it("gives the API, the worker, the namespace set-up and the UI hookflow's TLS variables, and the certificates folder", () => {
    for (const name of HOOKFLOW_TLS) {
      expect({ name, hookflow: passedThrough(compose['x-hookflow-env'], name) }).toEqual({ name, hookflow: true });
      expect({ name, namespace: passedThrough(service('temporal-namespace').environment, name) }).toEqual({ name, namespace: true });
      if (name !== 'TEMPORAL_TLS')
        expect({ name, ui: passedThrough(service('temporal-ui').environment, name) }).toEqual({ name, ui: true });
    }
    expect(passedThrough(compose['x-hookflow-env'], 'TEMPORAL_API_KEY')).toBe(true);
    for (const name of ['hookflow-api', 'hookflow-worker', 'temporal-namespace', 'temporal-ui']) {
      expect({ name, volumes: service(name).volumes }).toEqual({
        name,
        volumes: expect.arrayContaining(['./deploy/temporal/certs:/certs:ro']),
      });
    }
    // The certificates folder exists and commits nothing but its README.
    expect(readFileSync(resolve(ROOT, 'deploy/temporal/certs/.gitignore'), 'utf8').split('\n')).toEqual([
      '*',
      '!.gitignore',
      '!README.md',
      '',
    ]);
  });

  it('runs several workers on one task queue, as the cluster tests do', () => {
    expect(service('hookflow-worker').deploy?.replicas).toBeGreaterThanOrEqual(2);
  });
});

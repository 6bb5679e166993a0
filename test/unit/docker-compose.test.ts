import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * No Docker engine is available to the tests, so this checks the deployment wiring
 * statically: docker-compose.yml is parsed (with YAML merge keys, as Compose does) and
 * `${VAR...}` interpolation is applied the way Compose applies it, then the services are
 * checked against each other (hosts, ports, passwords, namespace, start order) and against
 * the support files in deploy/ and the Dockerfile.
 */

const ROOT = resolve(__dirname, '..', '..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const DOCKERFILE = join(ROOT, 'Dockerfile');

const SEARCH_ATTRIBUTES = ['TenantId', 'EndpointId', 'EventType', 'EventId', 'DeliveryStatus'] as const;
const ADMIN_API_KEY = 'compose-test-admin-key-0123456789';
const SECRET_ENCRYPTION_KEY = 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';

// ---------------------------------------------------------------------------------------
// Compose model and helpers

type EnvValue = string | number | boolean | null;

interface ServiceDefinition {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, EnvValue> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: Array<string | number | { target: number | string; published?: number | string; host_ip?: string }>;
  volumes?: Array<string | { type?: string; source?: string; target?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
}

interface ComposeFile {
  services: Record<string, ServiceDefinition>;
  volumes?: Record<string, unknown>;
}

class MissingVariableError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`required variable ${variable} is missing a value: ${detail}`);
  }
}

/** Compose-style interpolation: $$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+a}, ${VAR+a}. */
function interpolate(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(
    /\$(?:\$|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (match: string, braced: string | undefined, bare: string | undefined) => {
      if (match === '$$') return '$';
      if (bare !== undefined) return env[bare] ?? '';
      const parts = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(braced ?? '');
      if (!parts) throw new Error(`invalid interpolation ${match}`);
      const name = parts[1] ?? '';
      const operator = parts[2];
      const argument = parts[3] ?? '';
      const value = env[name];
      const isSet = value !== undefined;
      const isNonEmpty = isSet && value !== '';
      switch (operator) {
        case undefined:
          return value ?? '';
        case ':-':
          return isNonEmpty ? value : argument;
        case '-':
          return isSet ? value : argument;
        case ':?':
          if (!isNonEmpty) throw new MissingVariableError(name, argument);
          return value;
        case '?':
          if (!isSet) throw new MissingVariableError(name, argument);
          return value;
        case ':+':
          return isNonEmpty ? argument : '';
        case '+':
          return isSet ? argument : '';
        default:
          throw new Error(`unsupported interpolation ${match}`);
      }
    },
  );
}

function interpolateDeep(value: unknown, env: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateDeep(item, env));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateDeep(item, env)]));
  }
  return value;
}

const composeText = readFileSync(COMPOSE_FILE, 'utf8');

function loadCompose(env: Readonly<Record<string, string>>): ComposeFile {
  // merge: true enables `<<: *anchor` merge keys, which Compose supports.
  const raw: unknown = parse(composeText, { merge: true });
  return interpolateDeep(raw, env) as ComposeFile;
}

// The environment a deployer must provide; everything else has defaults.
const compose = loadCompose({ ADMIN_API_KEY, SECRET_ENCRYPTION_KEY });

function service(name: string): ServiceDefinition {
  const definition = compose.services[name];
  if (!definition) throw new Error(`docker-compose.yml has no service "${name}"`);
  return definition;
}

function environmentOf(definition: ServiceDefinition): Record<string, string> {
  const env = definition.environment;
  if (env === undefined) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const index = entry.indexOf('=');
        return index === -1 ? [entry, ''] : [entry.slice(0, index), entry.slice(index + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

function dependenciesOf(definition: ServiceDefinition): Record<string, string> {
  const deps = definition.depends_on;
  if (deps === undefined) return {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition ?? 'service_started']));
}

interface PublishedPort {
  hostIp: string | undefined;
  published: number | undefined;
  target: number;
}

function publishedPortsOf(definition: ServiceDefinition): PublishedPort[] {
  return (definition.ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return {
        hostIp: port.host_ip,
        published: port.published === undefined ? undefined : Number(port.published),
        target: Number(port.target),
      };
    }
    const parts = String(port)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = Number(parts.at(-1));
    const published = parts.length >= 2 ? Number(parts.at(-2)) : undefined;
    const hostIp = parts.length >= 3 ? parts.slice(0, -2).join(':') : undefined;
    return { hostIp, published, target };
  });
}

interface BindMount {
  source: string;
  target: string;
}

/** Bind mounts (host paths), resolved against the compose file's directory. */
function bindMountsOf(definition: ServiceDefinition): BindMount[] {
  const mounts: BindMount[] = [];
  for (const volume of definition.volumes ?? []) {
    let source: string | undefined;
    let target: string | undefined;
    if (typeof volume === 'string') {
      const parts = volume.split(':');
      if (parts.length >= 2) [source, target] = parts;
    } else if (volume.type === 'bind' || volume.source?.startsWith('.') || volume.source?.startsWith('/')) {
      source = volume.source;
      target = volume.target;
    }
    if (source && target && (source.startsWith('.') || source.startsWith('/'))) {
      mounts.push({ source: resolve(ROOT, source), target });
    }
  }
  return mounts;
}

function readTree(path: string): string {
  if (!existsSync(path)) return '';
  if (statSync(path).isDirectory()) {
    return readdirSync(path)
      .sort()
      .map((entry) => readTree(join(path, entry)))
      .join('\n');
  }
  return readFileSync(path, 'utf8');
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** What a service runs: its command, entrypoint and the contents of every file it mounts. */
function scriptOf(definition: ServiceDefinition): string {
  return [
    ...asList(definition.entrypoint),
    ...asList(definition.command),
    ...bindMountsOf(definition).map((mount) => readTree(mount.source)),
  ].join('\n');
}

interface ImageReference {
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

function parseImage(image: string): ImageReference {
  const [name = '', digest] = image.split('@');
  const lastSlash = name.lastIndexOf('/');
  const lastColon = name.lastIndexOf(':');
  const hasTag = lastColon > lastSlash;
  return {
    repository: hasTag ? name.slice(0, lastColon) : name,
    tag: hasTag ? name.slice(lastColon + 1) : undefined,
    digest,
  };
}

function imageOf(name: string): ImageReference {
  const image = service(name).image;
  if (!image) throw new Error(`service "${name}" has no image`);
  return parseImage(image);
}

function isAdminTools(definition: ServiceDefinition): boolean {
  return definition.image !== undefined && parseImage(definition.image).repository === 'temporalio/admin-tools';
}

/** The one-shot services a service waits for with condition: service_completed_successfully. */
function completedDependencies(name: string): string[] {
  return Object.entries(dependenciesOf(service(name)))
    .filter(([, condition]) => condition === 'service_completed_successfully')
    .map(([dependency]) => dependency);
}

function schemaSetupServiceName(): string {
  const candidates = completedDependencies('temporal').filter((name) => isAdminTools(service(name)));
  expect(candidates).toHaveLength(1);
  return candidates[0] ?? '';
}

function namespaceSetupServiceName(): string {
  const candidates = Object.keys(compose.services).filter(
    (name) => isAdminTools(service(name)) && /search-attribute\s+create/.test(scriptOf(service(name))),
  );
  expect(candidates).toHaveLength(1);
  return candidates[0] ?? '';
}

function splitHostPort(address: string): { host: string; port: number } {
  const index = address.lastIndexOf(':');
  return { host: address.slice(0, index), port: Number(address.slice(index + 1)) };
}

const APP_SERVICES = ['hookflow-api', 'hookflow-worker'] as const;

// ---------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  it('defines the production services', () => {
    for (const name of ['postgresql', 'temporal', 'temporal-ui', 'hookflow-api', 'hookflow-worker']) {
      expect(compose.services).toHaveProperty([name]);
    }
    expect(schemaSetupServiceName()).not.toBe('');
    expect(namespaceSetupServiceName()).not.toBe('');
  });

  it('requires ADMIN_API_KEY from the environment instead of shipping a default', () => {
    expect(() => loadCompose({ SECRET_ENCRYPTION_KEY })).toThrow(MissingVariableError);
    expect(() => loadCompose({ SECRET_ENCRYPTION_KEY })).toThrow(/ADMIN_API_KEY/);
    expect(environmentOf(service('hookflow-api')).ADMIN_API_KEY).toBe(ADMIN_API_KEY);
  });

  it('requires SECRET_ENCRYPTION_KEY from the environment, and gives the same key to the API and the worker', () => {
    expect(() => loadCompose({ ADMIN_API_KEY })).toThrow(MissingVariableError);
    expect(() => loadCompose({ ADMIN_API_KEY })).toThrow(/SECRET_ENCRYPTION_KEY/);
    expect(environmentOf(service('hookflow-api')).SECRET_ENCRYPTION_KEY).toBe(SECRET_ENCRYPTION_KEY);
    expect(environmentOf(service('hookflow-worker')).SECRET_ENCRYPTION_KEY).toBe(SECRET_ENCRYPTION_KEY);
  });

  it('never uses the deprecated temporalio/auto-setup image', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      if (definition.image === undefined) continue;
      expect({ service: name, repository: parseImage(definition.image).repository }).not.toEqual({
        service: name,
        repository: 'temporalio/auto-setup',
      });
    }
  });

  it('pins every pulled image to a concrete version', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      if (definition.build !== undefined) continue; // built locally from the Dockerfile
      expect({ service: name, image: definition.image }).toEqual({ service: name, image: expect.any(String) });
      const image = parseImage(definition.image ?? '');
      if (image.digest !== undefined) continue;
      expect({ service: name, tag: image.tag }).toEqual({ service: name, tag: expect.stringMatching(/\d/) });
      expect({ service: name, tag: image.tag }).not.toEqual({ service: name, tag: 'latest' });
    }
  });

  it('keeps admin-tools (schema files and CLI) at the same version as the server', () => {
    const serverTag = imageOf('temporal').tag;
    expect(imageOf('temporal').repository).toBe('temporalio/server');
    for (const name of [schemaSetupServiceName(), namespaceSetupServiceName()]) {
      expect(imageOf(name).tag).toBe(serverTag);
    }
  });

  describe('postgresql', () => {
    it('runs PostgreSQL 16 or 17 on a named volume with a pg_isready healthcheck', () => {
      const image = imageOf('postgresql');
      expect(image.repository).toBe('postgres');
      expect(image.tag).toMatch(/^1[67](\.|$|-)/);

      const dataVolume = (service('postgresql').volumes ?? []).find(
        (volume) => typeof volume === 'string' && volume.split(':')[1] === '/var/lib/postgresql/data',
      );
      expect(dataVolume).toBeDefined();
      const volumeName = String(dataVolume).split(':')[0] ?? '';
      expect(compose.volumes ?? {}).toHaveProperty([volumeName]);

      expect(asList(service('postgresql').healthcheck?.test).join(' ')).toMatch(/pg_isready/);
    });

    it('creates the hookflow database and role that DATABASE_URL uses', () => {
      const url = new URL(environmentOf(service('hookflow-api')).DATABASE_URL ?? '');
      const database = url.pathname.replace(/^\//, '');
      const pgEnv = environmentOf(service('postgresql'));
      const initScripts = bindMountsOf(service('postgresql'))
        .filter((mount) => mount.target.startsWith('/docker-entrypoint-initdb.d'))
        .map((mount) => readTree(mount.source))
        .join('\n');

      if (pgEnv.POSTGRES_DB === database) {
        // Created by the image itself, for the superuser.
        expect(decodeURIComponent(url.username)).toBe(pgEnv.POSTGRES_USER);
        expect(decodeURIComponent(url.password)).toBe(pgEnv.POSTGRES_PASSWORD);
      } else {
        // Created by an init script for a dedicated role whose password comes from the
        // same variable that DATABASE_URL embeds.
        expect(initScripts).toMatch(new RegExp(`CREATE DATABASE\\s+"?${database}"?`, 'i'));
        expect(initScripts).toMatch(new RegExp(`CREATE (ROLE|USER)\\s+"?${decodeURIComponent(url.username)}"?`, 'i'));
        expect(initScripts).toMatch(/HOOKFLOW_DB_PASSWORD/);
        expect(pgEnv.HOOKFLOW_DB_PASSWORD).toBe(decodeURIComponent(url.password));
      }
    });
  });

  describe('Temporal', () => {
    it('sets up the schema with admin-tools and temporal-sql-tool, after PostgreSQL is healthy', () => {
      const name = schemaSetupServiceName();
      const setup = service(name);
      expect(dependenciesOf(setup)).toMatchObject({ postgresql: 'service_healthy' });

      const script = scriptOf(setup);
      expect(script).toMatch(/temporal-sql-tool/);
      expect(script).toMatch(/\bcreate(-database)?\b/);
      expect(script).toMatch(/setup-schema/);
      expect(script).toMatch(/update-schema/);
      expect(script).toMatch(/\btemporal_visibility\b/);
      expect(script).toMatch(/postgres12/);
      expect(script).toMatch(/\/etc\/temporal\/schema\/postgresql\/v12/);
      expect(script).toMatch(/temporal\/versioned/);
      expect(script).toMatch(/visibility\/versioned/);

      const env = environmentOf(setup);
      const pgEnv = environmentOf(service('postgresql'));
      expect(env.SQL_HOST).toBe('postgresql');
      expect(env.SQL_USER).toBe(pgEnv.POSTGRES_USER);
      expect(env.SQL_PASSWORD).toBe(pgEnv.POSTGRES_PASSWORD);
    });

    it('starts the server only after the schema setup completed successfully', () => {
      expect(dependenciesOf(service('temporal'))).toMatchObject({
        [schemaSetupServiceName()]: 'service_completed_successfully',
      });
    });

    it('points the server at the same PostgreSQL with the postgres12 plugin', () => {
      const env = environmentOf(service('temporal'));
      const pgEnv = environmentOf(service('postgresql'));
      expect(env.DB).toBe('postgres12');
      expect(env.POSTGRES_SEEDS).toBe('postgresql');
      expect(env.POSTGRES_USER).toBe(pgEnv.POSTGRES_USER);
      expect(env.POSTGRES_PWD).toBe(pgEnv.POSTGRES_PASSWORD);
      expect(env.BIND_ON_IP).toBe('0.0.0.0');
      expect(service('temporal').healthcheck?.test).toBeDefined();
    });

    it('mounts the dynamic config file the server is told to load', () => {
      const path = environmentOf(service('temporal')).DYNAMIC_CONFIG_FILE_PATH;
      if (path === undefined) return;
      const absolute = path.startsWith('/') ? path : `/etc/temporal/${path}`;
      const mount = bindMountsOf(service('temporal')).find((m) => absolute.startsWith(`${m.target}/`));
      expect(mount).toBeDefined();
      const hostFile = join(mount?.source ?? '', absolute.slice((mount?.target ?? '').length));
      expect(existsSync(hostFile)).toBe(true);
      expect(() => parse(readFileSync(hostFile, 'utf8'))).not.toThrow();
    });

    it('registers the namespace and the custom search attributes once the server is healthy', () => {
      const name = namespaceSetupServiceName();
      const setup = service(name);
      expect(dependenciesOf(setup)).toMatchObject({ temporal: 'service_healthy' });

      const env = environmentOf(setup);
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(env.TEMPORAL_NAMESPACE).toBe(environmentOf(service('hookflow-api')).TEMPORAL_NAMESPACE);

      const script = scriptOf(setup);
      expect(script).toMatch(/temporal operator namespace create|operator namespace create/);

      // Search attributes may be listed in the environment (Name=Type pairs) or spelled
      // out as --name/--type flags in the command or script.
      const registered = new Map<string, string>();
      for (const match of (env.SEARCH_ATTRIBUTES ?? '').matchAll(/([A-Za-z_]\w*)=(\w+)/g)) {
        registered.set(match[1] ?? '', match[2] ?? '');
      }
      for (const match of script.matchAll(/--name[ =]"?([A-Za-z_]\w*)"?\s+--type[ =]"?(\w+)"?/g)) {
        registered.set(match[1] ?? '', match[2] ?? '');
      }
      for (const attribute of SEARCH_ATTRIBUTES) {
        expect({ attribute, type: registered.get(attribute) }).toEqual({ attribute, type: 'Keyword' });
      }
    });

    it('serves the Web UI on host port 8233 against the temporal service', () => {
      expect(imageOf('temporal-ui').repository).toBe('temporalio/ui');
      expect(environmentOf(service('temporal-ui')).TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(publishedPortsOf(service('temporal-ui'))).toContainEqual(expect.objectContaining({ published: 8233, target: 8080 }));
    });
  });

  describe('hookflow api and worker', () => {
    it.each(APP_SERVICES)('%s is built from the repository Dockerfile', (name) => {
      const build = service(name).build;
      expect(build).toBeDefined();
      const context = typeof build === 'string' ? build : (build?.context ?? '.');
      const dockerfile = typeof build === 'string' ? 'Dockerfile' : (build?.dockerfile ?? 'Dockerfile');
      expect(resolve(ROOT, context)).toBe(ROOT);
      expect(resolve(ROOT, context, dockerfile)).toBe(DOCKERFILE);
      expect(existsSync(DOCKERFILE)).toBe(true);
    });

    it.each(APP_SERVICES)('%s reaches PostgreSQL and Temporal by service name', (name) => {
      const env = environmentOf(service(name));
      const url = new URL(env.DATABASE_URL ?? '');
      expect(url.protocol).toMatch(/^postgres(ql)?:$/);
      expect(url.hostname).toBe('postgresql');
      expect(url.port === '' ? 5432 : Number(url.port)).toBe(5432);
      expect(url.pathname).toBe('/hookflow');

      const temporal = splitHostPort(env.TEMPORAL_ADDRESS ?? '');
      expect(temporal).toEqual({ host: 'temporal', port: 7233 });
      expect(env.NODE_ENV).toBe('production');
    });

    it('the api and the worker agree on database, namespace and task queue', () => {
      const api = environmentOf(service('hookflow-api'));
      const worker = environmentOf(service('hookflow-worker'));
      for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE']) {
        expect({ key, value: worker[key] }).toEqual({ key, value: api[key] });
      }
    });

    it.each(APP_SERVICES)('%s starts after PostgreSQL is healthy and the namespace is registered', (name) => {
      expect(dependenciesOf(service(name))).toMatchObject({
        postgresql: 'service_healthy',
        [namespaceSetupServiceName()]: 'service_completed_successfully',
      });
    });

    it('the api listens on 0.0.0.0, publishes port 3000 and is health-checked on /readyz', () => {
      const api = service('hookflow-api');
      const env = environmentOf(api);
      expect(env.HOST).toBe('0.0.0.0');
      const containerPort = Number(env.PORT ?? 3000);
      expect(publishedPortsOf(api)).toContainEqual(expect.objectContaining({ published: 3000, target: containerPort }));
      const check = asList(api.healthcheck?.test).join(' ');
      expect(check).toMatch(/\/readyz/);
      expect(check).toContain(`:${containerPort}/`);
      expect(asList(api.command).join(' ')).toMatch(/dist\/server\.js/);
    });

    it('the worker runs dist/worker.js from the same image', () => {
      expect(asList(service('hookflow-worker').command).join(' ')).toMatch(/dist\/worker\.js/);
      expect(service('hookflow-worker').build).toEqual(service('hookflow-api').build);
    });
  });

  it('every bind-mounted host path exists', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      for (const mount of bindMountsOf(definition)) {
        expect({ service: name, source: mount.source, exists: existsSync(mount.source) }).toEqual({
          service: name,
          source: mount.source,
          exists: true,
        });
      }
    }
  });

  it('the deploy/ shell scripts are valid POSIX sh', () => {
    const scripts: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (entry.endsWith('.sh')) scripts.push(path);
      }
    };
    walk(join(ROOT, 'deploy'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect(() => execFileSync('sh', ['-n', script], { stdio: 'pipe' })).not.toThrow();
    }
  });
});

// ---------------------------------------------------------------------------------------

describe('Dockerfile', () => {
  // Instructions with line continuations joined and comments dropped.
  const instructions = readFileSync(DOCKERFILE, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const keyword = (line: string): string => (line.split(/\s+/)[0] ?? '').toUpperCase();
  const fromIndexes = instructions.flatMap((line, index) => (keyword(line) === 'FROM' ? [index] : []));
  const finalStage = instructions.slice(fromIndexes.at(-1) ?? 0);
  const args = new Map(
    instructions
      .filter((line) => keyword(line) === 'ARG' && line.includes('='))
      .map((line) => {
        const [name = '', ...rest] = line.replace(/^ARG\s+/i, '').split('=');
        return [name, rest.join('=')] as const;
      }),
  );
  const expandArgs = (text: string): string =>
    text.replace(/\$\{?([A-Za-z_]\w*)\}?/g, (match: string, name: string) => args.get(name) ?? match);

  it('is a multi-stage build', () => {
    expect(fromIndexes.length).toBeGreaterThanOrEqual(2);
  });

  it('builds on Node 24 with a pinned tag', () => {
    for (const index of fromIndexes) {
      const image = expandArgs(instructions[index] ?? '').split(/\s+/)[1] ?? '';
      if (!image.includes(':') && !image.includes('@')) continue; // FROM <earlier stage>
      expect(image).toMatch(/^node:24[.-]/);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  it('installs with npm ci and compiles with npm run build', () => {
    const text = instructions.join('\n');
    expect(text).toMatch(/npm ci\b/);
    expect(text).toMatch(/npm run build\b/);
  });

  it('ships production dependencies only, plus the compiled dist/', () => {
    const text = instructions.join('\n');
    expect(text).toMatch(/npm ci[^\n]*--omit=dev/);
    expect(finalStage.join('\n')).toMatch(/COPY\s+--from=\S+\s+\S*dist\S*\s+\S*dist/);
    expect(finalStage.join('\n')).not.toMatch(/npm run build/);
  });

  it('runs as a non-root user', () => {
    const users = finalStage.filter((line) => keyword(line) === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = (users.at(-1) ?? '').split(/\s+/)[1] ?? '';
    expect(user).not.toMatch(/^(root|0)(:.*)?$/);
  });

  it('starts the compiled server from dist/', () => {
    const start = finalStage.filter((line) => ['CMD', 'ENTRYPOINT'].includes(keyword(line))).join(' ');
    expect(start).toMatch(/dist\/server\.js/);
  });

  it('keeps the host node_modules out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim());
    expect(ignored).toContain('node_modules');
  });
});

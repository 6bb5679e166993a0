import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('has documented defaults', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.temporal).toMatchObject({ address: 'localhost:7233', namespace: 'default', taskQueue: 'hookflow' });
    expect(config.delivery.timeoutMs).toBe(3_000);
    expect(config.delivery.retryScheduleMs).toEqual([5e3, 3e5, 1.8e6, 7.2e6, 1.8e7, 3.6e7, 3.6e7]);
    expect(config.http.maxPayloadBytes).toBe(262_144);
    expect(Object.isFrozen(config.delivery)).toBe(true);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['DATABASE_URL', 'not a url'],
    ['TEMPORAL_ADDRESS', 'localhost'],
    ['LOG_LEVEL', 'loud'],
    ['RETRY_SCHEDULE', '5s,soon'],
    ['DELIVERY_TIMEOUT', '3'],
    ['MAX_PAYLOAD_BYTES', '-1'],
    ['ADMIN_API_KEY', 'short'],
  ])('a bad %s stops start-up with a one-line message naming it', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
    expect(message).not.toContain('\n');
  });

  it('never echoes secrets in errors', () => {
    expect(() => loadConfig({ ADMIN_API_KEY: 'tiny-secret' })).toThrow(/ADMIN_API_KEY/);
    expect(() => loadConfig({ ADMIN_API_KEY: 'tiny-secret' })).not.toThrow(/tiny-secret/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@x/y' })).not.toThrow(/hunter2/);
  });

  it('reads durations and lists', () => {
    const config = loadConfig({ RETRY_SCHEDULE: '10ms, 1s,2m', DELIVERY_TIMEOUT: '500ms' });
    expect(config.delivery.retryScheduleMs).toEqual([10, 1_000, 120_000]);
    expect(config.delivery.timeoutMs).toBe(500);
  });

  it('reads the former names of the reconcile settings (SWEEP_*) while the new ones are unset', () => {
    expect(loadConfig({}).delivery).toMatchObject({ reconcileIntervalMs: 30_000, reconcileAfterMs: 30_000 });
    expect(loadConfig({ SWEEP_INTERVAL: '2s', SWEEP_AFTER: '1s' }).delivery).toMatchObject({
      reconcileIntervalMs: 2_000,
      reconcileAfterMs: 1_000,
    });
    const both = loadConfig({ SWEEP_INTERVAL: '2s', RECONCILE_INTERVAL: '5m' });
    expect(both.delivery.reconcileIntervalMs).toBe(300_000);
  });
});

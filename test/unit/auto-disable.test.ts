import { ConfigError, loadConfig } from '../../src/config';
import { judgeFailureStreak } from '../../src/services/auto-disable';

const settings = { afterMs: 5 * 86_400_000, minFailures: 10 };
const DAY = 86_400_000;
const streak = (failingForMs: number, failedAttempts: number, notified = false) => ({
  failingSince: new Date(1_000_000_000_000 - failingForMs),
  failedAttempts,
  failingNotifiedAt: notified ? new Date(0) : null,
});
const now = 1_000_000_000_000;

describe('auto-disable: when a failing streak disables its endpoint', () => {
  it('defaults to 5 days and 10 failures; 0 turns it off; a bad value names the variable', () => {
    expect(loadConfig({}).delivery.autoDisable).toEqual({ afterMs: 5 * DAY, minFailures: 10 });
    expect(loadConfig({ AUTO_DISABLE_AFTER: '0' }).delivery.autoDisable.afterMs).toBe(0);
    expect(loadConfig({ AUTO_DISABLE_AFTER: '3s', AUTO_DISABLE_MIN_FAILURES: '3' }).delivery.autoDisable).toEqual({
      afterMs: 3_000,
      minFailures: 3,
    });
    for (const [name, value] of [
      ['AUTO_DISABLE_AFTER', 'soon'],
      ['AUTO_DISABLE_MIN_FAILURES', '0'],
    ] as const) {
      expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value })).toThrow(name);
    }
  });

  it.each([
    ['failing for the whole period with enough failures', streak(5 * DAY, 10), 'disable'],
    ['failing for longer, notified already', streak(6 * DAY, 500, true), 'disable'],
    ['the whole period but too few failures: warned at most', streak(5 * DAY, 9), 'warn'],
    ['half the period', streak(2.5 * DAY, 3), 'warn'],
    ['half the period, notified already', streak(3 * DAY, 30, true), 'none'],
    ['less than half', streak(2 * DAY, 1_000), 'none'],
  ])('%s', (_what, given, verdict) => {
    expect(judgeFailureStreak(given, settings, now)).toBe(verdict);
  });

  it('never judges anything when turned off', () => {
    expect(judgeFailureStreak(streak(365 * DAY, 1e6), { afterMs: 0, minFailures: 1 }, now)).toBe('none');
  });
});

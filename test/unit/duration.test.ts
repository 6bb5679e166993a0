import { formatDuration, parseDuration } from '../../src/lib/duration';

describe('durations', () => {
  it('parses units and combinations', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('5s')).toBe(5_000);
    expect(parseDuration('1m')).toBe(60_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('30d')).toBe(2_592_000_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration(' 5s ')).toBe(5_000);
  });

  it('rejects anything else', () => {
    for (const bad of ['', '5', 's', '5 s', '-5s', '1.5h', 'soon', '5x', '99999999999999999999d']) {
      expect(parseDuration(bad)).toBeUndefined();
    }
  });

  it('formats back to what it parses', () => {
    for (const ms of [0, 1, 999, 1_000, 61_000, 5_400_000, 90_061_001]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
    expect(formatDuration(300_000)).toBe('5m');
  });
});

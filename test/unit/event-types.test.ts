import { EVENT_TYPE_FILTER_PATTERN, EVENT_TYPE_PATTERN, matchesEventType, subscribes } from '../../src/domain/event-types';

describe('event type filters', () => {
  it('matches exact types, prefixes and *', () => {
    expect(matchesEventType('order.created', 'order.created')).toBe(true);
    expect(matchesEventType('order.created', 'order.updated')).toBe(false);
    expect(matchesEventType('order.*', 'order.created')).toBe(true);
    expect(matchesEventType('order.*', 'order.item.added')).toBe(true);
    expect(matchesEventType('order.*', 'orders.created')).toBe(false);
    expect(matchesEventType('order.*', 'order')).toBe(false);
    expect(matchesEventType('*', 'anything.at.all')).toBe(true);
    expect(subscribes(['invoice.paid', 'order.*'], 'order.created')).toBe(true);
    expect(subscribes(['invoice.paid'], 'order.created')).toBe(false);
  });

  it('validates types and filters', () => {
    expect(EVENT_TYPE_PATTERN.test('order.created')).toBe(true);
    expect(EVENT_TYPE_PATTERN.test('order..created')).toBe(false);
    expect(EVENT_TYPE_PATTERN.test('order.*')).toBe(false);
    expect(EVENT_TYPE_PATTERN.test('bad type')).toBe(false);
    expect(EVENT_TYPE_FILTER_PATTERN.test('order.*')).toBe(true);
    expect(EVENT_TYPE_FILTER_PATTERN.test('*')).toBe(true);
    expect(EVENT_TYPE_FILTER_PATTERN.test('order*')).toBe(false);
    expect(EVENT_TYPE_FILTER_PATTERN.test('*.created')).toBe(false);
  });
});

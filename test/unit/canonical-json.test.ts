import { canonicalJson } from '../../src/lib/canonical-json';

describe('canonicalJson', () => {
  it('ignores key order at every depth but not array order or values', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 1, x: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 2, y: 1 }] }, b: 1 }),
    );
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson('text')).toBe('"text"');
  });
});

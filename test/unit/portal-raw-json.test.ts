import { rawMember, reindent } from '../../portal/src/raw-json';

/** The portal shows an event's data from the published text: nothing re-serialised. */
describe('portal raw JSON', () => {
  const response = '{"id":"evt_1","type":"a.b","data":{"s":"x,\\"}{[","n":1.10,"big":12345678901234567890,"e":{},"l":[1, 2]},"test":false}';

  it('finds a member as written, skipping strings that hold braces and quotes', () => {
    expect(rawMember(response, 'data')).toBe('{"s":"x,\\"}{[","n":1.10,"big":12345678901234567890,"e":{},"l":[1, 2]}');
    expect(rawMember(response, 'test')).toBe('false');
    expect(rawMember(response, 'id')).toBe('"evt_1"');
    expect(rawMember(response, 'missing')).toBeUndefined();
  });

  it('re-indents without changing a token', () => {
    const shown = reindent(rawMember(response, 'data')!);
    expect(shown).toBe('{\n  "s": "x,\\"}{[",\n  "n": 1.10,\n  "big": 12345678901234567890,\n  "e": {},\n  "l": [\n    1,\n    2\n  ]\n}');
    expect(JSON.parse(shown)).toEqual(JSON.parse(rawMember(response, 'data')!));
    expect(reindent('"just a string"')).toBe('"just a string"');
    expect(reindent('null')).toBe('null');
  });
});

import { checkAddress, classifyAddress, inCidr, isLocalhostName, parseCidr, parseCidrList, parseIp } from '../../src/delivery/ssrf';
import { TargetGuard } from '../../src/delivery/target-guard';
import { hermeticResolver } from '../helpers/dns';

/** The SSRF guard's address classification, exhaustively: every refused range, its edges, and the IPv6 forms of IPv4. */

const cidrs = (text: string) => parseCidrList(text).cidrs;

describe('parseIp', () => {
  it.each([
    ['0.0.0.0', 4, 0n],
    ['255.255.255.255', 4, 0xffffffffn],
    ['127.0.0.1', 4, 0x7f000001n],
    ['::', 6, 0n],
    ['::1', 6, 1n],
    ['[::1]', 6, 1n],
    ['fe80::1%eth0', 6, (0xfe80n << 112n) | 1n],
    ['::ffff:127.0.0.1', 6, 0xffff7f000001n],
    ['::ffff:7f00:1', 6, 0xffff7f000001n],
    ['2001:db8::8:800:200c:417a', 6, 0x20010db8000000000008_0800200c417an],
    ['1:2:3:4:5:6:7:8', 6, 0x00010002000300040005000600070008n],
    ['1::', 6, 1n << 112n],
  ])('%s', (text, family, value) => {
    expect(parseIp(text)).toEqual({ family, value });
  });

  it.each([
    '',
    'localhost',
    '127.1',
    '0x7f.0.0.1',
    '2130706433',
    '0177.0.0.1',
    '256.0.0.1',
    '1.2.3',
    '1::2::3',
    ':::',
    'g::1',
    '1.2.3.4.5',
  ])('refuses %j (not a canonical address: the URL parser normalises obfuscated forms first)', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
});

describe('parseCidr / inCidr', () => {
  it('parses ranges and keeps only the network part', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({ family: 4, value: 0x0a000000n, prefix: 8 });
    expect(parseCidr('::1/128')).toEqual({ family: 6, value: 1n, prefix: 128 });
    expect(parseCidr('127.0.0.1')).toEqual({ family: 4, value: 0x7f000001n, prefix: 32 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ family: 4, value: 0n, prefix: 0 });
  });

  it.each(['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/x', '10.0.0.0/8/8', 'example.com/8', '/8', '10.0.0.0/-1'])(
    'refuses %j',
    (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );

  it('matches by prefix and family only', () => {
    const net = parseCidr('192.168.0.0/16')!;
    expect(inCidr(parseIp('192.168.255.255')!, net)).toBe(true);
    expect(inCidr(parseIp('192.169.0.0')!, net)).toBe(false);
    expect(inCidr(parseIp('::ffff:192.168.0.1')!, net)).toBe(false); // another family: checkAddress maps it first
    expect(inCidr(parseIp('8.8.8.8')!, parseCidr('0.0.0.0/0')!)).toBe(true);
  });

  it('parses a list and reports the bad entries', () => {
    expect(parseCidrList(' 127.0.0.0/8 , ::1/128,,')).toEqual({ cidrs: [parseCidr('127.0.0.0/8'), parseCidr('::1/128')], invalid: [] });
    expect(parseCidrList('10.0.0.0/8,nope,1.2.3.4/40').invalid).toEqual(['nope', '1.2.3.4/40']);
    expect(parseCidrList('')).toEqual({ cidrs: [], invalid: [] });
  });
});

describe('classifyAddress: refused', () => {
  it.each([
    // IPv4: every special-purpose range, at both edges
    ['0.0.0.0', 'unspecified'],
    ['0.255.255.255', 'unspecified'],
    ['10.0.0.0', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.0', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.0.1', 'link-local'],
    ['169.254.255.255', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.1', 'reserved'],
    ['192.0.0.170', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['192.88.99.1', 'reserved'],
    ['192.168.0.1', 'private'],
    ['192.168.255.255', 'private'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.1', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.254', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link-local'],
    ['fe80::1%lo0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff00::1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['100::1', 'reserved'],
    ['2001:db8::1', 'documentation'],
    ['2001::1', 'reserved'], // Teredo
    ['2001:1ff:ffff::1', 'reserved'],
    ['3fff::1', 'documentation'],
    ['64:ff9b:1::1', 'reserved'],
    ['::7f00:1', 'reserved'], // IPv4-compatible (deprecated)
    ['::ffff:0:7f00:1', 'reserved'], // IPv4-translated (SIIT)
    ['4000::1', 'reserved'], // outside global unicast 2000::/3
    ['5f00::1', 'reserved'],
    // IPv4 carried in IPv6: judged by the IPv4 address
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2002:7f00:1::', 'loopback'], // 6to4 of 127.0.0.1
    ['2002:c0a8:101::1', 'private'], // 6to4 of 192.168.1.1
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)?.kind).toBe(kind);
    expect(checkAddress(address)).toMatchObject({ address, kind });
  });

  it('says why, in words a tenant can read', () => {
    expect(checkAddress('169.254.169.254')?.reason).toBe('169.254.169.254 is in a blocked range (cloud metadata)');
    expect(checkAddress('::ffff:127.0.0.1')?.reason).toBe('::ffff:127.0.0.1 is in a blocked range (loopback, as IPv4-mapped 127.0.0.1)');
    expect(checkAddress('64:ff9b::a00:1')?.reason).toContain('NAT64 10.0.0.1');
  });

  it('refuses what is not an IP address', () => {
    expect(checkAddress('example.com')).toMatchObject({ kind: 'invalid' });
  });
});

describe('classifyAddress: allowed (public unicast)', () => {
  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.0.1.0',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2a00:1450:4001::1',
    '2001:200::1',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '3ffe::1',
  ])('%s', (address) => {
    expect(classifyAddress(address)).toBeUndefined();
    expect(checkAddress(address)).toBeUndefined();
  });
});

describe('ALLOWED_TARGET_CIDRS opens ranges on purpose', () => {
  const loopback = cidrs('127.0.0.0/8,::1/128');

  it('allows exactly the listed ranges', () => {
    expect(checkAddress('127.0.0.1', loopback)).toBeUndefined();
    expect(checkAddress('127.9.9.9', loopback)).toBeUndefined();
    expect(checkAddress('::1', loopback)).toBeUndefined();
    expect(checkAddress('10.0.0.1', loopback)).toMatchObject({ kind: 'private' });
    expect(checkAddress('169.254.169.254', loopback)).toMatchObject({ kind: 'metadata' });
  });

  it('allows the IPv6 forms of an allowed IPv4 address', () => {
    expect(checkAddress('::ffff:127.0.0.1', loopback)).toBeUndefined();
    expect(checkAddress('64:ff9b::7f00:1', loopback)).toBeUndefined();
  });

  it('a single address allows only that address', () => {
    const one = cidrs('127.0.0.2');
    expect(checkAddress('127.0.0.2', one)).toBeUndefined();
    expect(checkAddress('127.0.0.1', one)).toMatchObject({ kind: 'loopback' });
  });
});

describe('isLocalhostName', () => {
  it.each(['localhost', 'LOCALHOST', 'localhost.', 'localhost..', 'a.localhost', 'api.dev.localhost.'])(
    '%s is loopback by name',
    (name) => {
      expect(isLocalhostName(name)).toBe(true);
    },
  );
  it.each(['localhost.example.com', 'notlocalhost', 'example.com'])('%s is not', (name) => {
    expect(isLocalhostName(name)).toBe(false);
  });
});

describe('TargetGuard.checkUrl: what endpoint create and update refuse (422)', () => {
  const guard = new TargetGuard(
    [],
    hermeticResolver({
      'internal.example': ['10.1.2.3'],
      'public.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
      'mixed.example': ['93.184.216.34', '192.168.1.10'],
      'metadata.example': ['169.254.169.254'],
      'mapped.example': ['::ffff:127.0.0.1'],
    }),
  );

  it.each([
    // Obfuscated loopback: the WHATWG URL parser normalises each to 127.0.0.1 or ::1 forms
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0177.0.0.1/',
    'http://0177.1/',
    'http://0x7f.1/',
    'http://127.1/',
    'http://127.000.000.001/',
    'http://１２７.0.0.1/',
    'http://[::1]/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[64:ff9b::127.0.0.1]/',
    'http://[::127.0.0.1]/',
    'http://localhost/',
    'http://localhost./',
    'http://LOCALHOST:8080/x',
    'http://api.localhost/',
    // Other internal targets
    'http://0/',
    'http://0.0.0.0/',
    'http://10.0.0.1/',
    'https://192.168.1.1:8443/hook',
    'http://172.16.5.4/',
    'http://100.64.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://169.254.169.254./latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://[ff02::1]/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    // Names that resolve to internal addresses right now
    'https://internal.example/hook',
    'https://metadata.example/',
    'https://mixed.example/', // one private address is enough
    'https://mapped.example/',
  ])('%s is refused, with the reason', async (url) => {
    const reason = await guard.checkUrl(url);
    expect(reason).toMatch(/blocked range/);
  });

  it.each(['https://public.example/hook', 'https://unknown.example/hook', 'http://93.184.216.34/', 'http://[2606:4700:4700::1111]/'])(
    '%s is accepted (a name that does not resolve yet is checked again at connect time)',
    async (url) => {
      expect(await guard.checkUrl(url)).toBeUndefined();
    },
  );

  it('does not name the resolved address, nor its range, in the reason (the server keeps it)', async () => {
    expect(await guard.checkUrl('https://internal.example/hook')).toBe(
      'blocked: internal.example resolves to an address in a blocked range; hookflow does not deliver to private or internal networks',
    );
    expect((await guard.checkTarget('https://internal.example/hook'))?.blocked).toMatchObject({
      address: '10.1.2.3',
      label: 'private (RFC 1918)',
    });
  });

  it('accepts loopback when ALLOWED_TARGET_CIDRS opens it', async () => {
    const dev = new TargetGuard(cidrs('127.0.0.0/8,::1/128'), hermeticResolver());
    expect(await dev.checkUrl('http://127.0.0.1:3000/')).toBeUndefined();
    expect(await dev.checkUrl('http://localhost:3000/')).toBeUndefined();
    expect(await dev.checkUrl('http://[::1]:3000/')).toBeUndefined();
    expect(await dev.checkUrl('http://10.0.0.1/')).toMatch(/blocked range/);
  });
});

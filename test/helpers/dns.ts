import type { ResolvedAddress, ResolveHost } from '../../src/delivery/target-guard';

/**
 * A resolver for tests that never asks real DNS, so no test can send traffic off this
 * machine by name: each name maps to addresses (or to a function, for a name whose
 * answer changes: DNS rebinding); any other name fails as getaddrinfo does (ENOTFOUND).
 * `localhost` needs no entry: the guard resolves it to loopback itself.
 */
export function hermeticResolver(names: Record<string, string[] | (() => string[])> = {}): ResolveHost & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
    calls.push(hostname);
    const entry = names[hostname.toLowerCase().replace(/\.+$/, '')];
    if (entry === undefined) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
    }
    const addresses = typeof entry === 'function' ? entry() : entry;
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

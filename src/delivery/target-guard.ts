import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { type BlockedAddress, type Cidr, checkAddress, isLocalhostName } from './ssrf';

/** One resolved address, as `dns.lookup(host, {all: true})` returns it. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has. Injected, so tests never need real DNS. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolveHost: ResolveHost = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** What `classifyError` (send.ts) records as error kind `blocked`, which is never retried. */
export class BlockedTargetError extends Error {
  readonly code = 'ERR_HOOKFLOW_BLOCKED';
  constructor(
    message: string,
    readonly blocked: BlockedAddress,
  ) {
    super(message);
    this.name = 'BlockedTargetError';
  }
}

/** How long an endpoint create or update waits for DNS before accepting the URL unchecked. */
const URL_CHECK_DNS_TIMEOUT_MS = 2_000;

/**
 * The SSRF guard's policy applied to host names: resolve, then refuse if ANY address is
 * blocked (a name with one private address is not trusted for its public ones). The
 * delivery connector calls `resolveAllowed` for every new connection, and connects only
 * to the addresses it returns, so a name that answered with a public address when the
 * endpoint was saved and a private one now (DNS rebinding) is refused at connect time.
 */
export class TargetGuard {
  constructor(
    readonly allowList: readonly Cidr[],
    private readonly resolveHost: ResolveHost = systemResolveHost,
  ) {}

  /** Undefined when `address` (an IP literal) may be connected to. */
  check(address: string): BlockedAddress | undefined {
    return checkAddress(address, this.allowList);
  }

  /**
   * Every address of `hostname` (a name or an IP literal, brackets allowed), after
   * checking each; throws BlockedTargetError if one is blocked. DNS failures propagate
   * as they are (recorded as error kind `dns`).
   */
  async resolveAllowed(hostname: string): Promise<ResolvedAddress[]> {
    const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
    const literal = isIP(host.split('%')[0] ?? host);
    const addresses: ResolvedAddress[] = literal
      ? [{ address: host, family: literal }]
      : isLocalhostName(host)
        ? [
            { address: '127.0.0.1', family: 4 },
            { address: '::1', family: 6 },
          ]
        : await this.resolveHost(host);
    for (const { address } of addresses) {
      const blocked = this.check(address);
      if (blocked) {
        // A name's answer is not the client's to learn: it maps the network hookflow runs
        // in (which names are internal, and where). Only the server's logs get the address
        // (`error.blocked`); the message, shown in 422s and attempts, says it is refused.
        // An IP literal's reason only repeats what the client sent.
        const what = literal ? blocked.reason : `${hostname} resolves to an address in a blocked range`;
        throw new BlockedTargetError(`blocked: ${what}; hookflow does not deliver to private or internal networks`, blocked);
      }
    }
    return addresses;
  }

  /**
   * For endpoint create and update: why hookflow would refuse to deliver to `url` now,
   * or undefined. A name that does not resolve (yet) is accepted: the connect-time check
   * still applies to whatever it resolves to later.
   */
  async checkUrl(url: string): Promise<string | undefined> {
    return (await this.checkTarget(url))?.message;
  }

  /** As `checkUrl`, with the refused address (`blocked`) for the server's own logs. */
  async checkTarget(url: string): Promise<BlockedTargetError | undefined> {
    const { hostname } = new URL(url);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), URL_CHECK_DNS_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.resolveAllowed(hostname), timeout]);
      return undefined;
    } catch (error) {
      if (error instanceof BlockedTargetError) return error;
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

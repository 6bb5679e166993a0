import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { BlockedTargetError, type TargetGuard } from './target-guard';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * An undici connector that enforces the SSRF guard on the address a socket actually
 * connects to. Host names go through a `lookup` hook: the guard resolves them, checks
 * every address, and the socket connects only to those checked addresses, so no second
 * DNS answer (rebinding) is ever used. IP literals skip `lookup` in `net.connect`, so
 * they are checked here before connecting. Either way a refusal fails the request with
 * a BlockedTargetError (error kind `blocked`).
 */
export function createGuardedConnector(guard: TargetGuard, options: buildConnector.BuildOptions = {}): buildConnector.connector {
  const lookup = (hostname: string, lookupOptions: LookupOptions, callback: LookupCallback): void => {
    guard.resolveAllowed(hostname).then(
      (addresses) => {
        const wanted =
          lookupOptions.family === 4 || lookupOptions.family === 6 ? addresses.filter((a) => a.family === lookupOptions.family) : addresses;
        const first = wanted[0];
        if (!first) {
          callback(Object.assign(new Error(`no IPv${String(lookupOptions.family)} address for ${hostname}`), { code: 'ENOTFOUND' }), []);
        } else if (lookupOptions.all) {
          callback(null, wanted);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
  const connect = buildConnector({ ...options, lookup } as buildConnector.BuildOptions);

  return (connectOptions, callback) => {
    const { hostname } = connectOptions;
    if (isIP(hostname)) {
      const blocked = guard.check(hostname);
      if (blocked) {
        const error = new BlockedTargetError(
          `blocked: ${blocked.reason}; hookflow does not deliver to private or internal networks`,
          blocked,
        );
        queueMicrotask(() => callback(error, null));
        return;
      }
    }
    connect(connectOptions, callback);
  };
}

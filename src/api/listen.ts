import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface Listening {
  server: Server;
  url: string;
  /** Stops accepting connections and waits for in-flight requests to finish (drain). */
  close(): Promise<void>;
}

export function listen(app: Express, host: string, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${shownHost === '0.0.0.0' ? 'localhost' : shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            // A kept-alive connection turns idle once its response is sent; close it then,
            // rather than wait for the client's next request or the 5 s keep-alive timeout.
            const sweep = setInterval(() => server.closeIdleConnections(), 100);
            server.close(() => {
              clearInterval(sweep);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}

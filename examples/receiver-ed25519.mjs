// A minimal receiver for an ed25519 endpoint: verifies Standard Webhooks `v1a` signatures
// with the endpoint's public key, using node:crypto only (the standardwebhooks package
// verifies `v1` HMAC signatures alone). Deduplicate retries as examples/receiver.mjs does.
//
//   WEBHOOK_PUBLIC_KEY=whpk_... PORT=4000 node examples/receiver-ed25519.mjs
/* global process, Buffer, console -- Node globals, for the repository's lint of plain .mjs */
import { createPublicKey, verify } from 'node:crypto';
import { createServer } from 'node:http';

// `whpk_` + base64 of the raw 32-byte key; node:crypto takes it wrapped as SPKI DER.
const raw = Buffer.from((process.env.WEBHOOK_PUBLIC_KEY ?? '').replace(/^whpk_/, ''), 'base64');
if (raw.length !== 32) throw new Error('WEBHOOK_PUBLIC_KEY must be whpk_ followed by base64 of 32 bytes');
const publicKey = createPublicKey({
  key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]),
  format: 'der',
  type: 'spki',
});

/** True when any `v1a,` signature in the header signs `{id}.{timestamp}.{body}` and the timestamp is within 5 minutes. */
function verifyV1a(headers, rawBody) {
  const id = headers['webhook-id'];
  const timestamp = Number(headers['webhook-timestamp']);
  if (!id || !Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return false;
  const signed = Buffer.from(`${id}.${timestamp}.${rawBody}`);
  return String(headers['webhook-signature'] ?? '')
    .split(' ') // two signatures during a key rotation: either one will do
    .filter((s) => s.startsWith('v1a,'))
    .some((s) => verify(null, signed, publicKey, Buffer.from(s.slice(4), 'base64')));
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const rawBody = Buffer.concat(chunks).toString('utf8'); // the exact bytes that were signed
    if (!verifyV1a(req.headers, rawBody)) {
      console.warn('rejected: no valid v1a signature');
      res.writeHead(400).end();
      return;
    }
    const event = JSON.parse(rawBody);
    console.log(`received ${event.type} ${req.headers['webhook-id']}`);
    res.writeHead(204).end();
  });
});

server.listen(Number(process.env.PORT ?? 4000), '127.0.0.1', () => console.log('receiver listening'));

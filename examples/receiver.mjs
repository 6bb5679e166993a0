// A minimal hookflow webhook receiver: verifies Standard Webhooks signatures and
// deduplicates retries. Copy it; the only dependency is `standardwebhooks`.
//
//   WEBHOOK_SECRET=whsec_... PORT=4000 node examples/receiver.mjs
/* global process, Buffer, console -- Node globals, for the repository's lint of plain .mjs */
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const port = Number(process.env.PORT ?? 4000);
// Fails at start (not on the first request) when the secret is missing or malformed.
const webhook = new Webhook(process.env.WEBHOOK_SECRET ?? '');

// Delivery is at-least-once: a retry after a lost 2xx, or a manual resend, repeats the
// same `webhook-id`. Remember the ids already handled. In memory for the example; in
// production use a table with a unique key, written in the same transaction as your work.
const seen = new Set();

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    // Verify the exact bytes that were signed: re-serialising parsed JSON breaks the HMAC.
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let event;
    try {
      // Checks the HMAC against every signature in the header (two during a secret
      // rotation) and rejects timestamps more than 5 minutes off (replays).
      event = webhook.verify(rawBody, req.headers);
    } catch (error) {
      console.warn(`rejected: ${error.message}`);
      res.writeHead(400).end();
      return;
    }
    const id = req.headers['webhook-id'];
    if (seen.has(id)) {
      // Already handled: acknowledge again so hookflow stops retrying, do nothing twice.
      console.log(`duplicate ${event.type} ${id}, ignored`);
      res.writeHead(204).end();
      return;
    }
    // Answer fast (hookflow waits 3 s by default): queue slow work instead of doing it here.
    console.log(`received ${event.type} ${id}${event.test ? ' (test)' : ''}`);
    seen.add(id);
    // Any 2xx means "delivered". 3xx, 4xx and 5xx are retried (410 disables the endpoint).
    res.writeHead(204).end();
  });
});

server.listen(port, '127.0.0.1', () => console.log(`receiver listening on http://127.0.0.1:${port}/webhooks`));

// A minimal front door for the end-to-end tests: one origin that serves the built app and passes /api, /oauth2,
// /login/oauth2 to booking-api and the /ws upgrade to push-service, as nginx does in production (nginx/).
// Usage: node front-door.mjs <port> <booking-api base URL> <push-service base URL> [<app directory>]
// Prints "front door listening on <port>" when ready.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { extname, join, normalize } from 'node:path';

const [port, apiBase, pushBase, appDir = join(import.meta.dirname, '..', 'dist', 'slotstream', 'browser')] = process.argv.slice(2);
const api = new URL(apiBase);
const push = new URL(pushBase);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.ico': 'image/x-icon', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json' };
const PROXIED = /^\/(api|oauth2|login\/oauth2)(\/|$|\?)/;

const server = createServer((req, res) => {
  if (PROXIED.test(req.url)) {
    const upstream = request(
      { host: api.hostname, port: api.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-proto': 'http' } },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ title: 'Bad gateway', status: 502, detail: 'booking-api did not answer.' }));
    });
    req.pipe(upstream);
    return;
  }
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(appDir, path);
  if (!file.startsWith(appDir) || !existsSync(file) || statSync(file).isDirectory()) {
    file = join(appDir, 'index.html'); // the app's own routes
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  createReadStream(file).pipe(res);
});

// the WebSocket handshake and everything after it go to push-service byte for byte
server.on('upgrade', (req, socket, head) => {
  if (!req.url.startsWith('/ws') || String(req.headers.upgrade).toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  const upstream = connect(Number(push.port), push.hostname, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    upstream.write(lines.join('\r\n') + '\r\n\r\n');
    if (head?.length) {
      upstream.write(head);
    }
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  const close = () => {
    upstream.destroy();
    socket.destroy();
  };
  upstream.on('error', close);
  socket.on('error', close);
  upstream.on('close', close);
  socket.on('close', close);
});

// longer than any client's idle keep-alive, so a client never sends on a connection this side is closing
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;

server.listen(Number(port), '127.0.0.1', () => console.log(`front door listening on ${server.address().port}`));

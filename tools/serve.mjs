// serve.mjs: a small static file server for the built site (build/site, build/web).
//   node tools/serve.mjs [--root DIR] [--port N] [--prefix /sub/path/]   (port 0 picks a free one)
//   import { serve } from './serve.mjs'; const {url, close} = await serve({root, port, prefix});
// prefix: the URL path the root is served under ('/' by default; '/sub/lodestar/' serves
// ROOT/index.html at /sub/lodestar/, as GitHub Pages serves a project under /<repo>/); any
// other path is 404, the prefix without its last slash redirects to it. url ends with the prefix.
// close() stops listening and drops every open connection (a test's "the server is gone").
// Loopback only; GET and HEAD; no directory listings; the MIME types a static host needs.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/* '/sub/lodestar' or 'sub/lodestar/' → '/sub/lodestar/'. */
export function normalizePrefix(prefix = '/') {
  const parts = String(prefix).split('/').filter(Boolean);
  return parts.length ? `/${parts.join('/')}/` : '/';
}

export function serve({ root, port = 8080, host = '127.0.0.1', prefix = '/' }) {
  const base = resolve(root);
  const pre = normalizePrefix(prefix);
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (pre !== '/' && path === pre.slice(0, -1)) {
      res.writeHead(301, { Location: pre }).end();
      return;
    }
    if (!path.startsWith(pre)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    path = `/${path.slice(pre.length)}`;
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new Error('not a file');
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-cache',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const url = `http://${host}:${server.address().port}${pre}`;
      const close = () => new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      ok({ url, port: server.address().port, close });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const root = arg('--root', 'build/site');
  const port = Number(arg('--port', process.env.PORT ?? 8080));
  const prefix = arg('--prefix', '/');
  const { url } = await serve({ root, port, prefix });
  console.log(`Lodestar is at ${url}  (demo: ${url}#demo)  Ctrl-C stops it.`);
}

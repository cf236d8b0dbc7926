// webhook_receiver.mjs DIR: a tiny webhook endpoint for tests/c/test_post.c.
// Listens on 127.0.0.1 at a free port and writes the port to DIR/port. Each
// POST is saved to DIR/body-N.json (N = 1, 2, ...) with its Content-Type in
// DIR/type-N.txt, and answered 200, or 500 when the path is /fail. Exits on
// SIGTERM, or by itself after 60 seconds.
import { createServer } from 'node:http';
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: webhook_receiver.mjs DIR\n');
  process.exit(2);
}
let n = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    n += 1;
    writeFileSync(join(dir, `body-${n}.json`), Buffer.concat(chunks));
    writeFileSync(join(dir, `type-${n}.txt`), `${req.method} ${req.headers['content-type'] ?? ''}`);
    res.statusCode = req.url === '/fail' ? 500 : 200;
    res.end(res.statusCode === 200 ? 'ok\n' : 'failed\n');
  });
});
server.listen(0, '127.0.0.1', () => {
  // written whole, then renamed, so a reader never sees half a port
  writeFileSync(join(dir, 'port.tmp'), String(server.address().port));
  renameSync(join(dir, 'port.tmp'), join(dir, 'port'));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
setTimeout(() => process.exit(0), 60000).unref();

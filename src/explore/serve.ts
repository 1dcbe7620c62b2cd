import { createServer, type Server } from 'node:http';

/**
 * Serves one page on 127.0.0.1 (`homeward explore --serve`): GET / answers the page, anything else 404. Resolves
 * with the server once it listens, and its URL; port 0 takes any free port.
 */
export function servePage(html: string, port: number): Promise<{ readonly server: Server; readonly url: string }> {
  const body = Buffer.from(html, 'utf8');
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('homeward explore serves one page, at /\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address !== null ? address.port : port;
      resolve({ server, url: `http://127.0.0.1:${actual}/` });
    });
  });
}

import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { contentTypeFor, RENDERER_HEADERS } from '../core/renderer-policy';
import { resolveStaticPath } from '../core/static-path';

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer on 127.0.0.1 the way Electron's app:// protocol does: same files, same
 * CSP header, same path-traversal check. Chromium cannot load the models from file:// (CORS).
 */
export async function startStaticServer(root: string): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://host').pathname;
    const file = resolveStaticPath(root, pathname === '/' ? '/index.html' : pathname);
    let size = -1;
    try {
      size = file ? statSync(file).size : -1;
    } catch {
      size = -1;
    }
    if (req.method !== 'GET' || !file || size < 0) {
      res.writeHead(req.method !== 'GET' ? 405 : 404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': contentTypeFor(file),
      'content-length': size,
      ...RENDERER_HEADERS,
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('static server has no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

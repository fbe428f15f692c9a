import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@tessera/core';
import { sendProblem, toProblem } from '../problem';
import { ProxyErrors } from '../proxy-errors';
import { CORS_HEADERS } from './cors';
import type { DownloadHandler } from './download-handler';
import type { TusHandler } from './tus-handler';

/**
 * The client-facing API's request handler (a plain Node handler: bulk bytes go between the socket
 * and the file without a framework in between). Logs name the method and path, never the query,
 * which carries the token.
 */
export function clientRequestHandler(
  name: string,
  tus: TusHandler,
  downloads: DownloadHandler,
  log: Logger,
): (req: IncomingMessage, res: ServerResponse) => void {
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://client-api');
    const token = url.searchParams.get('token');
    const method = req.method ?? 'GET';
    switch (url.pathname) {
      case '/':
        if (method !== 'GET' && method !== 'HEAD')
          throw ProxyErrors.methodNotAllowed(method, url.pathname, 'GET');
        res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: 'ok', type: 'storage-proxy', node: name, api_version: 'v1' }));
        return;
      case '/upload':
        if (method === 'OPTIONS') return tus.options(res);
        if (method === 'HEAD') return tus.head(req, res, token);
        if (method === 'PATCH') return tus.patch(req, res, token);
        throw ProxyErrors.methodNotAllowed(method, url.pathname, 'OPTIONS, HEAD or PATCH (tus 1.0.0)');
      case '/download':
      case '/download-archive':
        if (method === 'OPTIONS') {
          res.writeHead(204, CORS_HEADERS);
          res.end();
          return;
        }
        if (method !== 'GET' && method !== 'HEAD')
          throw ProxyErrors.methodNotAllowed(method, url.pathname, 'GET');
        return downloads.download(req, res, token, url.pathname === '/download-archive');
      default:
        throw ProxyErrors.urlNotFound(method, url.pathname);
    }
  };
  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      const problem = toProblem(error);
      if (problem.status >= 500) {
        log.error('client API request failed', {
          method: req.method,
          path: pathOf(req),
          error: String(error),
        });
      } else {
        log.debug('client API request refused', {
          method: req.method,
          path: pathOf(req),
          code: problem.code,
        });
      }
      const headers: Record<string, string> = { ...CORS_HEADERS };
      if (pathOf(req) === '/upload') headers['Tus-Resumable'] = '1.0.0';
      // An upload refused before its body was read: close the connection rather than read it all.
      if (!req.complete) headers.Connection = 'close';
      sendProblem(res, problem, headers);
      if (!req.complete) res.once('finish', () => req.destroy());
    });
  };
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0]!;
}

import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from './csp';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://tunnelkeeper`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Must run before app `ready`. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from `rendererDir`; refuses anything outside it. */
export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const notFound = () => new Response('not found', { status: 404 });
    const url = new URL(request.url);
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    } catch {
      return notFound(); // a malformed %-escape
    }
    const file = path.resolve(root, relative);
    // A backslash or NUL is never part of our file names; on Windows a backslash would be a
    // separator the URL parser did not normalise.
    const odd = /[\\\0]/.test(relative);
    if (url.host !== 'tunnelkeeper' || odd || !file.startsWith(root + path.sep)) return notFound();
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

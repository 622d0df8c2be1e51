/**
 * The local HTTP server on 127.0.0.1: the REST API and the web form (through the same
 * `handleApiRequest` API Gateway calls), plus two things only a local platform has: the mail
 * outbox (`/outbox`, the `.eml` files notify wrote) and the bundled example job (`/example/…`).
 */

import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { message } from '../../core/messages.ts';
import { type ApiDeps, handleApiRequest } from '../../pipeline/api/handle.ts';

export interface LocalHttpServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startHttpServer(options: {
  port: number;
  api: ApiDeps;
  /** Where outbox `.eml` files are; `null` when mail goes out over SMTP. */
  outboxDir: string | null;
  exampleDir: string | null;
}): Promise<LocalHttpServer> {
  // Past the manifest limit the body is drained, not kept; the API's own check still answers 413.
  const bodyLimit = options.api.config.maxManifestBytes * 2;
  const server: Server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const reference = randomUUID();
      options.api.log({ level: 'error', message: 'local http failure', reference, error: String(error) });
      if (response.headersSent) return void response.end();
      sendJson(response, 500, {
        error: 'internal_error',
        message: message.internalError('local server', reference),
        details: { reference },
      });
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    if (request.method === 'GET' && path === '/outbox') return sendJson(response, 200, await outboxListing());
    if (request.method === 'GET' && path.startsWith('/outbox/') && options.outboxDir) {
      return sendFile(response, options.outboxDir, path, '/outbox/', 'message/rfc822');
    }
    if (request.method === 'GET' && path.startsWith('/example/') && options.exampleDir) {
      return sendFile(response, options.exampleDir, path, '/example/', 'application/octet-stream');
    }
    const { text: body, bytes } = await readBody(request, bodyLimit);
    if (bytes > bodyLimit) {
      const max = options.api.config.maxManifestBytes;
      return sendJson(response, 413, {
        error: 'limit_exceeded',
        message: message.manifestTooLarge(bytes, max),
        details: { limit: 'maxManifestBytes', bytes, max },
      });
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await handleApiRequest(options.api, {
      method: request.method ?? 'GET',
      path,
      headers,
      body,
    });
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  }

  async function outboxListing() {
    if (!options.outboxDir) return { enabled: false, messages: [] };
    const names = await readdir(options.outboxDir).catch(() => [] as string[]);
    const messages = await Promise.all(
      names
        .filter((name) => name.endsWith('.eml'))
        .sort()
        .reverse()
        .map(async (name) => {
          const file = join(options.outboxDir!, name);
          const head = (await readFile(file, 'utf8')).slice(0, 4000);
          const header = (field: string) =>
            new RegExp(`^${field}: (.*)$`, 'mi').exec(head)?.[1]?.trim() ?? '';
          return {
            name,
            bytes: (await stat(file)).size,
            to: header('To'),
            subject: header('Subject'),
            url: `outbox/${name}`,
          };
        }),
    );
    return { enabled: true, messages };
  }

  // Longer than a stage can block the event loop, so pollers do not meet a socket closing under them.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The request body as text (`null` when empty), keeping at most `limit` bytes in memory. */
async function readBody(
  request: IncomingMessage,
  limit: number,
): Promise<{ text: string | null; bytes: number }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes <= limit) chunks.push(chunk);
  }
  return { text: bytes === 0 ? null : Buffer.concat(chunks).toString('utf8'), bytes };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body, null, 2));
}

function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

/** The file `path` names below `mount`, from `root`; a path resolving outside `root` is a 404. */
async function sendFile(
  response: ServerResponse,
  root: string,
  path: string,
  mount: string,
  contentType: string,
): Promise<void> {
  const file = normalize(join(root, path.slice(mount.length)));
  const notFound = () =>
    sendJson(response, 404, {
      error: 'not_found',
      message: message.routeNotFound('GET', path),
      details: null,
    });
  if (!file.startsWith(normalize(root) + sep)) return notFound();
  try {
    return send(response, 200, contentType, await readFile(file));
  } catch {
    return notFound();
  }
}

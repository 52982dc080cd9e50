import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../core/index.ts';
import { FetchFileError, fetchJabberFile } from './fetch-file.ts';

const FILE = "<jabber><chat jid='juliet@capulet.example'/></jabber>";
const SPLIT_FILE = "<jabber><chat jid='juliet@garçon.example'/></jabber>";
let server: Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/file') res.writeHead(200, { 'content-type': 'application/jabber+xml; charset=utf-8' }).end(FILE);
    else if (req.url === '/moved') res.writeHead(302, { location: '/inside' }).end();
    else if (req.url === '/inside') res.writeHead(200, { 'content-type': 'application/jabber+xml' }).end(FILE);
    else if (req.url === '/split') {
      // "ç" is two UTF-8 bytes: sent in two writes, so the reader gets them in two chunks.
      const bytes = Buffer.from(SPLIT_FILE);
      const cut = bytes.indexOf(0xc3) + 1;
      res.writeHead(200, { 'content-type': 'application/jabber+xml' });
      res.write(bytes.subarray(0, cut));
      setTimeout(() => res.end(bytes.subarray(cut)), 20);
    } else if (req.url === '/html') res.writeHead(200, { 'content-type': 'text/html' }).end('<p>admin</p>');
    else if (req.url === '/huge') res.writeHead(200, { 'content-type': 'application/jabber+xml' }).end('x'.repeat(MAX_FILE_BYTES + 1));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const codeOf = (p: Promise<unknown>) => p.then(() => 'read', (e: unknown) => (e instanceof FetchFileError ? e.code : String(e)));

describe('fetchJabberFile: it only re-reads the file', () => {
  it('reads a jabber file from the same URL', async () => {
    expect(await fetchJabberFile(`${base}/file`)).toBe(FILE);
  });

  it('decodes a character whose bytes arrive in two chunks', async () => {
    expect(await fetchJabberFile(`${base}/split`)).toBe(SPLIT_FILE);
  });

  it('follows no redirect: the place it points to is never reached', async () => {
    hits.length = 0;
    expect(await codeOf(fetchJabberFile(`${base}/moved`))).toBe('redirected');
    expect(hits).toEqual(['/moved']);
  });

  it('requires the jabber content type again', async () => {
    expect(await codeOf(fetchJabberFile(`${base}/html`))).toBe('wrong-type');
  });

  it('reads only http(s): a data: or blob: file is never fetched', async () => {
    expect(await codeOf(fetchJabberFile(`data:application/jabber+xml,${encodeURIComponent(FILE)}`))).toBe('not-web');
    expect(await codeOf(fetchJabberFile('blob:https://evil.example/0b1e'))).toBe('not-web');
  });

  it('stops at 64 KiB', async () => {
    expect(await codeOf(fetchJabberFile(`${base}/huge`))).toBe('too-large');
  });
});

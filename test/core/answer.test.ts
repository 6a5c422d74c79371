// What the site answers, as status, header fields and body, for real files in a temporary folder read
// through the Node adapter's FileSystem: error pages, 405, redirects, files and their shared answers,
// conditional requests (RFC 9110 §13), ranges and If-Range (§14, §13.1.5).

import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { nodeFileSystem } from '../../servers/adapter/node/fs.ts';
import {
  type Answer,
  bodyLength,
  errorAnswer,
  type Question,
  REASONS,
  Site,
} from '../../servers/core/answer.ts';
import { fileBody } from '../../servers/core/file-body.ts';
import type { FileEntry } from '../../servers/core/files.ts';
import { formatHttpDate } from '../../servers/core/http-date.ts';

const text = (bytes: Uint8Array | null): string => new TextDecoder().decode(bytes ?? new Uint8Array(0));

/** index.html's modification time: a whole second plus 600 ms, so that whole seconds matter. */
const MTIME_MS = Date.UTC(2024, 0, 10, 10, 10, 10) + 600;
const LAST_MODIFIED = 'Wed, 10 Jan 2024 10:10:10 GMT';
const INDEX = '<h1>hello</h1>\n';

let dir: string;
let site: Site;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'answer-'));
  mkdirSync(join(dir, 'docs'));
  mkdirSync(join(dir, 'a b'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  utimesSync(join(dir, 'index.html'), MTIME_MS / 1000, MTIME_MS / 1000);
  writeFileSync(join(dir, 'docs', 'index.html'), 'docs');
  writeFileSync(join(dir, 'a b', 'index.html'), 'a b');
  writeFileSync(join(dir, 'digits.txt'), '0123456789');
  site = new Site(nodeFileSystem, dir, { revalidateMs: 0 });
});

afterEach(() => {
  site.close();
  rmSync(dir, { recursive: true, force: true });
});

function ask(target: string, more: Partial<Question> = {}, on: Site = site): Promise<Answer> {
  return Promise.resolve(
    on.answer({ method: 'GET', target, ifNoneMatch: null, ifModifiedSince: null, range: null, ...more }),
  );
}

function header(answer: Answer, name: string): string | undefined {
  return answer.headers.find(([n]) => n === name)?.[1];
}

async function etagOf(target: string): Promise<string> {
  return header(await ask(target), 'ETag')!;
}

describe('when the disk cannot be asked', () => {
  test('503 for GET and HEAD, not the 404 of a missing file', async () => {
    // Every read fails as the disk does when it cannot say (here a real EISDIR: the root is read instead).
    const failing = new Site(
      { ...nodeFileSystem, read: (_p, start, end) => nodeFileSystem.read(dir, start, end) },
      dir,
      {
        revalidateMs: 0,
      },
    );
    try {
      const get = await ask('/', {}, failing);
      expect(get.status).toBe(503);
      expect(text(get.body as Uint8Array)).toContain('503 Service Unavailable');
      const head = await ask('/', { method: 'HEAD' }, failing);
      expect(head.status).toBe(503);
      expect(head.body).toBeNull();
    } finally {
      failing.close();
    }
  });
});

describe('error answers', () => {
  test('a small HTML page naming the status, with its type and length', () => {
    const a = errorAnswer(400);
    const body =
      '<!doctype html>\n<html><head><title>400 Bad Request</title></head><body><h1>400 Bad Request</h1><p>bad request</p></body></html>\n';
    expect(a.status).toBe(400);
    expect(text(a.body as Uint8Array)).toBe(body);
    expect(a.headers).toEqual([
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Content-Length', String(body.length)],
    ]);
    expect(a.wire).toBeNull();
  });

  test('404 says the file was not found', () => {
    expect(text(errorAnswer(404).body as Uint8Array)).toContain('<title>404 Not Found</title>');
    expect(text(errorAnswer(404).body as Uint8Array)).toContain('<p>file not found</p>');
  });

  test('a status without a reason phrase is an "Error"', () => {
    expect(text(errorAnswer(599).body as Uint8Array)).toBe(
      '<!doctype html>\n<html><head><title>599 Error</title></head><body><h1>599 Error</h1><p>error</p></body></html>\n',
    );
  });

  test('405 alone says which methods are allowed', () => {
    expect(header(errorAnswer(405), 'Allow')).toBe('GET, HEAD');
    expect(errorAnswer(405).headers).toHaveLength(3);
    expect(header(errorAnswer(404), 'Allow')).toBeUndefined();
  });

  test('for HEAD, the same head without the body', () => {
    const get = errorAnswer(404);
    const head = errorAnswer(404, true);
    expect(head.body).toBeNull();
    expect(head.headers).toEqual(get.headers);
    expect(get.body).not.toBeNull();
  });

  test('built once per status and method: the same answer every time, so its encoded head is reused', () => {
    expect(errorAnswer(408)).toBe(errorAnswer(408));
    expect(errorAnswer(408, true)).toBe(errorAnswer(408, true));
    expect(errorAnswer(408, true)).not.toBe(errorAnswer(408));
    expect(errorAnswer(408)).not.toBe(errorAnswer(400));
  });

  test('every status the servers send has its reason phrase (RFC 9110 §15), as node:http names it too', () => {
    const sent = [200, 206, 301, 304, 400, 403, 404, 405, 408, 414, 416, 431, 500, 501, 503, 505];
    expect(Object.keys(REASONS).map(Number)).toEqual(sent);
    for (const status of sent) expect(REASONS[status], `${status}`).toBe(STATUS_CODES[status]);
  });
});

describe('the length of a body, for the access log', () => {
  test('no body, bytes, and a range of a file on disk', async () => {
    expect(bodyLength(errorAnswer(404, true))).toBe(0);
    expect(bodyLength(errorAnswer(404))).toBe((errorAnswer(404).body as Uint8Array).length);
    const entry = (await site.files.lookup('/digits.txt')) as FileEntry;
    const onDisk = { status: 206, headers: [], body: fileBody(entry, 3, 8), wire: null };
    expect(bodyLength(onDisk)).toBe(5);
  });
});

describe('what a request is answered', () => {
  test.each(['POST', 'PUT', 'DELETE', 'OPTIONS', 'get'])('%s: 405, with its page', async (method) => {
    const a = await ask('/', { method });
    expect(a).toBe(errorAnswer(405));
  });

  test('a target the path rules refuse: their status, without a body for HEAD', async () => {
    expect(await ask('/%zz')).toBe(errorAnswer(400));
    expect(await ask('/%zz', { method: 'HEAD' })).toBe(errorAnswer(400, true));
    expect(await ask('/.hidden')).toBe(errorAnswer(404));
  });

  test('a missing file: 404, without a body for HEAD', async () => {
    expect(await ask('/nope.html')).toBe(errorAnswer(404));
    expect(await ask('/nope.html', { method: 'HEAD' })).toBe(errorAnswer(404, true));
  });

  test('a directory without its slash: 301 to the path with it, the query kept', async () => {
    const a = await ask('/docs');
    expect(a.status).toBe(301);
    expect(a.headers).toEqual([...errorAnswer(301).headers, ['Location', '/docs/']]);
    expect(a.body).toBe(errorAnswer(301).body);
    expect(header(await ask('/docs?x=1&y'), 'Location')).toBe('/docs/?x=1&y');
  });

  test('the Location of a redirect is percent-encoded again', async () => {
    expect(header(await ask('/a%20b'), 'Location')).toBe('/a%20b/');
  });

  test('a redirect for HEAD has no body', async () => {
    const a = await ask('/docs', { method: 'HEAD' });
    expect(a.status).toBe(301);
    expect(a.body).toBeNull();
    expect(header(a, 'Location')).toBe('/docs/');
  });

  test('a file: 200 with its type, length, dates, tag and ranges, and its bytes', async () => {
    const a = await ask('/');
    const etag = header(a, 'ETag')!;
    expect(a.status).toBe(200);
    expect(a.headers).toEqual([
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Content-Length', String(INDEX.length)],
      ['Last-Modified', LAST_MODIFIED],
      ['ETag', etag],
      ['Accept-Ranges', 'bytes'],
    ]);
    expect(etag).toMatch(/^"f-[0-9a-f]+-[0-9a-f]+"$/);
    expect(text(a.body as Uint8Array)).toBe(INDEX);
  });

  test('HEAD: the same head, no body', async () => {
    const get = await ask('/');
    const head = await ask('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers).toEqual(get.headers);
    expect(head.body).toBeNull();
  });

  test('an unchanged file shares its answers between requests; a changed one gets new ones', async () => {
    const first = await ask('/');
    expect(
      site.answer({ method: 'GET', target: '/', ifNoneMatch: null, ifModifiedSince: null, range: null }),
    ).toBe(first);
    expect(await ask('/index.html')).not.toBe(first); // another path, another entry
    const head = await ask('/', { method: 'HEAD' });
    expect(await ask('/', { method: 'HEAD' })).toBe(head);
    expect(await ask('/', { ifNoneMatch: header(first, 'ETag')! })).toBe(
      await ask('/', { ifNoneMatch: header(first, 'ETag')! }),
    );
  });

  test('the first request for a file waits for the disk; the next, while fresh, is answered at once', async () => {
    const q: Question = {
      method: 'GET',
      target: '/digits.txt',
      ifNoneMatch: null,
      ifModifiedSince: null,
      range: null,
    };
    const first = site.answer(q);
    expect(first).toBeInstanceOf(Promise);
    const answered = await first;
    expect(site.answer(q)).toBe(answered);
    expect(site.answer({ ...q, target: '/digits.txt?again' })).toBe(answered);
  });

  test('the same target asked again is resolved the same way (the resolution is remembered)', async () => {
    for (let i = 0; i < 3; i++) expect(header(await ask('/docs?q'), 'Location')).toBe('/docs/?q');
    expect(await ask('/%zz')).toBe(errorAnswer(400));
    expect(await ask('/%zz')).toBe(errorAnswer(400));
  });

  test('more distinct targets than are remembered: each is still resolved right', async () => {
    for (let i = 0; i < 4100; i++) {
      const a = site.answer({
        method: 'HEAD',
        target: `/x${i}`,
        ifNoneMatch: null,
        ifModifiedSince: null,
        range: null,
      });
      if (i % 1000 === 0) expect((await a).status).toBe(404);
    }
    expect(header(await ask('/docs?z'), 'Location')).toBe('/docs/?z');
    expect((await ask('/')).status).toBe(200);
  });

  test('closed, the site re-checks nothing in the background any more', async () => {
    const clock = { now: () => MTIME_MS, revalidateMs: 10 };
    const live = new Site(nodeFileSystem, dir, clock);
    const first = await live.answer({
      method: 'GET',
      target: '/digits.txt',
      ifNoneMatch: null,
      ifModifiedSince: null,
      range: null,
    });
    live.close();
    writeFileSync(join(dir, 'digits.txt'), 'changed, and longer');
    await new Promise((r) => setTimeout(r, 100));
    // The clock stands still, so only the background tick could have seen the change.
    expect(
      live.answer({
        method: 'GET',
        target: '/digits.txt',
        ifNoneMatch: null,
        ifModifiedSince: null,
        range: null,
      }),
    ).toBe(first);
  });

  test('the site exposes the file system it reads through', () => {
    expect(site.fileSystem).toBe(nodeFileSystem);
  });
});

describe('conditional requests: 304 Not Modified (RFC 9110 §13.1.2, §13.1.3)', () => {
  test("If-None-Match with the file's tag: 304 with only its validators", async () => {
    const etag = await etagOf('/');
    const a = await ask('/', { ifNoneMatch: etag });
    expect(a.status).toBe(304);
    expect(a.headers).toEqual([
      ['Last-Modified', LAST_MODIFIED],
      ['ETag', etag],
    ]);
    expect(a.body).toBeNull();
  });

  test.each([
    ['the tag itself', (e: string) => e],
    ['its weak form', (e: string) => `W/${e}`],
    ['in a list', (e: string) => `"nope", ${e} , "other"`],
    ['weak in a list', (e: string) => `"nope",W/${e}`],
    ['"*"', () => ' * '],
  ])('If-None-Match matching by %s: 304', async (_what, value) => {
    expect((await ask('/', { ifNoneMatch: value(await etagOf('/')) })).status).toBe(304);
  });

  test.each([
    ['another tag', () => '"nope"'],
    ['the tag without its quotes', (e: string) => e.slice(1, -1)],
    ['a list of others', () => '"a", "b"'],
    ['"*" inside a list', () => '"a", *'],
  ])('If-None-Match with %s: 200', async (_what, value) => {
    expect((await ask('/', { ifNoneMatch: value(await etagOf('/')) })).status).toBe(200);
  });

  test('If-Modified-Since at or after Last-Modified, in whole seconds: 304', async () => {
    expect((await ask('/', { ifModifiedSince: LAST_MODIFIED })).status).toBe(304);
    expect((await ask('/', { ifModifiedSince: formatHttpDate(MTIME_MS + 5000) })).status).toBe(304);
  });

  test('If-Modified-Since a second before: 200', async () => {
    expect((await ask('/', { ifModifiedSince: formatHttpDate(MTIME_MS - 1000) })).status).toBe(200);
  });

  test('If-Modified-Since that is not a date: 200', async () => {
    expect((await ask('/', { ifModifiedSince: 'yesterday' })).status).toBe(200);
  });

  test('If-None-Match decides alone when both are sent (§13.2.2)', async () => {
    expect((await ask('/', { ifNoneMatch: '"nope"', ifModifiedSince: LAST_MODIFIED })).status).toBe(200);
    const etag = await etagOf('/');
    expect(
      (await ask('/', { ifNoneMatch: etag, ifModifiedSince: 'Thu, 01 Jan 1970 00:00:00 GMT' })).status,
    ).toBe(304);
  });

  test('a 304 is answered before a Range is looked at', async () => {
    const etag = await etagOf('/digits.txt');
    expect((await ask('/digits.txt', { ifNoneMatch: etag, range: 'bytes=0-1' })).status).toBe(304);
  });
});

describe('ranges (RFC 9110 §14)', () => {
  test('one satisfiable range: 206 with its length, its place in the file, and those bytes', async () => {
    const full = await ask('/digits.txt');
    const a = await ask('/digits.txt', { range: 'bytes=2-5' });
    expect(a.status).toBe(206);
    expect(a.headers).toEqual([
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Content-Length', '4'],
      ['Content-Range', 'bytes 2-5/10'],
      ['Last-Modified', header(full, 'Last-Modified')],
      ['ETag', header(full, 'ETag')],
      ['Accept-Ranges', 'bytes'],
    ]);
    expect(text(a.body as Uint8Array)).toBe('2345');
    expect(text((await ask('/digits.txt', { range: 'bytes=-3' })).body as Uint8Array)).toBe('789');
  });

  test('a range for HEAD: the same head, no body', async () => {
    const a = await ask('/digits.txt', { method: 'HEAD', range: 'bytes=2-5' });
    expect(a.status).toBe(206);
    expect(header(a, 'Content-Range')).toBe('bytes 2-5/10');
    expect(a.body).toBeNull();
  });

  test('a range past the end: 416 with the size in Content-Range', async () => {
    const a = await ask('/digits.txt', { range: 'bytes=10-' });
    expect(a.status).toBe(416);
    expect(a.headers).toEqual([...errorAnswer(416).headers, ['Content-Range', 'bytes */10']]);
    expect(a.body).toBe(errorAnswer(416).body);
    const head = await ask('/digits.txt', { method: 'HEAD', range: 'bytes=10-' });
    expect(head.status).toBe(416);
    expect(head.body).toBeNull();
  });

  test('a Range we do not serve (several, or another unit) is ignored: the whole file', async () => {
    const full = await ask('/digits.txt');
    expect(await ask('/digits.txt', { range: 'bytes=0-1,4-5' })).toBe(full);
    expect(await ask('/digits.txt', { range: 'items=0-1' })).toBe(full);
  });

  test('If-Range with the current tag, or the exact Last-Modified: the range (§13.1.5)', async () => {
    const full = await ask('/digits.txt');
    const etag = header(full, 'ETag')!;
    const lastModified = header(full, 'Last-Modified')!;
    expect((await ask('/digits.txt', { range: 'bytes=0-1', ifRange: etag })).status).toBe(206);
    expect((await ask('/digits.txt', { range: 'bytes=0-1', ifRange: ` ${etag} ` })).status).toBe(206);
    expect((await ask('/digits.txt', { range: 'bytes=0-1', ifRange: lastModified })).status).toBe(206);
    expect((await ask('/digits.txt', { range: 'bytes=0-1', ifRange: ` ${lastModified} ` })).status).toBe(206);
    expect((await ask('/digits.txt', { range: 'bytes=0-1', ifRange: null })).status).toBe(206);
    expect((await ask('/digits.txt', { range: 'bytes=0-1' })).status).toBe(206);
  });

  test('If-Range naming another version: the whole file, never a splice of two', async () => {
    const full = await ask('/digits.txt');
    const etag = header(full, 'ETag')!;
    const lastModified = header(full, 'Last-Modified')!;
    for (const ifRange of [
      '"other"',
      `W/${etag}`,
      formatHttpDate(Date.parse(lastModified) - 1000),
      etag.slice(1),
    ]) {
      expect(await ask('/digits.txt', { range: 'bytes=0-1', ifRange })).toBe(full);
    }
    // A date that happens to be quoted is taken for a tag, and a tag without quotes for a date.
    expect(await ask('/digits.txt', { range: 'bytes=0-1', ifRange: `"${lastModified}"` })).toBe(full);
  });
});

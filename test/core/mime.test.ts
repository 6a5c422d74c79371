import { describe, expect, test } from 'vitest';
import { contentTypeFor } from '../../servers/core/mime.ts';

describe('contentTypeFor', () => {
  test.each([
    ['html', 'text/html; charset=utf-8'],
    ['htm', 'text/html; charset=utf-8'],
    ['css', 'text/css; charset=utf-8'],
    ['js', 'text/javascript; charset=utf-8'],
    ['mjs', 'text/javascript; charset=utf-8'],
    ['json', 'application/json; charset=utf-8'],
    ['txt', 'text/plain; charset=utf-8'],
    ['md', 'text/markdown; charset=utf-8'],
    ['csv', 'text/csv; charset=utf-8'],
    ['xml', 'application/xml; charset=utf-8'],
    ['svg', 'image/svg+xml; charset=utf-8'],
    ['png', 'image/png'],
    ['jpg', 'image/jpeg'],
    ['jpeg', 'image/jpeg'],
    ['gif', 'image/gif'],
    ['webp', 'image/webp'],
    ['avif', 'image/avif'],
    ['ico', 'image/x-icon'],
    ['woff', 'font/woff'],
    ['woff2', 'font/woff2'],
    ['ttf', 'font/ttf'],
    ['otf', 'font/otf'],
    ['pdf', 'application/pdf'],
    ['wasm', 'application/wasm'],
    ['zip', 'application/zip'],
    ['gz', 'application/gzip'],
    ['mp4', 'video/mp4'],
    ['webm', 'video/webm'],
    ['mp3', 'audio/mpeg'],
    ['wav', 'audio/wav'],
  ])('.%s is %s', (ext, type) => {
    expect(contentTypeFor(`/dir/file.${ext}`)).toBe(type);
  });

  test.each([
    ['/index.HTML', 'text/html; charset=utf-8'],
    ['/app.min.JS', 'text/javascript; charset=utf-8'],
    ['/archive.tar.gz', 'application/gzip'],
    ['style.css', 'text/css; charset=utf-8'],
    ['/a/b.d/notes.txt', 'text/plain; charset=utf-8'],
  ])('the extension is what follows the last dot of the file name, in any case: %s', (path, type) => {
    expect(contentTypeFor(path)).toBe(type);
  });

  test.each([
    ['/README', 'no extension'],
    ['/dir.css/README', 'a dot in a directory name only'],
    ['/.css', 'a dotfile named like an extension'],
    ['/dir/.js', 'a dotfile in a directory'],
    ['/file.', 'an empty extension'],
    ['/file.exe', 'an unknown extension'],
    ['/file.constructor', 'an extension named like an Object.prototype property'],
    ['/file.__proto__', 'an extension named __proto__'],
  ])('%s (%s) is application/octet-stream', (path) => {
    expect(contentTypeFor(path)).toBe('application/octet-stream');
  });
});

import { describe, expect, test } from 'vitest';
import { encodePath, percentDecode, resolveTarget } from '../../servers/core/path.ts';

describe('resolveTarget maps a request target to a path inside the root', () => {
  test.each([
    ['/', '/'],
    ['/index.html', '/index.html'],
    ['/docs/', '/docs/'],
    ['/docs', '/docs'],
    ['/a/./b', '/a/b'],
    ['/a/.', '/a/'],
    ['/a/b/../c', '/a/c'],
    ['/a/..', '/'],
    ['/a/b/..', '/a/'],
    ['/a/b/../', '/a/'],
    ['/a//b', '/a/b'],
    ['/a//..', '/'],
    ['/a/b/./..', '/a/'],
    ['//a', '/a'],
    ['/hello%20world.txt', '/hello world.txt'],
    ['/caf%C3%A9.txt', '/café.txt'],
    ['/index.html?x=1&y=2', '/index.html'],
    ['/index.html#top', '/index.html'],
    ['/%2e/index.html', '/index.html'],
    ['/%252e%252e/x', '/%2e%2e/x'], // decoded once: the second layer stays literal
    ['/a.b/c..d/e...', '/a.b/c..d/e...'], // dots inside a name are not "." or ".."
    ['http://example.com/docs/', '/docs/'],
    ['https://example.com/a/b.txt', '/a/b.txt'],
    ['HTTP://example.com', '/'],
    ['HtTpS://example.com', '/'],
    ['http://example.com?q=1', '/'],
    ['http://bad%zz\\host/docs/', '/docs/'], // the authority is dropped before anything is decoded
  ])('%s -> %s', (target, path) => {
    expect(resolveTarget(target)).toMatchObject({ kind: 'path', path });
  });

  test.each([
    ['/docs?a=1', '/docs', '?a=1'],
    ['/docs', '/docs', ''],
    ['/?', '/', '?'],
    ['/docs?a=1#frag', '/docs', '?a=1'],
    ['/docs?a=1#frag?b', '/docs', '?a=1'],
    ['/docs#frag?b', '/docs', ''], // a "?" inside the fragment starts no query
    ['http://example.com?q=1', '/', '?q=1'],
    ['http://example.com?a=/b', '/', '?a=/b'],
    ['http://example.com/a?b', '/a', '?b'],
    ['http://example.com', '/', ''],
  ])('%s keeps the query for redirects: %s and %j', (target, path, query) => {
    expect(resolveTarget(target)).toEqual({ kind: 'path', path, query });
  });
});

const CLIMBS = 'path climbs above the root';
const ESCAPE = 'malformed percent-encoding or invalid UTF-8';
const CONTROL = 'control byte or backslash in path';
const FORM = 'target is neither origin-form nor absolute-form';
const DOTFILE = 'dotfiles are not served';

describe('resolveTarget refuses every way out of the root', () => {
  test.each([
    ['/..', 400, CLIMBS],
    ['/../etc/passwd', 400, CLIMBS],
    ['/a/../../etc/passwd', 400, CLIMBS],
    ['/%2e%2e/etc/passwd', 400, CLIMBS],
    ['/%2E%2E/%2E%2E/etc/passwd', 400, CLIMBS],
    ['/..%2fetc%2fpasswd', 400, CLIMBS],
    ['/a%2f..%2f..%2fetc%2fpasswd', 400, CLIMBS],
    ['http://example.com/../etc/passwd', 400, CLIMBS],
    ['/..%5cetc%5cpasswd', 400, CONTROL],
    ['/a\\..\\..\\etc\\passwd', 400, CONTROL],
    ['/%c0%ae%c0%ae/etc/passwd', 400, ESCAPE], // overlong UTF-8 for "."
    ['/%c0%af', 400, ESCAPE], // overlong UTF-8 for "/"
    ['/%e0%80%af', 400, ESCAPE],
    ['/%ff', 400, ESCAPE], // not UTF-8
    ['/a%00.html', 400, CONTROL],
    ['/a%0d%0a', 400, CONTROL],
    ['/a%1f', 400, CONTROL],
    ['/a%7f', 400, CONTROL],
    ['etc/passwd', 400, FORM],
    ['*', 400, FORM],
    ['example.com:80', 400, FORM],
    ['ftp://example.com/x', 400, FORM],
    ['http:', 400, FORM],
    ['https', 400, FORM],
    ['http:/example.com/x', 400, FORM],
    ['/.env', 404, DOTFILE],
    ['/.git/config', 404, DOTFILE],
    ['/docs/.hidden', 404, DOTFILE],
    ['/%2egit/config', 404, DOTFILE],
    ['/a/.../b', 404, DOTFILE],
  ])('%s -> %i (%s)', (target, status, reason) => {
    expect(resolveTarget(target)).toEqual({ kind: 'error', status, reason });
  });

  test.each([
    '/%',
    '/%4',
    '/a%',
    '/%zz',
    '/%G1',
    '/%4g',
    '/%4G',
    '/%4:',
    '/%4/',
    '/%4@',
    '/%4`',
    '/%%41',
    '/%x0%9F%98%80', // %x0 must not become the 0xF0 that would start a valid 4-byte sequence
  ])('rejects a malformed percent escape with 400: %s', (target) => {
    expect(resolveTarget(target)).toEqual({ kind: 'error', status: 400, reason: ESCAPE });
  });
});

describe('percentDecode', () => {
  test.each([
    ['/plain/ascii.txt', '/plain/ascii.txt'],
    ['%2541', '%41'], // decodes exactly once
    ['%30%39%41%46%61%66', '09AFaf'], // the edges of each hex digit range
    ['%4a%4A%4f', 'JJO'],
    ['%c3%a9%C3%A9', 'éé'],
    ['%F0%9F%98%80', '😀'],
    ['%09%00%7F', '\t\x00\x7f'], // control bytes are the caller's to refuse
    ['%41\x7f', 'A\x7f'],
    ['%25', '%'],
  ])('%j -> %j', (s, decoded) => {
    expect(percentDecode(s)).toBe(decoded);
  });

  test.each(['%', '%%', '%4', '%g0', '%0g', '%/0', '%:0', '%@0', '%`0'])(
    'a malformed escape %j is null',
    (s) => {
      expect(percentDecode(s)).toBeNull();
    },
  );

  test.each(['é', '/é', 'Ã©', '\u00ff', '\u20ac'])(
    'non-ASCII input %j is null rather than a guess at its encoding',
    (s) => {
      expect(percentDecode(s)).toBeNull();
    },
  );

  test.each(['%c3', '%e0%80%af', '%ed%a0%80', '%ff'])('bytes that are not UTF-8 (%s) are null', (s) => {
    expect(percentDecode(s)).toBeNull();
  });
});

describe('encodePath', () => {
  test('encodes each segment and keeps the slashes', () => {
    expect(encodePath('/a b/ü?#%.txt')).toBe('/a%20b/%C3%BC%3F%23%25.txt');
  });

  test('round-trips through resolveTarget', () => {
    const path = '/a b/ü?#%.txt';
    expect(resolveTarget(encodePath(path))).toEqual({ kind: 'path', path, query: '' });
  });
});

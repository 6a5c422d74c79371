import { describe, expect, test } from 'vitest';
import { encodePath, percentDecode, resolveTarget } from '../../servers/core/path.ts';

describe('resolveTarget maps a request target to a path inside the root', () => {
  test.each([
    ['/', '/'],
    ['/index.html', '/index.html'],
    ['/docs/', '/docs/'],
    ['/docs', '/docs'],
    ['/a/./b', '/a/b'],
    ['/a/b/../c', '/a/c'],
    ['/a/..', '/'],
    ['/a//b', '/a/b'],
    ['/hello%20world.txt', '/hello world.txt'],
    ['/caf%C3%A9.txt', '/café.txt'],
    ['/index.html?x=1&y=2', '/index.html'],
    ['/%2e/index.html', '/index.html'],
    ['/%252e%252e/x', '/%2e%2e/x'], // decoded once: the second layer stays literal
    ['http://example.com/docs/', '/docs/'],
    ['HTTP://example.com', '/'],
    ['http://example.com?q=1', '/'],
  ])('%s -> %s', (target, path) => {
    const r = resolveTarget(target);
    expect(r).toMatchObject({ kind: 'path', path });
  });

  test('keeps the query for redirects', () => {
    expect(resolveTarget('/docs?a=1')).toEqual({ kind: 'path', path: '/docs', query: '?a=1' });
  });
});

describe('resolveTarget refuses every way out of the root', () => {
  test.each([
    ['/..', 400],
    ['/../etc/passwd', 400],
    ['/a/../../etc/passwd', 400],
    ['/%2e%2e/etc/passwd', 400],
    ['/%2E%2E/%2E%2E/etc/passwd', 400],
    ['/..%2fetc%2fpasswd', 400],
    ['/a%2f..%2f..%2fetc%2fpasswd', 400],
    ['/..%5cetc%5cpasswd', 400],
    ['/a\\..\\..\\etc\\passwd', 400],
    ['/%c0%ae%c0%ae/etc/passwd', 400], // overlong UTF-8 for "."
    ['/%c0%af', 400], // overlong UTF-8 for "/"
    ['/%e0%80%af', 400],
    ['/a%00.html', 400],
    ['/a%0d%0a', 400],
    ['/%', 400],
    ['/%4', 400],
    ['/%zz', 400],
    ['/%ff', 400], // not UTF-8
    ['etc/passwd', 400],
    ['*', 400],
    ['example.com:80', 400],
    ['ftp://example.com/x', 400],
    ['/.env', 404],
    ['/.git/config', 404],
    ['/docs/.hidden', 404],
    ['/%2egit/config', 404],
  ])('%s -> %i', (target, status) => {
    expect(resolveTarget(target)).toMatchObject({ kind: 'error', status });
  });
});

describe('percent-decoding', () => {
  test('decodes exactly once', () => {
    expect(percentDecode('%2541')).toBe('%41');
  });
  test('rejects non-ASCII input rather than guessing its encoding', () => {
    expect(percentDecode('/é')).toBeNull();
  });
  test('encodePath round-trips through resolveTarget', () => {
    const path = '/a b/ü?#%.txt';
    const r = resolveTarget(encodePath(path));
    expect(r).toMatchObject({ kind: 'path', path });
  });
});

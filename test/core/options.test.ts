import { describe, expect, test } from 'vitest';
import {
  DEFAULT_OPTIONS,
  parseServerArgs,
  readyLine,
  SERVER_USAGE,
  servedLine,
  workerCount,
} from '../../servers/core/options.ts';

const defaults = {
  port: 7890,
  host: '127.0.0.1',
  root: null,
  log: false,
  idleTimeoutMs: 5000,
  headerTimeoutMs: 10_000,
  workers: 0,
};

describe('parseServerArgs', () => {
  test('no flags give the defaults', () => {
    expect(parseServerArgs([])).toEqual(defaults);
    expect(DEFAULT_OPTIONS).toEqual(defaults);
  });

  test.each([
    [['--port', '8080'], { port: 8080 }],
    [['--port=8080'], { port: 8080 }],
    [['--port', '0'], { port: 0 }],
    [['--port', '65535'], { port: 65535 }],
    [['--host', '0.0.0.0'], { host: '0.0.0.0' }],
    [['--host=::1'], { host: '::1' }],
    [['--root', '/srv/www'], { root: '/srv/www' }],
    [['--root=site=1'], { root: 'site=1' }],
    [['--log'], { log: true }],
    [['--idle-timeout', '1'], { idleTimeoutMs: 1 }],
    [['--idle-timeout=3600000'], { idleTimeoutMs: 3_600_000 }],
    [['--header-timeout', '1'], { headerTimeoutMs: 1 }],
    [['--header-timeout', '3600000'], { headerTimeoutMs: 3_600_000 }],
    [['--workers', '0'], { workers: 0 }],
    [['--workers', '256'], { workers: 256 }],
    [
      ['--log', '--port', '1', '--host=h', '--root', 'r', '--workers=2', '--idle-timeout', '3'],
      { log: true, port: 1, host: 'h', root: 'r', workers: 2, idleTimeoutMs: 3 },
    ],
    [['--port', '1', '--port', '2'], { port: 2 }],
  ])('%j sets %o', (argv, changed) => {
    expect(parseServerArgs(argv)).toEqual({ ...defaults, ...changed });
  });

  test.each([
    [['--port'], '--port needs a value'],
    [['--port', '65536'], '--port must be between 0 and 65535, got 65536'],
    [['--port', '-1'], '--port must be a whole number, got "-1"'],
    [['--port', '80.5'], '--port must be a whole number, got "80.5"'],
    [['--port', ' 80'], '--port must be a whole number, got " 80"'],
    [['--port', '80x'], '--port must be a whole number, got "80x"'],
    [['--port='], '--port must be a whole number, got ""'],
    [['--host'], '--host needs a value'],
    [['--host='], '--host needs a value'],
    [['--root'], '--root needs a value'],
    [['--root', ''], '--root needs a value'],
    [['--idle-timeout', '0'], '--idle-timeout must be between 1 and 3600000, got 0'],
    [['--idle-timeout', '3600001'], '--idle-timeout must be between 1 and 3600000, got 3600001'],
    [['--idle-timeout'], '--idle-timeout needs a value'],
    [['--header-timeout', '0'], '--header-timeout must be between 1 and 3600000, got 0'],
    [['--header-timeout', '3600001'], '--header-timeout must be between 1 and 3600000, got 3600001'],
    [['--header-timeout', 'soon'], '--header-timeout must be a whole number, got "soon"'],
    [['--workers', '257'], '--workers must be between 0 and 256, got 257'],
    [['--workers'], '--workers needs a value'],
    [['--port', '80', '--workers', 'x'], '--workers must be a whole number, got "x"'],
  ])('%j is refused: %s', (argv, error) => {
    expect(parseServerArgs(argv)).toEqual({ error });
  });

  test.each([['--verbose'], ['port=80'], ['-p'], ['=--port'], ['8080'], ['--port80']])(
    'an unknown flag %j is refused with the usage',
    (arg) => {
      expect(parseServerArgs(['--log', arg])).toEqual({ error: `unknown flag "${arg}"; ${SERVER_USAGE}` });
    },
  );

  test('the usage names every flag', () => {
    for (const flag of [
      '--port',
      '--host',
      '--root',
      '--log',
      '--idle-timeout',
      '--header-timeout',
      '--workers',
    ]) {
      expect(SERVER_USAGE).toContain(` ${flag} `);
    }
  });
});

describe('readyLine', () => {
  test('is one line of JSON with the event first', () => {
    const line = readyLine({
      impl: 'async',
      runtime: 'node',
      version: '20.19.0',
      pid: 1234,
      host: '127.0.0.1',
      port: 7890,
    });
    expect(line).toBe(
      '{"event":"ready","impl":"async","runtime":"node","version":"20.19.0","pid":1234,"host":"127.0.0.1","port":7890}',
    );
  });
});

describe('workerCount', () => {
  test.each([
    [0, 2, 2],
    [0, 1, 1],
    [0, 0, 1],
    [3, 2, 3],
    [1, 64, 1],
  ])('--workers %i with %i CPUs available: %i', (requested, available, expected) => {
    expect(workerCount(requested, available)).toBe(expected);
  });
});

describe('servedLine', () => {
  test('is one line of JSON with the event first', () => {
    expect(servedLine({ impl: 'cluster', worker: 2, pid: 4321, connections: 57 })).toBe(
      '{"event":"served","impl":"cluster","worker":2,"pid":4321,"connections":57}',
    );
  });
});

import { Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { withUriOptions } from '../../scripts/compat/entities.js';
import { normalizeParsed, parseSchemaVersion } from '../../scripts/compat/load.js';
import { formatFileLine, formatSummaryLine } from '../../scripts/compat/report.js';
import { compareVersions, parseVersion, unmetRequirements, type ServerFacts } from '../../scripts/compat/requirements.js';
import type { FileResult } from '../../scripts/compat/runner.js';

const argon: ServerFacts = { version: [7, 0, 0], topology: 'single', auth: false };

describe('runOnRequirements', () => {
  it('compares versions component by component', () => {
    expect(compareVersions(parseVersion('4.0.10'), parseVersion('4.0.9'))).toBeGreaterThan(0);
    expect(compareVersions(parseVersion('4.2'), parseVersion('4.2.0'))).toBe(0);
    expect(parseVersion('4.9.0-alpha4-271-g7d5cf02')).toEqual([4, 9, 0]);
  });
  it('is satisfied when any entry is met', () => {
    expect(unmetRequirements(undefined, argon)).toBeUndefined();
    expect(unmetRequirements([{ minServerVersion: '4.4' }], argon)).toBeUndefined();
    expect(unmetRequirements([{ maxServerVersion: '7.99' }], argon)).toBeUndefined();
    expect(unmetRequirements([{ minServerVersion: '8.0' }, { topologies: ['single'] }], argon)).toBeUndefined();
    expect(unmetRequirements([{ serverless: 'forbid' }, { auth: false }], argon)).toBeUndefined();
  });
  it('explains why none is met', () => {
    expect(unmetRequirements([{ minServerVersion: '8.0' }], argon)).toMatch(/>= 8.0/);
    expect(unmetRequirements([{ maxServerVersion: '4.4.99' }], argon)).toMatch(/<= 4.4.99/);
    expect(unmetRequirements([{ topologies: ['replicaset', 'sharded'] }], argon)).toMatch(/replicaset\|sharded/);
    expect(unmetRequirements([{ csfle: true }], argon)).toMatch(/CSFLE/);
    expect(unmetRequirements([{ serverParameters: { enableTestCommands: true } }], argon)).toMatch(/serverParameters/);
    expect(unmetRequirements([{ auth: true }], argon)).toMatch(/auth/);
  });
});

describe('test file values', () => {
  it('keeps explicit int64 and integral doubles, unwraps int32', () => {
    const v = normalizeParsed({ a: new Int32(1), b: Long.fromNumber(2), c: new Double(3), d: new Double(1.5), e: [new Int32(4)] }) as Record<string, unknown>;
    expect(v.a).toBe(1);
    expect(Long.isLong(v.b)).toBe(true);
    expect(v.c).toBeInstanceOf(Double);
    expect(v.d).toBe(1.5);
    expect(v.e).toEqual([4]);
  });
  it('parses schema versions', () => {
    expect(parseSchemaVersion('1.4')).toEqual([1, 4, 0]);
    expect(parseSchemaVersion('bogus')).toBeUndefined();
  });
});

describe('client URIs', () => {
  it('appends uriOptions', () => {
    expect(withUriOptions('mongodb://h:1/', { retryWrites: false })).toBe('mongodb://h:1/?retryWrites=false');
    expect(withUriOptions('mongodb://h:1', { w: 1 })).toBe('mongodb://h:1/?w=1');
    expect(withUriOptions('mongodb://h:1?x=1', { w: 1 })).toBe('mongodb://h:1/?x=1&w=1');
    expect(withUriOptions('mongodb://h:1/db?x=1', { appname: 'a b' })).toBe('mongodb://h:1/db?x=1&appname=a%20b');
    expect(withUriOptions('mongodb://h:1/', {})).toBe('mongodb://h:1/');
  });
});

describe('report lines', () => {
  const file = (tests: FileResult['tests']): FileResult => ({
    file: 'crud/x.json',
    path: '/x',
    folder: 'crud',
    passed: tests.filter((t) => t.status === 'passed').length,
    failed: tests.filter((t) => t.status === 'failed').length,
    skipped: tests.filter((t) => t.status === 'skipped').length,
    tests,
  });
  it('prints PASS, FAIL and SKIP lines', () => {
    expect(formatFileLine(file([{ description: 'a', status: 'passed' }]))).toBe('PASS crud/x.json (1/1)');
    expect(
      formatFileLine(
        file([
          { description: 'a', status: 'passed' },
          { description: 'b', status: 'failed', reason: 'boom' },
          { description: 'c', status: 'skipped', reason: 'why' },
        ]),
      ),
    ).toBe('FAIL crud/x.json (1/2, 1 skipped) — first failure: b: boom');
    expect(formatFileLine(file([{ description: 'a', status: 'skipped', reason: 'needs server >= 8.0' }]))).toBe('SKIP crud/x.json (1 test: needs server >= 8.0)');
    expect(formatSummaryLine({ passed: 3, failed: 2, skipped: 1 })).toBe('3 passed, 2 failed, 1 skipped');
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { BadInputError, NotFoundError, StorageError, ARGON_CODES } from '@argon/core';
import { ApiError, CLI_CODES, CliError, exitCodeOf, reportOf } from '../src/errors.js';

describe('CLI errors', () => {
  it('documents every CLI error code in docs/cli.md', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/cli.md'), 'utf8');
    for (const code of Object.values(CLI_CODES)) expect(doc, `docs/cli.md documents ${code}`).toMatch(new RegExp(`\\b${code}\\b`));
  });

  it('exits 1 for user errors and 2 for internal ones', () => {
    expect(exitCodeOf(new CliError(CLI_CODES.BAD_JSON, 'x'))).toBe(1);
    expect(exitCodeOf(new BadInputError('x'))).toBe(1);
    expect(exitCodeOf(new ApiError(404, 'BRANCH_NOT_FOUND', 'x'))).toBe(1);
    expect(exitCodeOf(new InvalidArgumentError('x'))).toBe(1);
    expect(exitCodeOf(new ApiError(500, 'INTERNAL', 'x'))).toBe(2);
    expect(exitCodeOf(new StorageError('disk full'))).toBe(2);
    expect(exitCodeOf(new TypeError('undefined is not a function'))).toBe(2);
    expect(exitCodeOf('weird')).toBe(2);
  });

  it('reports codes and adds hints for well-known errors', () => {
    const nf = new NotFoundError("branch 'featur' does not exist in project 'shop'", ARGON_CODES.BRANCH_NOT_FOUND, undefined, { project: 'shop', branch: 'featur' });
    expect(reportOf(nf)).toMatchObject({ code: 'BRANCH_NOT_FOUND', userError: true, hint: 'run `argon branches list --project shop` to see the branches' });
    const usage = reportOf(new InvalidArgumentError('bad'));
    expect(usage.code).toBe('USAGE');
    const api = reportOf(new ApiError(400, 'LSN_OUT_OF_RANGE', 'beyond head', { project: 'shop', branch: 'main' }));
    expect(api.hint).toBe('run `argon time-travel info --project shop --branch main` to see the reachable LSNs and times');
    expect(reportOf(new TypeError('x'))).toMatchObject({ code: 'INTERNAL', userError: false });
    expect(reportOf(new TypeError('x')).hint).toBeUndefined();
  });
});

/**
 * Every MongoDB connection string that `argon --help` (and the help of each
 * command and subcommand), docs/cli.md and README.md show is one the official
 * driver accepts: users paste them into mongosh and drivers as they are. A
 * branch's `@` in a database name, for one, must be written `%40` there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, removeBuild, ROOT, runCli } from './cli-harness.js';

let bin: string;

beforeAll(() => {
  bin = buildCli();
});

afterAll(() => {
  removeBuild(bin);
});

/** Names listed under "Commands:" in a help text (the first word of each entry). */
function commandsIn(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1];
  if (!section) return [];
  const names: string[] = [];
  for (const line of section.split('\n')) {
    const m = /^ {2}([a-z][\w-]*)/.exec(line);
    if (m && m[1] !== 'help') names.push(m[1]!);
  }
  return names;
}

/** The help of the program and of every command below it, depth first. */
async function allHelp(path: string[] = []): Promise<string[]> {
  const r = await runCli(bin, [...path, '--help']);
  expect(r.code, `argon ${path.join(' ')} --help: ${r.stderr}`).toBe(0);
  const out = [r.stdout];
  for (const name of commandsIn(r.stdout)) out.push(...(await allHelp([...path, name])));
  return out;
}

// Placeholders (`mongodb://host:port`, `mongodb://<host>:<port>`, `mongodb://…`) are not examples.
const PLACEHOLDER = /[<…]|\.\.\.|host:port/;

function connectionStrings(text: string): string[] {
  return [...text.matchAll(/mongodb(?:\+srv)?:\/\/[^\s"'`)]+/g)].map((m) => m[0]).filter((uri) => !PLACEHOLDER.test(uri));
}

describe('connection strings shown to users', () => {
  it('parse with the official driver, in the help of every command and in the docs', async () => {
    const help = await allHelp();
    expect(help.length).toBeGreaterThan(10);
    const sources = [
      ...help.map((text, i) => ({ where: `help text #${i}`, text })),
      { where: 'docs/cli.md', text: readFileSync(join(ROOT, 'docs/cli.md'), 'utf8') },
      { where: 'README.md', text: readFileSync(join(ROOT, 'README.md'), 'utf8') },
    ];
    const found = sources.flatMap(({ where, text }) => connectionStrings(text).map((uri) => ({ where, uri })));
    // The branch example is among them, so the check covers what it is for.
    expect(found.map((f) => f.uri)).toContain('mongodb://127.0.0.1:27018/shop%40feature');
    const rejected = found.flatMap(({ where, uri }) => {
      try {
        new MongoClient(uri);
        return [];
      } catch (err) {
        return [`${where}: ${uri}: ${(err as Error).message}`];
      }
    });
    expect(rejected).toEqual([]);
  });
});

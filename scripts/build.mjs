#!/usr/bin/env node
// Bundles the `argon` CLI (and with it the server) into apps/cli/dist/argon.mjs,
// and the file store's checkpoint worker into apps/cli/dist/checkpoint-worker.mjs.
// Workspace packages are TypeScript sources and get bundled; third-party
// packages stay external and load from node_modules. `--if-stale` skips the
// build when no source file is newer than the bundle.
import { build } from 'esbuild';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'apps/cli/dist/argon.mjs');
// The file store's checkpoint worker thread loads this file from beside the bundle (see worker-host.ts).
const workerOut = join(dirname(out), 'checkpoint-worker.mjs');

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'test') continue;
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

// Stale when either output is missing or older than a source file.
if (process.argv.includes('--if-stale') && existsSync(out) && existsSync(workerOut)) {
  const srcs = ['packages', 'apps'].map((d) => newestMtime(join(root, d)));
  if (Math.max(...srcs) <= Math.min(statSync(out).mtimeMs, statSync(workerOut).mtimeMs)) process.exit(0);
}

const external = new Set();
for (const base of ['packages', 'apps']) {
  for (const pkg of readdirSync(join(root, base))) {
    const file = join(root, base, pkg, 'package.json');
    if (!existsSync(file)) continue;
    const deps = JSON.parse(readFileSync(file, 'utf8')).dependencies ?? {};
    for (const d of Object.keys(deps)) if (!d.startsWith('@argon/')) external.add(d);
  }
}

// The bundle loads externals from apps/cli/node_modules: each must be a direct dependency there.
const cliDeps = JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8')).dependencies ?? {};
const missing = [...external].filter((d) => !(d in cliDeps));
if (missing.length) {
  console.error(`build: add these to apps/cli/package.json dependencies (the bundle imports them): ${missing.join(', ')}`);
  process.exit(1);
}

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: 'linked', external: [...external], logLevel: 'warning' };
await build({ ...common, entryPoints: [join(root, 'apps/cli/src/main.ts')], outfile: out, banner: { js: '#!/usr/bin/env node' } });
await build({ ...common, entryPoints: [join(root, 'packages/storage-file/src/checkpoint/checkpoint-worker.ts')], outfile: workerOut });

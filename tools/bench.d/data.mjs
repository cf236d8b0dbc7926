// data.mjs: the benchmark inputs, generated event logs cached by their arguments.
//
//   const input = ensureEvents({label: '1M', users: 13760});
//   // {label, users, file, bytes}: file is build/bench/data/1M/events.csv
//
// `lodestar gen --seed 42 --users N` writes about 72.7 events per user (~57 bytes a
// row). The directory keeps a stamp of the exact command and the CLI's version; a
// different stamp, or no events.csv, regenerates. Only events.csv is kept.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SEED = 42;

export function ensureEvents({ root, lodestar, label, users }) {
  const dir = join(root, 'build/bench/data', label);
  const file = join(dir, 'events.csv');
  const stamp = join(dir, 'stamp');
  const args = ['gen', '--seed', String(SEED), '--users', String(users), '--out', dir];
  const want = `${version(lodestar)}\n${['lodestar', ...args.slice(0, -2)].join(' ')}\n`;
  const have = existsSync(stamp) && existsSync(file) ? readFileSync(stamp, 'utf8') : '';
  if (have !== want) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`bench: generating ${label} rows: lodestar ${args.join(' ')}\n`);
    const r = spawnSync(lodestar, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`lodestar gen failed (status ${r.status})`);
    for (const name of readdirSync(dir)) if (name !== 'events.csv') rmSync(join(dir, name));
    writeFileSync(stamp, want);
  }
  return { label, users, file, bytes: statSync(file).size };
}

function version(lodestar) {
  const r = spawnSync(lodestar, ['version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${lodestar} version failed`);
  return r.stdout.trim();
}

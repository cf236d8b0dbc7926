// helpers.mjs: what the Node tests share: the engine of the built site
// (build/site/engine, which tools/test builds), the native CLI and its CSV.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { before, after } from 'node:test';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DATA = join(ROOT, 'data');
const ENGINE_DIR = join(ROOT, 'build', 'site', 'engine');
const CLI = join(ROOT, 'tools', 'lodestar');

export async function loadEngine() {
  const { createEngine } = await import(join(ENGINE_DIR, 'engine.js'));
  return createEngine({ wasmBinary: readFileSync(join(ENGINE_DIR, 'lodestar.wasm')) });
}

/* `tools/lodestar ARGS…` → stdout; throws (err.stderr) on a non-zero exit. */
export function cli(...args) {
  return execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/* CLI CSV "period,value" (or "period,COLUMN,value") → rows of cell texts. */
export function parseSeries(text) {
  return text.trim().split('\n').slice(1).map((line) => line.split(','));
}

/* The same text the CLI prints for a double: shortest round trip, empty for NaN. */
export const asText = (v) => (Number.isNaN(v) ? '' : String(v));

/* The engine and the CSVs of a generated demo ({seed, users, days}) in a
 * temporary directory, made before the file's tests and removed after:
 * {engine, files} once the tests run. */
export function useDemo(tag, { seed, users, days }) {
  const demo = { engine: null, dir: null, files: [] };
  before(async () => {
    demo.engine = await loadEngine();
    demo.dir = mkdtempSync(join(tmpdir(), `lodestar-${tag}-`));
    cli('gen', '--seed', String(seed), '--users', String(users), '--days', String(days), '--out', demo.dir);
    demo.files = readdirSync(demo.dir).sort().map((f) => join(demo.dir, f));
  });
  after(() => {
    if (demo.dir) rmSync(demo.dir, { recursive: true, force: true });
  });
  return demo;
}

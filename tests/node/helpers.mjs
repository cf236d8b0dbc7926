// helpers.mjs: what the Node tests share: the engine of the built site
// (build/site/engine, which tools/test builds), the native CLI and its CSV.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

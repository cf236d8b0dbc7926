/* users-data.js: what the Users view asks the engine for, over the global
 * date range and filters (filter-bar.js scopeSpec):
 *
 *   const d = await fetchUsers(ask, catalog, kinds, {grain, scope});
 *     d.results    Map metric → result (results.js): dau, wau, mau by day;
 *                  new_users and stickiness at grain; the sessions row
 *                  (SESSIONS: sessions, session_duration, its median,
 *                  sessions_per_user) at grain
 *     d.lifecycle  {status: 'ok', grain, periods, new, returning, resurrecting, dormant}
 *     d.activeDays {status: 'ok', grain, periods, days}  (week when grain is day)
 *                  each | {status: 'missing', needs} | {status: 'error', message, code}
 * ask(op, spec) is actions.ask: one worker op. */
import { fetchResult } from './results.js';
import { hasRows, loadedGrain } from './precomputed.js';

export const GRAINS = ['day', 'week', 'month'];
export const DAILY = ['dau', 'wau', 'mau'];
export const SESSIONS = ['sessions', 'session_duration', 'session_duration_median', 'sessions_per_user'];
export const BY_GRAIN = ['new_users', 'stickiness', ...SESSIONS];

export async function fetchUsers(ask, catalog, kinds, { grain, scope }) {
  const client = { metric: (spec) => ask('metric', spec) };
  const results = new Map();
  // a lifecycle loaded precomputed stands in for the events (precomputed.js)
  const one = (op, spec) => (hasRows(kinds, 'events') || (op === 'lifecycle' && kinds.precomputed?.has('lifecycle_new'))
    ? ask(op, { ...scope, ...spec }).then((r) => ({ status: 'ok', ...r }), (err) => ({ status: 'error', message: err.message, code: err.status || null }))
    : Promise.resolve({ status: 'missing', needs: ['events'] }));
  const lifecycle = one('lifecycle', { period: loadedGrain(kinds, 'lifecycle_new', 'events', grain) });
  const activeDays = one('activeDays', { period: grain === 'day' ? 'week' : grain });
  await Promise.all([...DAILY.map((m) => [m, 'day']), ...BY_GRAIN.map((m) => [m, grain])].map(async ([metric, g]) => {
    results.set(metric, await fetchResult(client, { metric, grain: g, ...scope }, catalog.get(metric), kinds));
  }));
  return { results, lifecycle: await lifecycle, activeDays: await activeDays };
}

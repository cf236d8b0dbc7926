/* store.js: the page's one state object and its subscribers.
 *
 *   const store = createStore({a: 1});
 *   store.subscribe((state, prev) => render(state));
 *   store.set({a: 2});            // shallow merge, then every subscriber runs once
 *   store.update((s) => ({a: s.a + 1}));
 * Subscribers run synchronously after each change, in subscription order. */

export function createStore(initial) {
  let state = Object.freeze({ ...initial });
  const subs = new Set();

  function set(patch) {
    const prev = state;
    state = Object.freeze({ ...state, ...patch });
    for (const fn of subs) fn(state, prev);
  }

  return {
    get: () => state,
    set,
    update: (fn) => set(fn(state)),
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}

/* The key of a metric result in state.results: 'mrr@month'. */
export function resultKey(metric, grain) {
  return `${metric}@${grain}`;
}

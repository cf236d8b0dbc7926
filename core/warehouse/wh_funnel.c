/* wh_funnel.c: conversion funnels (`lodestar funnel`, docs/metrics.md
 * "Funnels") as SQL (warehouse/whbuild.h), orders sequential and strict,
 * any window, --from/--to: step,event,users,from_start,from_previous,
 * median_seconds,mean_seconds.
 *
 * The walk of funnel.c in closed form. Take a user's events in (time, lowest
 * step named) order. An event e named at step j is "valid at j" when the
 * attempt held at j-1 just before it (sequential: the last event valid at
 * j-1 before e; strict: the event right before e, if valid at j-1) started
 * at most the window before e; each step-1 event is valid at 1 and starts
 * its attempt. The attempt's step times at[0..j] are those of the held one
 * plus e's time. Every such time is nondecreasing along the valid events of
 * a step (each is "the last valid event before"), so the held attempt's
 * times are the running maximum of the previous step's and the best attempt
 * (the first to reach the user's furthest step K) has, at each step, the
 * minimum over the events valid at K. PostgreSQL and DuckDB run the
 * maximum as a window function over each step's columns; ClickHouse 18.16,
 * which has none, over each user's sorted array of events (arrayCumSum
 * counts the valid events before each one and indexes the compacted
 * array of them). docs/warehouse.md tells the rest. */
#include <string.h>

#include "base/alloc.h"
#include "metrics/funnel.h"
#include "warehouse/whbuild.h"

#define EV LS_KIND_EVENTS
#define MAXS LS_FUNNEL_MAX_STEPS

typedef struct {
  const char *step[MAXS];
  int n;
  long long window; /* seconds */
  int strict;
  const char *from, *to;
} fun_opts;

/* ---- private ---- */

/* --steps a,b,c into o */
static int split_steps(wh_ctx *c, fun_opts *o, const char *v) {
  o->n = 0;
  for (const char *p = v;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    if (!len || o->n == MAXS) return 0;
    o->step[o->n++] = wh_s(c, "%.*s", (int)len, p);
    if (!comma) break;
    p = comma + 1;
  }
  return o->n >= LS_FUNNEL_MIN_STEPS;
}

static int parse(wh_ctx *c, fun_opts *o) {
  memset(o, 0, sizeof *o);
  o->window = 14 * 86400;
  const ls_wh_request *r = c->r;
  for (int i = 0; i < r->argc; i += 2) {
    const char *k = r->argv[i], *v = i + 1 < r->argc ? r->argv[i + 1] : NULL;
    int64_t ms;
    int ord;
    if (!v) return wh_fail(c, "funnel: %s needs a value", k);
    if (strcmp(k, "--steps") == 0) {
      if (!split_steps(c, o, v))
        return wh_fail(c, "funnel: --steps takes %d to %d event names separated by commas", LS_FUNNEL_MIN_STEPS, MAXS);
    } else if (strcmp(k, "--window") == 0 && ls_funnel_window_parse(v, &ms)) o->window = ms / 1000;
    else if (strcmp(k, "--order") == 0 && (ord = ls_funnel_order_parse(v)) >= 0 && ord != LS_FUNNEL_ANY)
      o->strict = ord == LS_FUNNEL_STRICT;
    else if (strcmp(k, "--from") == 0 && wh_is_day(v)) o->from = v;
    else if (strcmp(k, "--to") == 0 && wh_is_day(v)) o->to = v;
    else if (strcmp(k, "--order") == 0 || strcmp(k, "--exclude") == 0 || strcmp(k, "--by") == 0 ||
             strcmp(k, "--where") == 0)
      return wh_fail(c, "funnel: %s %s does not export to SQL (orders sequential and strict; no exclusion, %s)", k, v,
                     "breakdown or scope");
    else return wh_fail(c, "funnel: bad or unknown option %s %s", k, v);
  }
  if (!o->n) return wh_fail(c, "funnel: --steps is required");
  if (o->from && o->to && strcmp(o->from, o->to) > 0) return wh_fail(c, "funnel: --from is after --to");
  return 1;
}

/* a time column as whole seconds since the epoch */
static const char *epoch(wh_ctx *c, const char *x) {
  if (c->d == LS_WH_CLICKHOUSE) return wh_s(c, "toInt64(assumeNotNull(%s))", x); /* rows with a time */
  if (c->d == LS_WH_POSTGRES) return wh_s(c, "CAST(EXTRACT(EPOCH FROM %s) AS BIGINT)", x);
  return wh_s(c, "CAST(epoch(%s) AS BIGINT)", x);
}

/* the events read, one row each: u, t (seconds), ky (the lowest step named,
 * n for none) and b0..b{n-1} (1 when it names that step); sequential order
 * reads the step events alone, strict order every event */
static const char *events(wh_ctx *c, const fun_opts *o) {
  const char *ev = wh_col(c, EV, LS_ROLE_EVENT, NULL), *ts = wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL);
  ls_text cols = LS_TEXT_INIT, ky = LS_TEXT_INIT, in = LS_TEXT_INIT;
  /* ClickHouse: the rows kept have a name; not Nullable, the arrays' lambdas take it */
  const char *name = c->d == LS_WH_CLICKHOUSE ? wh_s(c, "assumeNotNull(%s)", ev) : ev;
  ls_text_puts(&ky, "CASE");
  for (int k = 0; k < o->n; k++) {
    const char *lit = wh_lit(c, o->step[k]);
    ls_text_printf(&cols, ", CASE WHEN %s = %s THEN 1 ELSE 0 END AS b%d", name, lit, k);
    ls_text_printf(&ky, " WHEN %s = %s THEN %d", name, lit, k);
    ls_text_printf(&in, "%s%s", k ? ", " : "", lit);
  }
  ls_text_printf(&ky, " ELSE %d END", o->n);
  const char *where = wh_s(c, "%s IS NOT NULL AND %s IS NOT NULL AND %s IS NOT NULL", wh_user(c, NULL), ev, ts);
  if (!o->strict) where = wh_s(c, "%s AND %s IN (%s)", where, ev, wh_keep(c, &in));
  else ls_free(in.s);
  if (o->from) where = wh_s(c, "%s AND %s >= %s", where, wh_local(c, ts), wh_e_midnight(c, wh_e_date(c, o->from)));
  if (o->to)
    where = wh_s(c, "%s AND %s < %s", where, wh_local(c, ts),
                 wh_e_midnight(c, wh_e_add(c, LS_GRAIN_DAY, wh_e_date(c, o->to), "1")));
  const char *kyx = wh_keep(c, &ky), *bs = wh_keep(c, &cols);
  return wh_s(c, "(SELECT %s AS u, %s AS t, %s AS ky%s FROM %s WHERE %s)", wh_user(c, NULL), epoch(c, ts), kyx, bs,
              wh_table(c, EV), where);
}

/* PostgreSQL and DuckDB: the steps' columns a{j}_{i} (step i's time of the
 * attempt an event valid at j holds; NULL: not valid), one window per step;
 * then per user f{j}_{i}, the first valid event's */
static const char *per_user_window(wh_ctx *c, const fun_opts *o) {
  const char *frame = o->strict ? "1 PRECEDING AND 1 PRECEDING" : "UNBOUNDED PRECEDING AND 1 PRECEDING";
  const char *w = wh_s(c, "OVER (PARTITION BY x.u ORDER BY x.t, x.ky ROWS BETWEEN %s)", frame);
  ls_text keep = LS_TEXT_INIT; /* the columns carried up */
  ls_text_puts(&keep, "x.u AS u, x.t AS t, x.ky AS ky");
  for (int k = 0; k < o->n; k++) ls_text_printf(&keep, ", x.b%d AS b%d", k, k);
  const char *q = wh_s(c, "(SELECT %s, CASE WHEN x.b0 = 1 THEN x.t END AS a0_0 FROM %s AS x)", keep.s, events(c, o));
  ls_text_puts(&keep, ", x.a0_0 AS a0_0");
  for (int j = 1; j < o->n; j++) {
    const char *ok = wh_s(c, "x.b%d = 1 AND x.t - max(x.a%d_0) %s <= %lld", j, j - 1, w, o->window);
    ls_text add = LS_TEXT_INIT;
    for (int i = 0; i < j; i++)
      ls_text_printf(&add, ", CASE WHEN %s THEN max(x.a%d_%d) %s END AS a%d_%d", ok, j - 1, i, w, j, i);
    ls_text_printf(&add, ", CASE WHEN %s THEN x.t END AS a%d_%d", ok, j, j);
    q = wh_s(c, "(SELECT %s%s FROM %s AS x)", keep.s, add.s, q);
    ls_free(add.s);
    for (int i = 0; i <= j; i++) ls_text_printf(&keep, ", x.a%d_%d AS a%d_%d", j, i, j, i);
  }
  ls_free(keep.s);
  ls_text f = LS_TEXT_INIT;
  for (int j = 0; j < o->n; j++)
    for (int i = 0; i <= j; i++) ls_text_printf(&f, ", min(x.a%d_%d) AS f%d_%d", j, i, j, i);
  const char *fs = wh_keep(c, &f);
  return wh_s(c, "(SELECT x.u AS u%s FROM %s AS x GROUP BY x.u)", fs, q);
}

/* ClickHouse: each user's events as sorted arrays (-1: not valid), the same
 * steps over array positions, one subquery per step (aliases inside one
 * SELECT are expanded in place: nesting them all would grow the query past
 * ClickHouse's limit) */
static const char *per_user_arrays(wh_ctx *c, const fun_opts *o) {
  ls_text t = LS_TEXT_INIT, keep = LS_TEXT_INIT;
  ls_text_puts(&t, "e.t, e.ky");
  for (int k = 0; k < o->n; k++) ls_text_printf(&t, ", e.b%d", k);
  const char *tuple = wh_keep(c, &t);
  ls_text_puts(&keep, "u, ts");
  for (int k = 0; k < o->n; k++) ls_text_printf(&keep, ", B%d", k);
  for (int k = 0; k < o->n; k++) ls_text_printf(&t, ", arrayMap(z -> z.%d, ev) AS B%d", k + 3, k);
  const char *q = wh_s(c,
                       "(SELECT %s, arrayMap((x, b) -> if(b = 1, x, -1), ts, B0) AS A0_0 FROM (SELECT u, "
                       "arrayMap(z -> z.1, ev) AS ts%s FROM (SELECT e.u AS u, arraySort(groupArray((%s))) AS ev "
                       "FROM %s AS e GROUP BY e.u)))",
                       keep.s, t.s, tuple, events(c, o));
  ls_free(t.s);
  t = (ls_text)LS_TEXT_INIT;
  ls_text_puts(&keep, ", A0_0");
  for (int j = 1; j < o->n; j++) {
    /* three layers, each reading the columns of the one below (ClickHouse
     * 18.16 mixes up the lambdas of aliases expanded into one another);
     * every lambda's parameters are named apart by the suffix _j_i */
    const char *pj = wh_s(c, "_%d", j), *ja = wh_s(c, "A%d_0", j - 1);
    for (int i = 0; i < j; i++) {
      const char *x = wh_s(c, "_%d_%d", j, i), *a = wh_s(c, "A%d_%d", j - 1, i);
      if (o->strict) /* the event right before */
        ls_text_printf(&t, ", arrayPushFront(arrayPopBack(%s), -1) AS R%s", a, x);
      else /* the last valid event before: the valid ones counted, then indexed */
        ls_text_printf(&t,
                       ", arrayMap((n%s, v%s) -> if(n%s > v%s, arrayFilter((a%s, z%s) -> z%s >= 0, %s, %s)[n%s - v%s], "
                       "-1), arrayCumSum(arrayMap(c%s -> toUInt64(c%s >= 0), %s)), "
                       "arrayMap(w%s -> toUInt64(w%s >= 0), %s)) AS R%s",
                       x, x, x, x, x, x, x, a, ja, x, x, x, x, ja, x, x, ja, x);
    }
    q = wh_s(c, "(SELECT %s%s FROM %s)", keep.s, t.s, q);
    ls_free(t.s);
    t = (ls_text)LS_TEXT_INIT;
    for (int i = 0; i < j; i++) ls_text_printf(&t, ", R_%d_%d", j, i);
    q = wh_s(c,
             "(SELECT %s%s, arrayMap((x%s, b%s, r%s) -> b%s = 1 AND r%s >= 0 AND x%s - r%s <= %lld, ts, B%d, "
             "R_%d_0) AS X%d FROM %s)",
             keep.s, t.s, pj, pj, pj, pj, pj, pj, pj, o->window, j, j, j, q);
    ls_free(t.s);
    t = (ls_text)LS_TEXT_INIT;
    for (int i = 0; i < j; i++) {
      const char *x = wh_s(c, "_%d_%d", j, i);
      ls_text_printf(&t, ", arrayMap((p%s, r%s) -> if(p%s, r%s, -1), X%d, R%s) AS A%d_%d", x, x, x, x, j, x, j, i);
    }
    ls_text_printf(&t, ", arrayMap((p%s, y%s) -> if(p%s, y%s, -1), X%d, ts) AS A%d_%d", pj, pj, pj, pj, j, j, j);
    q = wh_s(c, "(SELECT %s%s FROM %s)", keep.s, t.s, q);
    ls_free(t.s);
    t = (ls_text)LS_TEXT_INIT;
    for (int i = 0; i <= j; i++) ls_text_printf(&keep, ", A%d_%d", j, i);
  }
  ls_free(keep.s);
  ls_text_puts(&t, "u");
  for (int j = 0; j < o->n; j++)
    for (int i = 0; i <= j; i++) {
      const char *x = wh_s(c, "_%d_%d", j, i);
      ls_text_printf(&t,
                     ", if(arrayExists(e%s -> e%s >= 0, A%d_0), arrayFilter((g%s, h%s) -> h%s >= 0, A%d_%d, A%d_0)[1], "
                     "NULL) AS f%d_%d",
                     x, x, j, x, x, x, j, i, j, j, i);
    }
  const char *fs = wh_keep(c, &t);
  return wh_s(c, "(SELECT %s FROM %s)", fs, q);
}

static int funnel(wh_ctx *c) {
  fun_opts o;
  if (!parse(c, &o)) return 0;
  int n = o.n;
  const char *pu = c->d == LS_WH_CLICKHOUSE ? per_user_arrays(c, &o) : per_user_window(c, &o);
  /* the furthest step K, then the best attempt's step-to-step seconds d{k} */
  ls_text t = LS_TEXT_INIT;
  ls_text_puts(&t, "CASE");
  for (int j = n - 1; j >= 0; j--) ls_text_printf(&t, " WHEN p.f%d_0 IS NOT NULL THEN %d", j, j);
  ls_text_puts(&t, " END");
  const char *kx = wh_keep(c, &t);
  ls_text fs = LS_TEXT_INIT;
  for (int j = 0; j < n; j++)
    for (int i = 0; i <= j; i++) ls_text_printf(&fs, ", p.f%d_%d AS f%d_%d", j, i, j, i);
  const char *reach = wh_s(c, "(SELECT %s AS kk%s FROM %s AS p)", kx, fs.s ? fs.s : "", pu);
  ls_free(fs.s);
  for (int k = 1; k < n; k++) {
    ls_text_printf(&t, ", CASE");
    for (int j = k; j < n; j++) ls_text_printf(&t, " WHEN x.kk = %d THEN x.f%d_%d - x.f%d_%d", j, j, k, j, k - 1);
    ls_text_printf(&t, " END AS d%d", k);
  }
  const char *ds = wh_keep(c, &t);
  const char *best = wh_s(c, "(SELECT x.kk AS kk%s FROM %s AS x WHERE x.kk IS NOT NULL)", ds, reach);
  /* one row of every step's users, median and mean */
  ls_text_puts(&t, "count(*) AS u0");
  for (int k = 1; k < n; k++) {
    const char *d = wh_e_double(c, wh_s(c, "y.d%d", k));
    ls_text_printf(&t, ", sum(CASE WHEN y.kk >= %d THEN 1 ELSE 0 END) AS u%d, %s AS md%d, avg(%s) AS mn%d", k, k,
                   wh_e_quantile(c, 0.5, d), k, d, k);
  }
  const char *aggs = wh_keep(c, &t);
  /* the step rows */
  ls_text ev = LS_TEXT_INIT, us = LS_TEXT_INIT, prev = LS_TEXT_INIT, md = LS_TEXT_INIT, mn = LS_TEXT_INIT;
  ls_text_puts(&ev, "CASE");
  ls_text_puts(&us, "CASE");
  ls_text_puts(&prev, "CASE WHEN st.k = 0 THEN a.u0");
  ls_text_puts(&md, "CASE");
  ls_text_puts(&mn, "CASE");
  for (int k = 0; k < n; k++) {
    ls_text_printf(&ev, " WHEN st.k = %d THEN %s", k, wh_lit(c, o.step[k]));
    ls_text_printf(&us, " WHEN st.k = %d THEN a.u%d", k, k);
    if (!k) continue;
    ls_text_printf(&prev, " WHEN st.k = %d THEN a.u%d", k, k - 1);
    ls_text_printf(&md, " WHEN st.k = %d THEN a.md%d", k, k);
    ls_text_printf(&mn, " WHEN st.k = %d THEN a.mn%d", k, k);
  }
  ls_text *all[] = {&ev, &us, &prev, &md, &mn};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) ls_text_puts(all[i], " END");
  const char *evx = wh_keep(c, &ev), *usx = wh_keep(c, &us), *prevx = wh_keep(c, &prev), *mdx = wh_keep(c, &md),
             *mnx = wh_keep(c, &mn);
  ls_text_printf(c->b,
                 "SELECT st.k + 1 AS step, %s AS event, %s AS users, %s AS from_start, %s AS from_previous, %s AS "
                 "median_seconds, %s AS mean_seconds\nFROM %s AS st\nCROSS JOIN (SELECT %s FROM %s AS y) AS a\n"
                 "ORDER BY step",
                 evx, usx, wh_e_div(c, usx, "a.u0"), wh_e_div(c, usx, prevx), mdx, mnx, wh_e_series(c, n, "k"), aggs,
                 best);
  return 1;
}

/* ---- API ---- */

const struct wh_builder WH_FUNNEL[] = {{"funnel", 1u << LS_KIND_EVENTS, funnel}};
const size_t WH_FUNNEL_COUNT = sizeof WH_FUNNEL / sizeof WH_FUNNEL[0];

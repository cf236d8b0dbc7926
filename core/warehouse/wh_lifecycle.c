/* wh_lifecycle.c: PostHog's lifecycle of an events table as SQL
 * (warehouse/whbuild.h): the catalog's lifecycle_new, lifecycle_returning,
 * lifecycle_resurrecting and lifecycle_dormant (negative), and the analysis
 * "lifecycle" (`lodestar lifecycle --period P`: period, new, returning,
 * resurrecting, dormant positive). docs/metrics.md "Lifecycle" defines them;
 * docs/warehouse.md says how the SQL reads them.
 *
 * The distinct (user, period) pairs of activity, each once as "active in P"
 * and once as "active in the period before P+1", grouped per (user, period)
 * give both flags of every user and period with no window function and no
 * self-join; one join to each user's first period tells new from
 * resurrecting. */
#include <string.h>

#include "warehouse/whbuild.h"

#define EV LS_KIND_EVENTS

/* ---- private ---- */

/* the distinct (user, period of grain g) pairs of activity: rows with a user
 * (or anonymous id) and a time, a subquery with columns u and p */
static const char *pairs(wh_ctx *c, ls_grain g) {
  const char *ts = wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL);
  return wh_s(c, "(SELECT DISTINCT %s AS u, %s AS p FROM %s WHERE %s IS NOT NULL AND %s IS NOT NULL)",
              wh_user(c, NULL), wh_e_trunc(c, g, wh_local(c, ts)), wh_table(c, EV), wh_user(c, NULL), ts);
}

/* per period of grain g, a subquery with columns vp (the period's first day)
 * and nw, rt, rs, dm: the users new, returning, resurrecting and gone
 * dormant in it (dormant positive); periods where all are 0 may be missing */
static const char *states(wh_ctx *c, ls_grain g) {
  /* cur: active in p; prv: active in the period before p */
  const char *marks = wh_s(c,
                           "(SELECT a.u AS u, a.p AS p, 1 AS cur, 0 AS prv FROM %s AS a UNION ALL "
                           "SELECT b.u AS u, %s AS p, 0 AS cur, 1 AS prv FROM %s AS b)",
                           pairs(c, g), wh_e_add(c, g, "b.p", "1"), pairs(c, g));
  const char *flags =
      wh_s(c, "(SELECT m.u AS u, m.p AS p, max(m.cur) AS cur, max(m.prv) AS prv FROM %s AS m GROUP BY m.u, m.p)", marks);
  const char *firsts = wh_s(c, "(SELECT f.u AS u, min(f.p) AS fp FROM %s AS f GROUP BY f.u)", pairs(c, g));
  return wh_s(c,
              "(SELECT s.p AS vp, "
              "sum(CASE WHEN s.cur = 1 AND s.p = fs.fp THEN 1 ELSE 0 END) AS nw, "
              "sum(CASE WHEN s.cur = 1 AND s.prv = 1 THEN 1 ELSE 0 END) AS rt, "
              "sum(CASE WHEN s.cur = 1 AND s.prv = 0 AND s.p <> fs.fp THEN 1 ELSE 0 END) AS rs, "
              "sum(CASE WHEN s.cur = 0 THEN 1 ELSE 0 END) AS dm "
              "FROM %s AS s %s %s AS fs ON s.u = fs.u GROUP BY s.p)",
              flags, wh_join(c->d, 0), firsts);
}

/* one state's count per period of the build's grain, negated when neg */
static int state(wh_ctx *c, const char *col, int neg) {
  wh_per_period(c, EV,
                wh_s(c, "(SELECT lc.vp AS vp, %slc.%s AS value FROM %s AS lc)", neg ? "-" : "", col,
                     states(c, c->grain)),
                "0");
  return 1;
}

static int life_new(wh_ctx *c) { return state(c, "nw", 0); }
static int life_returning(wh_ctx *c) { return state(c, "rt", 0); }
static int life_resurrecting(wh_ctx *c) { return state(c, "rs", 0); }
static int life_dormant(wh_ctx *c) { return state(c, "dm", 1); }

/* `lodestar lifecycle [--period day|week|month]`: the four counts per
 * period of the complete periods of activity, dormant positive */
static int lifecycle(wh_ctx *c) {
  ls_grain g = LS_GRAIN_WEEK;
  for (int i = 0; i < c->r->argc; i += 2) {
    const char *o = c->r->argv[i], *v = i + 1 < c->r->argc ? c->r->argv[i + 1] : NULL;
    if (strcmp(o, "--period") != 0)
      return wh_fail(c, "lifecycle: %s does not export (the query takes --period only and covers every complete period)",
                     o);
    if (!v || !ls_grain_parse(v)) return wh_fail(c, "lifecycle: --period is day, week or month, not %s", v ? v : "(none)");
    g = ls_grain_parse(v);
  }
  c->grain = g;
  static const char *const COLS[] = {"nw", "new", "rt", "returning", "rs", "resurrecting", "dm", "dormant"};
  ls_text_printf(c->b, "SELECT %s AS period", wh_e_label(c, g, "cal.p"));
  for (size_t i = 0; i < sizeof COLS / sizeof COLS[0]; i += 2)
    ls_text_printf(c->b, ", COALESCE(v.%s, 0) AS %s", COLS[i], wh_name(c, COLS[i + 1]));
  ls_text_printf(c->b, "\nFROM %s AS cal\n%s %s AS v ON cal.p = v.vp\nORDER BY cal.p", wh_calendar(c, EV, g),
                 wh_join(c->d, 1), states(c, g));
  return 1;
}

/* ---- API ---- */

const struct wh_builder WH_LIFECYCLE[] = {
    {"lifecycle_new", 0, life_new},
    {"lifecycle_returning", 0, life_returning},
    {"lifecycle_resurrecting", 0, life_resurrecting},
    {"lifecycle_dormant", 0, life_dormant},
    {"lifecycle", 1u << LS_KIND_EVENTS, lifecycle},
};
const size_t WH_LIFECYCLE_COUNT = sizeof WH_LIFECYCLE / sizeof WH_LIFECYCLE[0];

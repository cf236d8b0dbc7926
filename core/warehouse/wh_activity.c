/* wh_activity.c: the activity and property-math metrics of an events table
 * as SQL (warehouse/whbuild.h): dau, wau, mau, active_users, new_users,
 * stickiness, count, sum, mean, min, max, the percentiles, qps_mean and
 * qps_peak. docs/metrics.md defines each; docs/warehouse.md says how the
 * SQL reads them. */
#include <string.h>

#include "warehouse/whbuild.h"

#define EV LS_KIND_EVENTS

/* ---- private ---- */

/* the local time of an events row */
static const char *ev_time(wh_ctx *c, const char *alias) {
  return wh_local(c, wh_col(c, EV, LS_ROLE_TIMESTAMP, alias));
}

/* the rows a metric reads: a valid user and time, and the request's event */
static const char *ev_where(wh_ctx *c) {
  return wh_s(c, "%s IS NOT NULL AND %s IS NOT NULL AND %s", wh_user(c, NULL), wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL),
              wh_event_filter(c, NULL));
}

/* distinct users per period of the build's grain */
static int active(wh_ctx *c) {
  const char *vp = wh_e_trunc(c, c->grain, ev_time(c, NULL));
  wh_per_period(c, EV,
                wh_s(c, "(SELECT %s AS vp, %s AS value FROM %s WHERE %s GROUP BY %s)", vp,
                     wh_e_distinct(c, wh_user(c, NULL)), wh_table(c, EV), ev_where(c), vp),
                "0");
  return 1;
}

/* users whose first event falls in the period */
static int new_users(wh_ctx *c) {
  const char *first = wh_s(c, "(SELECT %s AS u, min(%s) AS t FROM %s WHERE %s GROUP BY %s)", wh_user(c, NULL),
                           wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL), wh_table(c, EV), ev_where(c), wh_user(c, NULL));
  const char *vp = wh_e_trunc(c, c->grain, wh_local(c, "f.t"));
  wh_per_period(c, EV, wh_s(c, "(SELECT %s AS vp, count(*) AS value FROM %s AS f GROUP BY %s)", vp, first, vp), "0");
  return 1;
}

/* the distinct (user, day) pairs, a subquery with columns u and d */
static const char *user_days(wh_ctx *c) {
  const char *d = wh_e_day(c, ev_time(c, NULL));
  return wh_s(c, "(SELECT DISTINCT %s AS u, %s AS d FROM %s WHERE %s)", wh_user(c, NULL), d, wh_table(c, EV),
              ev_where(c));
}

/* distinct users active in the `days` days ending on each day, a subquery
 * with columns vp and value */
static const char *rolling(wh_ctx *c, long days) {
  const char *to = wh_e_add(c, LS_GRAIN_DAY, "ud.d", "w.k");
  return wh_s(c, "(SELECT %s AS vp, %s AS value FROM %s AS ud CROSS JOIN %s AS w GROUP BY %s)", to,
              wh_e_distinct(c, "ud.u"), user_days(c), wh_e_series(c, days, "k"), to);
}

static int dau(wh_ctx *c) { return active(c); }

static int wau(wh_ctx *c) {
  wh_per_period(c, EV, rolling(c, 7), "0");
  return 1;
}

static int mau(wh_ctx *c) {
  wh_per_period(c, EV, rolling(c, 30), "0");
  return 1;
}

/* the mean over each period's days of DAU / MAU, days whose MAU is 0 left out */
static int stickiness(wh_ctx *c) {
  const char *d = wh_e_day(c, ev_time(c, NULL));
  const char *dau = wh_s(c, "(SELECT %s AS dd, %s AS n FROM %s WHERE %s GROUP BY %s)", d,
                         wh_e_distinct(c, wh_user(c, NULL)), wh_table(c, EV), ev_where(c), d);
  const char *ratio = wh_e_div(c, "COALESCE(a.n, 0)", "x.mau");
  /* one join per SELECT: ClickHouse 18.16 takes no more */
  const char *with_mau = wh_s(c, "(SELECT dc.p AS p, m.value AS mau FROM %s AS dc %s %s AS m ON dc.p = m.vp)",
                              wh_calendar(c, EV, LS_GRAIN_DAY), wh_join(c->d, 0), rolling(c, 30));
  const char *days = wh_s(c, "(SELECT x.p AS day, %s AS r FROM %s AS x %s %s AS a ON x.p = a.dd WHERE x.mau > 0)",
                          ratio, with_mau, wh_join(c->d, 1), dau);
  const char *vp = wh_e_trunc(c, c->grain, wh_e_midnight(c, "ds.day"));
  wh_per_period(c, EV, wh_s(c, "(SELECT %s AS vp, avg(ds.r) AS value FROM %s AS ds GROUP BY %s)", vp, days, vp),
                "NULL");
  return 1;
}

/* one aggregate of the property (or count(*)) per period */
static int per_period_agg(wh_ctx *c, const char *agg, const char *missing) {
  const char *vp = wh_e_trunc(c, c->grain, ev_time(c, NULL));
  const char *where = wh_s(c, "%s IS NOT NULL AND %s", wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL), wh_event_filter(c, NULL));
  wh_per_period(c, EV, wh_s(c, "(SELECT %s AS vp, %s AS value FROM %s WHERE %s GROUP BY %s)", vp, agg,
                            wh_table(c, EV), where, vp),
                missing);
  return 1;
}

static int count(wh_ctx *c) {
  return per_period_agg(c, c->r->property ? wh_s(c, "count(%s)", wh_property(c, NULL)) : "count(*)", "0");
}
static int sum(wh_ctx *c) { return per_period_agg(c, wh_s(c, "sum(%s)", wh_e_double(c, wh_property(c, NULL))), "0"); }
static int mean(wh_ctx *c) { return per_period_agg(c, wh_s(c, "avg(%s)", wh_e_double(c, wh_property(c, NULL))), "NULL"); }
static int min(wh_ctx *c) { return per_period_agg(c, wh_s(c, "min(%s)", wh_e_double(c, wh_property(c, NULL))), "NULL"); }
static int max(wh_ctx *c) { return per_period_agg(c, wh_s(c, "max(%s)", wh_e_double(c, wh_property(c, NULL))), "NULL"); }
static int quantile(wh_ctx *c, double p) { return per_period_agg(c, wh_e_quantile(c, p, wh_property(c, NULL)), "NULL"); }
static int p50(wh_ctx *c) { return quantile(c, 0.5); }
static int p90(wh_ctx *c) { return quantile(c, 0.9); }
static int p95(wh_ctx *c) { return quantile(c, 0.95); }
static int p99(wh_ctx *c) { return quantile(c, 0.99); }

/* events in the period / its length in seconds (wall-clock days) */
static int qps_mean(wh_ctx *c) {
  const char *vp = wh_e_trunc(c, c->grain, ev_time(c, NULL));
  const char *where = wh_s(c, "%s IS NOT NULL AND %s", wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL), wh_event_filter(c, NULL));
  const char *secs =
      wh_e_seconds(c, wh_utc(c, wh_e_midnight(c, "cal.p")), wh_utc(c, wh_e_midnight(c, "cal.e")));
  ls_text_printf(c->b,
                 "SELECT %s AS period, %s AS value\nFROM %s AS cal\n%s (SELECT %s AS vp, count(*) AS n FROM %s WHERE %s "
                 "GROUP BY %s) AS v ON cal.p = v.vp\nORDER BY cal.p",
                 wh_e_label(c, c->grain, "cal.p"), wh_e_div(c, "COALESCE(v.n, 0)", secs),
                 wh_calendar(c, EV, c->grain), wh_join(c->d, 1), vp, wh_table(c, EV), where, vp);
  return 1;
}

/* the most events in one whole second of the period */
static int qps_peak(wh_ctx *c) {
  const char *ts = wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL);
  const char *sec = c->d == LS_WH_CLICKHOUSE ? ts : wh_s(c, "date_trunc('second', %s)", ts);
  const char *where = wh_s(c, "%s IS NOT NULL AND %s", ts, wh_event_filter(c, NULL));
  const char *vp = wh_e_trunc(c, c->grain, wh_local(c, "s.sec"));
  const char *secs = wh_s(c, "(SELECT %s AS sec, count(*) AS n FROM %s WHERE %s GROUP BY %s)", sec, wh_table(c, EV),
                          where, sec);
  wh_per_period(c, EV, wh_s(c, "(SELECT %s AS vp, max(s.n) AS value FROM %s AS s GROUP BY %s)", vp, secs, vp), "0");
  return 1;
}

/* ---- API ---- */

const struct wh_builder WH_ACTIVITY[] = {
    {"dau", 0, dau},         {"wau", 0, wau},   {"mau", 0, mau},   {"new_users", 0, new_users},
    {"active_users", 0, active}, {"stickiness", 0, stickiness}, {"count", 0, count}, {"sum", 0, sum},
    {"mean", 0, mean},       {"min", 0, min},   {"max", 0, max},   {"p50", 0, p50},
    {"p90", 0, p90},         {"p95", 0, p95},   {"p99", 0, p99},   {"qps_peak", 0, qps_peak},
    {"qps_mean", 0, qps_mean},
};
const size_t WH_ACTIVITY_COUNT = sizeof WH_ACTIVITY / sizeof WH_ACTIVITY[0];

/* wh_sessions.c: the session metrics of an events table as SQL
 * (warehouse/whbuild.h): sessions, session_duration,
 * session_duration_median and sessions_per_user. docs/metrics.md "Sessions"
 * defines them; docs/warehouse.md says how the SQL reads them.
 *
 * A session ends after more than the default session_gap_minutes (30)
 * without an event of its user; the gap is measured on UTC instants, a
 * session belongs to the local period of its first event and lasts from its
 * first event to its last. ClickHouse 18.16 has no window functions: there
 * each user's times are sorted into an array and cut where the gap exceeds
 * the limit; PostgreSQL and DuckDB number the sessions with LAG and a running
 * SUM. Both give each session's start and duration. */
#include "metrics/sessions.h"
#include "warehouse/whbuild.h"

#define EV LS_KIND_EVENTS
/* the gap in seconds (the setting's default: the mapping has no settings) */
#define GAP_SECONDS (LS_SESSION_GAP_DEFAULT_MINUTES * 60)

/* ---- private ---- */

/* the rows sessions are cut from: a user (or anonymous id), an event name
 * and a time, as the events index keeps them */
static const char *ses_where(wh_ctx *c) {
  return wh_s(c, "%s IS NOT NULL AND %s IS NOT NULL AND %s IS NOT NULL", wh_user(c, NULL),
              wh_col(c, EV, LS_ROLE_EVENT, NULL), wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL));
}

/* ClickHouse: per user, the sorted times ts; si, the indexes (1-based) of
 * the events starting a session (the first, or more than the gap after the
 * one before); ei, the index of each session's last event (the one before
 * the next start, or the user's last) */
static const char *sessions_ch(wh_ctx *c) {
  const char *ts = wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL);
  const char *user = wh_s(c, "(SELECT arraySort(groupArray(assumeNotNull(%s))) AS ts FROM %s WHERE %s GROUP BY %s)",
                          ts, wh_table(c, EV), ses_where(c), wh_user(c, NULL));
  const char *cut = wh_s(c,
                         "(SELECT us.ts AS ts, "
                         "arrayFilter(i -> i = 1 OR toInt64(ts[i]) - toInt64(ts[i - 1]) > %d, arrayEnumerate(ts)) AS si, "
                         "arrayMap(k -> if(k = length(si), length(ts), toUInt64(si[k + 1] - 1)), arrayEnumerate(si)) AS ei "
                         "FROM %s AS us)",
                         GAP_SECONDS, user);
  return wh_s(c, "(SELECT ts[i] AS s, toInt64(ts[j]) - toInt64(ts[i]) AS dur FROM %s AS uc ARRAY JOIN si AS i, ei AS j)",
              cut);
}

/* PostgreSQL, DuckDB: st = 1 on an event starting a session (no event of
 * its user before, or the one before more than the gap earlier); the running
 * sum of st over the user's events in time order (ties as one peer group,
 * so events at one instant share a number) numbers the sessions */
static const char *sessions_window(wh_ctx *c) {
  const char *rows = wh_s(c, "(SELECT %s AS u, %s AS t FROM %s WHERE %s)", wh_user(c, NULL),
                          wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL), wh_table(c, EV), ses_where(c));
  const char *prev = "LAG(e.t) OVER (PARTITION BY e.u ORDER BY e.t)";
  const char *starts = wh_s(c, "(SELECT e.u AS u, e.t AS t, CASE WHEN %s <= %d THEN 0 ELSE 1 END AS st FROM %s AS e)",
                            wh_e_seconds(c, prev, "e.t"), GAP_SECONDS, rows);
  const char *numbered =
      wh_s(c, "(SELECT g.u AS u, g.t AS t, SUM(g.st) OVER (PARTITION BY g.u ORDER BY g.t) AS sid FROM %s AS g)", starts);
  return wh_s(c, "(SELECT min(h.t) AS s, %s AS dur FROM %s AS h GROUP BY h.u, h.sid)",
              wh_e_seconds(c, "min(h.t)", "max(h.t)"), numbered);
}

/* every session: a subquery with columns s (its first event's time, UTC)
 * and dur (seconds to its last event) */
static const char *sessions_of(wh_ctx *c) { return c->d == LS_WH_CLICKHOUSE ? sessions_ch(c) : sessions_window(c); }

/* one aggregate of the sessions starting in each period */
static int per_period(wh_ctx *c, const char *agg, const char *missing) {
  const char *vp = wh_e_trunc(c, c->grain, wh_local(c, "ss.s"));
  wh_per_period(c, EV, wh_s(c, "(SELECT %s AS vp, %s AS value FROM %s AS ss GROUP BY %s)", vp, agg, sessions_of(c), vp),
                missing);
  return 1;
}

static int sessions(wh_ctx *c) { return per_period(c, "count(*)", "0"); }
static int duration(wh_ctx *c) { return per_period(c, wh_s(c, "avg(%s)", wh_e_double(c, "ss.dur")), "NULL"); }
static int median(wh_ctx *c) { return per_period(c, wh_e_quantile(c, 0.5, "ss.dur"), "NULL"); }

/* sessions / the period's active users (any event with a user and a time);
 * periods without active users are missing, so NULL */
static int per_user(wh_ctx *c) {
  const char *ts = wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL);
  const char *ap = wh_e_trunc(c, c->grain, wh_local(c, ts));
  const char *active = wh_s(c, "(SELECT %s AS vp, %s AS n FROM %s WHERE %s IS NOT NULL AND %s IS NOT NULL GROUP BY %s)",
                            ap, wh_e_distinct(c, wh_user(c, NULL)), wh_table(c, EV), wh_user(c, NULL), ts, ap);
  const char *sp = wh_e_trunc(c, c->grain, wh_local(c, "ss.s"));
  const char *count = wh_s(c, "(SELECT %s AS vp, count(*) AS n FROM %s AS ss GROUP BY %s)", sp, sessions_of(c), sp);
  wh_per_period(c, EV,
                wh_s(c, "(SELECT au.vp AS vp, %s AS value FROM %s AS au %s %s AS sc ON au.vp = sc.vp)",
                     wh_e_div(c, "COALESCE(sc.n, 0)", "au.n"), active, wh_join(c->d, 1), count),
                "NULL");
  return 1;
}

/* ---- API ---- */

const struct wh_builder WH_SESSIONS[] = {
    {"sessions", 0, sessions},
    {"session_duration", 0, duration},
    {"session_duration_median", 0, median},
    {"sessions_per_user", 0, per_user},
};
const size_t WH_SESSIONS_COUNT = sizeof WH_SESSIONS / sizeof WH_SESSIONS[0];

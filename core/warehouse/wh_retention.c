/* wh_retention.c: the retention matrix (`lodestar retention`, docs/metrics.md
 * "Retention") as SQL (warehouse/whbuild.h): cohort,size,0,1,...,N-1 with a
 * fixed N (--periods, default a year of periods), calendar and rolling_24h
 * buckets (rolling: fixed-offset zones), types
 * first_time and recurring, modes on and on_or_after, start and return
 * events, --from/--to. docs/warehouse.md says how the SQL reads it. */
#include <stdlib.h>
#include <string.h>

#include "metrics/retention.h"
#include "warehouse/whbuild.h"

#define EV LS_KIND_EVENTS
#define MAX_COLUMNS 1000

typedef struct {
  ls_grain period;
  int type, mode, rolling;
  const char *start_event, *return_event;
  const char *from, *to; /* days, "YYYY-MM-DD", or NULL */
  long ncols;            /* the offset columns 0..ncols-1 */
} ret_opts;

/* ---- private ---- */

/* the columns of a year of periods of grain g */
static long year_of(ls_grain g) { return g == LS_GRAIN_MONTH ? 12 : g == LS_GRAIN_WEEK ? 52 : 365; }

/* the retention command's options (sql-export passes them as pairs) into o */
static int parse(wh_ctx *c, ret_opts *o) {
  memset(o, 0, sizeof *o);
  const ls_wh_request *r = c->r;
  for (int i = 0; i < r->argc; i += 2) {
    const char *k = r->argv[i], *v = i + 1 < r->argc ? r->argv[i + 1] : NULL;
    char *end;
    if (!v) return wh_fail(c, "retention: %s needs a value", k);
    if (strcmp(k, "--period") == 0 && ls_grain_parse(v)) o->period = ls_grain_parse(v);
    else if (strcmp(k, "--type") == 0 && ls_retention_type_parse(v) >= 0) o->type = ls_retention_type_parse(v);
    else if (strcmp(k, "--mode") == 0 && ls_retention_mode_parse(v) >= 0) o->mode = ls_retention_mode_parse(v);
    else if (strcmp(k, "--buckets") == 0 && ls_retention_buckets_parse(v) >= 0)
      o->rolling = ls_retention_buckets_parse(v) == LS_RETENTION_ROLLING_24H;
    else if (strcmp(k, "--start-event") == 0 && *v) o->start_event = v;
    else if (strcmp(k, "--return-event") == 0 && *v) o->return_event = v;
    else if (strcmp(k, "--from") == 0 && wh_is_day(v)) o->from = v;
    else if (strcmp(k, "--to") == 0 && wh_is_day(v)) o->to = v;
    else if (strcmp(k, "--periods") == 0 && (o->ncols = strtol(v, &end, 10)) >= 1 && o->ncols <= MAX_COLUMNS && !*end)
      continue;
    else if (strcmp(k, "--buckets") == 0 || strcmp(k, "--by") == 0 || strcmp(k, "--where") == 0)
      return wh_fail(c, "retention: %s %s does not export to SQL (no breakdown or scope)", k, v);
    else return wh_fail(c, "retention: bad or unknown option %s %s", k, v);
  }
  if (!o->period) return wh_fail(c, "retention: --period day|week|month is required");
  if (o->from && o->to && strcmp(o->from, o->to) > 0) return wh_fail(c, "retention: --from is after --to");
  if (!o->ncols) o->ncols = year_of(o->period);
  /* rolling buckets measure instants: the wall clock the SQL reads is off
   * by the DST shift in a zone that has one */
  if (o->rolling && (c->tz < -LS_TZ_MAX_OFFSET || c->tz > LS_TZ_MAX_OFFSET))
    return wh_fail(c, "retention: --buckets rolling_24h exports for fixed-offset zones only (UTC, +08:00, ...)");
  return 1;
}

/* the rows of the events index (a user, an event name and a time) named
 * name (NULL: any), matched exactly */
static const char *ev_where(wh_ctx *c, const char *name) {
  const char *ev = wh_col(c, EV, LS_ROLE_EVENT, NULL);
  const char *w = wh_s(c, "%s IS NOT NULL AND %s IS NOT NULL AND %s IS NOT NULL", wh_user(c, NULL), ev,
                       wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL));
  return name ? wh_s(c, "%s AND %s = %s", w, ev, wh_lit(c, name)) : w;
}

/* the period (its first day) of an events row */
static const char *ev_period(wh_ctx *c, ls_grain g) {
  return wh_e_trunc(c, g, wh_local(c, wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL)));
}

/* the memberships, columns mu (user), cp (cohort period) and an (the anchor,
 * its first start event): first_time, the period of the user's first start
 * event; recurring, each period holding one */
static const char *memberships(wh_ctx *c, const ret_opts *o) {
  const char *u = wh_user(c, NULL), *where = ev_where(c, o->start_event), *ts = wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL);
  if (o->type == LS_RETENTION_RECURRING)
    return wh_s(c, "(SELECT %s AS mu, %s AS cp, min(%s) AS an FROM %s WHERE %s GROUP BY %s, %s)", u,
                ev_period(c, o->period), ts, wh_table(c, EV), where, u, ev_period(c, o->period));
  const char *first = wh_e_trunc(c, o->period, wh_s(c, "min(%s)", wh_local(c, ts)));
  return wh_s(c, "(SELECT %s AS mu, %s AS cp, min(%s) AS an FROM %s WHERE %s GROUP BY %s)", u, first, ts,
              wh_table(c, EV), where, u);
}

/* the return rows r (column ru) joined to the memberships on the user: n (an
 * aggregate) per cohort and offset k, columns cp, k, n */
static const char *per_offset(wh_ctx *c, const ret_opts *o, const char *k, const char *n, const char *r,
                              const char *where) {
  return wh_s(c, "(SELECT m.cp AS cp, %s AS k, %s AS n FROM %s AS r %s %s AS m ON r.ru = m.mu%s GROUP BY m.cp, %s)", k,
              n, r, wh_join(c->d, 0), memberships(c, o), where, k);
}

/* the rolling length L of a bucket, seconds */
static long bucket_len(ls_grain g) { return (g == LS_GRAIN_DAY ? 1 : g == LS_GRAIN_WEEK ? 7 : 30) * 86400L; }

/* whole rolling buckets in the seconds from timestamp a to timestamp b (b >= a) */
static const char *buckets(wh_ctx *c, ls_grain g, const char *a, const char *b) {
  const char *sec = wh_e_seconds(c, a, b);
  if (c->d == LS_WH_CLICKHOUSE) return wh_s(c, "intDiv(%s, %ld)", sec, bucket_len(g));
  return wh_s(c, "CAST(%s AS BIGINT) %s %ld", sec, c->d == LS_WH_DUCKDB ? "//" : "/", bucket_len(g));
}

/* rolling_24h: the bucket k = floor((t - anchor) / L) of each return event
 * at or after the anchor and before E (mode on), or of the last one (mode
 * on_or_after; 0 when it lies before the anchor), counted per cohort */
static const char *rolling_offsets(wh_ctx *c, const ret_opts *o, const char *end) {
  const char *u = wh_user(c, NULL), *ts = wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL);
  const char *where = wh_s(c, "%s AND %s < %s", ev_where(c, o->return_event), wh_local(c, ts), wh_e_midnight(c, end));
  const char *k = buckets(c, o->period, "m.an", "r.rt");
  if (o->mode == LS_RETENTION_ON_OR_AFTER) {
    k = wh_s(c, "CASE WHEN r.rt >= m.an THEN %s ELSE 0 END", k);
    const char *last = wh_s(c, "(SELECT %s AS ru, max(%s) AS rt FROM %s WHERE %s GROUP BY %s)", u, ts, wh_table(c, EV),
                            where, u);
    return per_offset(c, o, k, "count(*)", last, "");
  }
  const char *ret = wh_s(c, "(SELECT %s AS ru, %s AS rt FROM %s WHERE %s)", u, ts, wh_table(c, EV), where);
  return per_offset(c, o, k, wh_e_distinct(c, "r.ru"), ret, " WHERE r.rt >= m.an");
}

/* per membership, the offsets k of its return periods (mode on: each period
 * with a return event; on_or_after: the last one before the end E), counted
 * per cohort: columns cp, k, n */
static const char *offsets(wh_ctx *c, const ret_opts *o, const char *end) {
  if (o->rolling) return rolling_offsets(c, o, end);
  const char *u = wh_user(c, NULL), *where = ev_where(c, o->return_event), *rp = ev_period(c, o->period);
  const char *k = wh_s(c, "%s - %s", wh_e_pnum(c, o->period, "r.rp"), wh_e_pnum(c, o->period, "m.cp"));
  if (o->mode == LS_RETENTION_ON_OR_AFTER) {
    const char *last = wh_s(c, "(SELECT %s AS ru, max(%s) AS rp FROM %s WHERE %s AND %s < %s GROUP BY %s)", u, rp,
                            wh_table(c, EV), where, rp, end, u);
    return per_offset(c, o, k, "count(*)", last, "");
  }
  /* the return events as they are, not made distinct first: PostgreSQL then
   * estimates the join from the user column's statistics (a distinct
   * subquery's misestimate costs it half a minute of JIT compiling) */
  const char *ret = wh_s(c, "(SELECT %s AS ru, %s AS rp FROM %s WHERE %s)", u, rp, wh_table(c, EV), where);
  return per_offset(c, o, k, wh_e_distinct(c, "r.ru"), ret, "");
}

static int retention(wh_ctx *c) {
  ret_opts o;
  if (!parse(c, &o)) return 0;
  const char *cal = wh_calendar(c, EV, o.period);
  /* E, the end of the last complete period: observation stops there */
  const char *end = wh_s(c, "(SELECT max(c0.e) FROM %s AS c0)", cal);
  const char *mem = memberships(c, &o);
  const char *sizes = wh_s(c, "(SELECT m.cp AS sp, count(*) AS size FROM %s AS m GROUP BY m.cp)", mem);
  /* the cohorts shown, each with the number of complete periods from it to E */
  const char *keep = "1 = 1";
  if (o.from) keep = wh_s(c, "cal.e > %s", wh_e_date(c, o.from));
  if (o.to) keep = wh_s(c, "%s AND cal.p <= %s", keep, wh_e_date(c, o.to));
  /* E's period number joined once (a scalar subquery read in every column
   * would be planned once per column by PostgreSQL) */
  const char *lft = wh_s(c, "b.en - %s", wh_e_pnum(c, o.period, "cal.p"));
  if (o.rolling) /* cell k >= 1 shows when the end of period i + (k + 1) L <= E */
    lft = buckets(c, o.period, wh_e_midnight(c, "cal.e"), wh_e_midnight(c, "b.ed"));
  const char *cal2 = wh_s(c,
                          "(SELECT cal.p AS p, cal.e AS e, %s AS lft FROM %s AS cal CROSS JOIN (SELECT max(%s) AS en, "
                          "max(c1.e) AS ed FROM %s AS c1) AS b)",
                          lft, cal, wh_e_pnum(c, o.period, "c1.e"), cal);
  const char *cohorts = wh_s(c,
                             "(SELECT cal.p AS p, cal.lft AS lft, COALESCE(s.size, 0) AS size FROM %s AS cal %s %s "
                             "AS s ON cal.p = s.sp WHERE %s)",
                             cal2, wh_join(c->d, 1), sizes, keep);
  ls_text piv = LS_TEXT_INIT, cols = LS_TEXT_INIT;
  const char *cmp = o.mode == LS_RETENTION_ON_OR_AFTER ? ">=" : "=";
  for (long k = 1; k < o.ncols; k++) {
    ls_text_printf(&piv, ", sum(CASE WHEN x.k %s %ld THEN x.n ELSE 0 END) AS c%ld", cmp, k, k);
    ls_text_printf(&cols, ", CASE WHEN %ld < co.lft THEN COALESCE(mx.c%ld, 0) END AS %s", k, k,
                   wh_name(c, wh_s(c, "%ld", k)));
  }
  const char *pivot = wh_keep(c, &piv), *columns = wh_keep(c, &cols);
  const char *matrix = wh_s(c, "(SELECT x.cp AS mp%s FROM %s AS x GROUP BY x.cp)", pivot, offsets(c, &o, end));
  ls_text_printf(c->b,
                 "SELECT %s AS cohort, co.size AS size, co.size AS %s%s\nFROM %s AS co\n%s %s AS mx ON co.p = mx.mp\n"
                 "ORDER BY co.p",
                 wh_e_label(c, o.period, "co.p"), wh_name(c, "0"), columns, cohorts, wh_join(c->d, 1), matrix);
  return 1;
}

/* ---- API ---- */

const struct wh_builder WH_RETENTION[] = {{"retention", 1u << LS_KIND_EVENTS, retention}};
const size_t WH_RETENTION_COUNT = sizeof WH_RETENTION / sizeof WH_RETENTION[0];

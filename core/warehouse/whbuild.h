/* whbuild.h: what the warehouse query builders share (inside warehouse/
 * only): the build context, expressions kept for the build's lifetime, the
 * mapped tables and columns, and the period calendar every query joins to. */
#ifndef LS_WHBUILD_H
#define LS_WHBUILD_H

#include <stdint.h>

#include "base/textbuf.h"
#include "base/tz.h"
#include "catalog/catalog.h"
#include "warehouse/whexport.h"

typedef struct {
  ls_wh_dialect d;
  const ls_wh_mapping *m;
  const ls_wh_request *r;
  const ls_metric_def *def; /* NULL for an analysis */
  ls_grain grain;
  ls_tz tz;
  uint64_t used[LS_KIND_COUNT]; /* roles read, per kind; bit 63: the table is read */
  ls_text *b;                   /* the query body being written */
  char **keep;                  /* expressions, freed with the build */
  size_t nkeep, capkeep;
  const char *property; /* the property column read, for the header; NULL: none */
  char err[256];
  int failed;
} wh_ctx;

typedef int (*wh_build_fn)(wh_ctx *c);

/* Record a failure (the first one wins); returns 0. */
int wh_fail(wh_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* A printf-formatted string kept until the build ends ("" on out of memory). */
const char *wh_s(wh_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Keep t's text (t is emptied). */
const char *wh_keep(wh_ctx *c, ls_text *t);

/* 1 when s is a day written YYYY-MM-DD (an analysis's --from, --to). */
int wh_is_day(const char *s);
/* 1 when the mapping has a column for role r of kind k. */
int wh_has(const wh_ctx *c, ls_kind k, ls_role r);
/* The quoted table of kind k (marks it read); fails when the mapping lacks it. */
const char *wh_table(wh_ctx *c, ls_kind k);
/* The quoted column of role r of kind k, prefixed "alias." when alias is not
 * NULL (marks it read); fails when the mapping has none. */
const char *wh_col(wh_ctx *c, ls_kind k, ls_role r, const char *alias);
/* The Lodestar type (int, float, bool, string, timestamp, date) the
 * mapping's schema of kind k gives column `name` (ASCII case ignored when
 * icase); NULL when the schema does not list it. */
const char *wh_schema_type(const wh_ctx *c, ls_kind k, const char *name, int icase);
/* A quoted column named as it is (a property). */
const char *wh_name(wh_ctx *c, const char *name);
/* " IN ('a', 'b', ...)" of a NULL-terminated list of words. */
const char *wh_in_list(wh_ctx *c, const char *const *words);
/* A quoted string literal. */
const char *wh_lit(wh_ctx *c, const char *s);
/* The workspace zone's wall clock of a UTC timestamp expression. */
const char *wh_local(wh_ctx *c, const char *x);
/* The UTC instant of a wall-clock timestamp expression of the workspace zone
 * (wh_local's inverse; a time shown twice reads as its first showing, a
 * time skipped moves forward as the engine does). */
const char *wh_utc(wh_ctx *c, const char *x);
/* Kept forms of the dialect.h writers. */
const char *wh_e_trunc(wh_ctx *c, ls_grain g, const char *x);
const char *wh_e_day(wh_ctx *c, const char *x);
const char *wh_e_add(wh_ctx *c, ls_grain g, const char *date, const char *n);
const char *wh_e_midnight(wh_ctx *c, const char *date);
const char *wh_e_pnum(wh_ctx *c, ls_grain g, const char *date);
const char *wh_e_date(wh_ctx *c, const char *day);
const char *wh_e_label(wh_ctx *c, ls_grain g, const char *date);
const char *wh_e_distinct(wh_ctx *c, const char *x);
const char *wh_e_div(wh_ctx *c, const char *x, const char *y);
const char *wh_e_double(wh_ctx *c, const char *x);
const char *wh_e_seconds(wh_ctx *c, const char *a, const char *b);
const char *wh_e_series(wh_ctx *c, long n, const char *col);
const char *wh_e_quantile(wh_ctx *c, double p, const char *x);
/* The user of an events row: the user column, or with an anonymous id
 * column, the user or else the anonymous id, each its own user ("u:" and
 * "a:" prefixes); alias as wh_col. */
const char *wh_user(wh_ctx *c, const char *alias);
/* The property column a property metric reads (the request's property, else
 * the events' duration column), quoted; fails without one. */
const char *wh_property(wh_ctx *c, const char *alias);
/* The condition that keeps events of the request's event (ASCII case
 * ignored), "1 = 1" without one; alias as wh_col. */
const char *wh_event_filter(wh_ctx *c, const char *alias);

/* The complete periods of grain g, as a subquery (alias it) with columns
 * p (the first day, a DATE) and e (the first day of the next period), from
 * the period holding the first instant kind k records as having happened to
 * the last one ending by the as-of day (the day after the latest instant any
 * mapped table records). */
const char *wh_calendar(wh_ctx *c, ls_kind k, ls_grain g);
/* The as-of day alone, as a subquery (alias it) with one column asof. */
const char *wh_asof(wh_ctx *c);

/* Write the usual ending of a one-value-per-period query: period label and
 * value from `FROM cal LEFT JOIN v ON cal.p = v.vp`, where vsub is a
 * subquery with columns vp (a period's first day) and value; missing periods
 * read as missing_value (an SQL literal: "0" or "NULL"). */
void wh_per_period(wh_ctx *c, ls_kind k, const char *vsub, const char *missing_value);

/* The builders of each module. */
extern const struct wh_builder {
  const char *name;
  unsigned kinds; /* the kinds (1 << kind) it reads besides the metric's own */
  wh_build_fn build;
} WH_ACTIVITY[];
extern const size_t WH_ACTIVITY_COUNT;
extern const struct wh_builder WH_COMMERCE[];
extern const size_t WH_COMMERCE_COUNT;
extern const struct wh_builder WH_TECH[];
extern const size_t WH_TECH_COUNT;
extern const struct wh_builder WH_REVENUE[];
extern const size_t WH_REVENUE_COUNT;
extern const struct wh_builder WH_SESSIONS[];
extern const size_t WH_SESSIONS_COUNT;
extern const struct wh_builder WH_LIFECYCLE[];
extern const size_t WH_LIFECYCLE_COUNT;
extern const struct wh_builder WH_RETENTION[];
extern const size_t WH_RETENTION_COUNT;
extern const struct wh_builder WH_FUNNEL[];
extern const size_t WH_FUNNEL_COUNT;

#endif

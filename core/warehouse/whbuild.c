/* whbuild.c: the shared pieces of the warehouse query builders
 * (warehouse/whbuild.h). */
#include "warehouse/whbuild.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "base/timeutil.h"
#include "workspace/workspace.h"

#define WH_READ (1ull << 63)

/* ---- private ---- */

static const char *keep_str(wh_ctx *c, char *s) {
  if (!s) {
    c->failed = 1;
    return "";
  }
  if (c->nkeep == c->capkeep) {
    size_t cap = c->capkeep ? c->capkeep * 2 : 64;
    char **k = ls_realloc(c->keep, cap * sizeof *k);
    if (!k) {
      ls_free(s);
      wh_fail(c, "out of memory");
      return "";
    }
    c->keep = k;
    c->capkeep = cap;
  }
  c->keep[c->nkeep++] = s;
  return s;
}

/* one happened-time column's max (or min) as a subquery row, or NULL */
static const char *extreme(wh_ctx *c, ls_kind k, ls_role r, const char *agg) {
  if (!wh_has(c, k, r)) return NULL;
  const char *col = wh_col(c, k, r, NULL);
  if (c->d == LS_WH_CLICKHOUSE) /* every branch of a UNION ALL must have one type */
    return wh_s(c, "SELECT toNullable(%s(%s)) AS h FROM %s", agg, col, wh_table(c, k));
  return wh_s(c, "SELECT %s(%s) AS h FROM %s", agg, col, wh_table(c, k));
}

/* the latest (agg "max") or first ("min") happened instant of the kinds in
 * mask, in the workspace zone, as a subquery with one column h */
static const char *happened(wh_ctx *c, unsigned mask, const char *agg) {
  ls_text t = LS_TEXT_INIT;
  for (int k = 1; k < LS_KIND_COUNT; k++) {
    if (!(mask >> k & 1) || !c->m->t[k].present) continue;
    for (size_t i = 0; i < LS_HAPPENED_COUNT; i++) {
      const char *q = extreme(c, (ls_kind)k, LS_HAPPENED[i], agg);
      if (!q) continue;
      ls_text_puts(&t, t.len ? " UNION ALL " : "");
      ls_text_puts(&t, q);
    }
  }
  if (!t.len) {
    wh_fail(c, "mapping: no table records when something happened (a timestamp, created, start, signup or "
               "canceled_at column)");
    return "(SELECT NULL AS h)";
  }
  const char *u = wh_keep(c, &t);
  return wh_s(c, "(SELECT %s(h) AS h FROM (%s) AS u_%s)", agg, u, agg);
}

/* ---- API ---- */

int wh_fail(wh_ctx *c, const char *fmt, ...) {
  if (!c->failed) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
  }
  c->failed = 1;
  return 0;
}

const char *wh_keep(wh_ctx *c, ls_text *t) {
  char *s = t->oom ? NULL : t->s;
  if (t->oom) ls_free(t->s);
  if (!s && !t->oom) s = ls_calloc(1, 1);
  *t = (ls_text)LS_TEXT_INIT;
  return keep_str(c, s);
}

const char *wh_s(wh_ctx *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = n >= 0 ? ls_malloc((size_t)n + 1) : NULL;
  if (s) {
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  return keep_str(c, s);
}

int wh_is_day(const char *s) {
  int64_t t;
  return s && strlen(s) == 10 && ls_time_parse(s, 10, &t) && t % LS_MS_PER_DAY == 0;
}

int wh_has(const wh_ctx *c, ls_kind k, ls_role r) { return c->m->t[k].present && c->m->t[k].col[r][0] != '\0'; }

const char *wh_table(wh_ctx *c, ls_kind k) {
  if (!c->m->t[k].present) {
    wh_fail(c, "mapping: no %s table", ls_kind_name(k));
    return "\"?\"";
  }
  c->used[k] |= WH_READ;
  return wh_name(c, c->m->t[k].table);
}

const char *wh_col(wh_ctx *c, ls_kind k, ls_role r, const char *alias) {
  if (!wh_has(c, k, r)) {
    wh_fail(c, "mapping: the %s table has no %s column", ls_kind_name(k), ls_role_name(r));
    return "\"?\"";
  }
  c->used[k] |= WH_READ | 1ull << r;
  const char *q = wh_name(c, c->m->t[k].col[r]);
  return alias ? wh_s(c, "%s.%s", alias, q) : q;
}

const char *wh_schema_type(const wh_ctx *c, ls_kind k, const char *name, int icase) {
  const ls_wh_table *t = &c->m->t[k];
  for (size_t i = 0; t->present && i < t->nschema; i++)
    if (icase ? ls_ascii_ieq(t->schema[i].name, strlen(t->schema[i].name), name) : strcmp(t->schema[i].name, name) == 0)
      return t->schema[i].type;
  return NULL;
}

const char *wh_in_list(wh_ctx *c, const char *const *words) {
  ls_text t = LS_TEXT_INIT;
  ls_text_puts(&t, " IN (");
  for (size_t i = 0; words[i]; i++) {
    ls_text_puts(&t, i ? ", " : "");
    wh_str(&t, c->d, words[i]);
  }
  ls_text_puts(&t, ")");
  return wh_keep(c, &t);
}

const char *wh_name(wh_ctx *c, const char *name) {
  ls_text t = LS_TEXT_INIT;
  wh_ident(&t, c->d, name);
  return wh_keep(c, &t);
}

const char *wh_lit(wh_ctx *c, const char *s) {
  ls_text t = LS_TEXT_INIT;
  wh_str(&t, c->d, s);
  return wh_keep(c, &t);
}

/* x moved between UTC and the workspace zone: to_local 1 gives the wall
 * clock of UTC instant x, 0 the UTC instant of wall-clock x */
static const char *shift(wh_ctx *c, const char *x, int to_local) {
  if (c->tz == 0) return x;
  if (c->tz >= -LS_TZ_MAX_OFFSET && c->tz <= LS_TZ_MAX_OFFSET) {
    int sec = (to_local ? 1 : -1) * c->tz * 60;
    if (c->d == LS_WH_CLICKHOUSE) return wh_s(c, "(%s + %d)", x, sec);
    if (c->d == LS_WH_POSTGRES) return wh_s(c, "(%s + INTERVAL '%d seconds')", x, sec);
    return wh_s(c, "(%s + to_seconds(%d))", x, sec);
  }
  char name[64];
  const char *z = wh_lit(c, ls_tz_name(c->tz, name)), *from = to_local ? "'UTC'" : z, *to = to_local ? z : "'UTC'";
  if (c->d == LS_WH_CLICKHOUSE) /* the text of the instant in the target zone, read back as UTC, or the reverse */
    return to_local ? wh_s(c, "toDateTime(toString(%s, %s), 'UTC')", x, z) : wh_s(c, "toDateTime(toString(%s, 'UTC'), %s)", x, z);
  if (c->d == LS_WH_POSTGRES) return wh_s(c, "((%s) AT TIME ZONE %s AT TIME ZONE %s)", x, from, to);
  return wh_s(c, "timezone(%s, timezone(%s, %s))", to, from, x);
}

const char *wh_local(wh_ctx *c, const char *x) { return shift(c, x, 1); }

const char *wh_utc(wh_ctx *c, const char *x) { return shift(c, x, 0); }

#define KEPT(call)                  \
  do {                              \
    ls_text t = LS_TEXT_INIT;       \
    call;                           \
    return wh_keep(c, &t);          \
  } while (0)

const char *wh_e_trunc(wh_ctx *c, ls_grain g, const char *x) { KEPT(wh_trunc(&t, c->d, g, x)); }
const char *wh_e_day(wh_ctx *c, const char *x) { KEPT(wh_day(&t, c->d, x)); }
const char *wh_e_add(wh_ctx *c, ls_grain g, const char *date, const char *n) { KEPT(wh_date_add(&t, c->d, g, date, n)); }
const char *wh_e_midnight(wh_ctx *c, const char *date) { KEPT(wh_midnight(&t, c->d, date)); }
const char *wh_e_pnum(wh_ctx *c, ls_grain g, const char *date) { KEPT(wh_period_number(&t, c->d, g, date)); }
const char *wh_e_date(wh_ctx *c, const char *day) { KEPT(wh_date_literal(&t, c->d, day)); }
const char *wh_e_label(wh_ctx *c, ls_grain g, const char *date) { KEPT(wh_label(&t, c->d, g, date)); }
const char *wh_e_distinct(wh_ctx *c, const char *x) { KEPT(wh_count_distinct(&t, c->d, x)); }
const char *wh_e_div(wh_ctx *c, const char *x, const char *y) { KEPT(wh_div(&t, c->d, x, y)); }
const char *wh_e_double(wh_ctx *c, const char *x) { KEPT(wh_double(&t, c->d, x)); }
const char *wh_e_seconds(wh_ctx *c, const char *a, const char *b) { KEPT(wh_seconds_between(&t, c->d, a, b)); }
const char *wh_e_series(wh_ctx *c, long n, const char *col) { KEPT(wh_series(&t, c->d, n, col)); }
const char *wh_e_quantile(wh_ctx *c, double p, const char *x) { KEPT(wh_quantile(&t, c->d, p, x)); }

const char *wh_user(wh_ctx *c, const char *alias) {
  const char *u = wh_col(c, LS_KIND_EVENTS, LS_ROLE_USER, alias);
  if (!wh_has(c, LS_KIND_EVENTS, LS_ROLE_ANONYMOUS_ID)) return u;
  const char *a = wh_col(c, LS_KIND_EVENTS, LS_ROLE_ANONYMOUS_ID, alias);
  if (c->d == LS_WH_CLICKHOUSE)
    return wh_s(c, "if(isNull(%s), if(isNull(%s), NULL, concat('a:', toString(%s))), concat('u:', toString(%s)))", u, a, a,
                u);
  return wh_s(c, "CASE WHEN %s IS NOT NULL THEN 'u:' || CAST(%s AS VARCHAR) WHEN %s IS NOT NULL THEN 'a:' || CAST(%s AS VARCHAR) END",
              u, u, a, a);
}

const char *wh_property(wh_ctx *c, const char *alias) {
  if (c->r->property) {
    c->property = c->r->property;
    c->used[LS_KIND_EVENTS] |= WH_READ;
    const char *q = wh_name(c, c->r->property);
    return alias ? wh_s(c, "%s.%s", alias, q) : q;
  }
  if (wh_has(c, LS_KIND_EVENTS, LS_ROLE_DURATION)) return wh_col(c, LS_KIND_EVENTS, LS_ROLE_DURATION, alias);
  wh_fail(c, "%s needs a property (--property COLUMN)", c->r->metric ? c->r->metric : "this query");
  return "\"?\"";
}

const char *wh_event_filter(wh_ctx *c, const char *alias) {
  if (!c->r->event) return "1 = 1";
  return wh_s(c, "lower(%s) = lower(%s)", wh_col(c, LS_KIND_EVENTS, LS_ROLE_EVENT, alias), wh_lit(c, c->r->event));
}

const char *wh_asof(wh_ctx *c) {
  unsigned all = 0;
  for (int k = 1; k < LS_KIND_COUNT; k++) all |= 1u << k;
  const char *hi = happened(c, all, "max");
  const char *day = wh_e_day(c, wh_local(c, "hi.h"));
  return wh_s(c, "(SELECT %s AS asof FROM %s AS hi)", wh_e_add(c, LS_GRAIN_DAY, day, "1"), hi);
}

const char *wh_calendar(wh_ctx *c, ls_kind k, ls_grain g) {
  const char *lo = happened(c, 1u << k, "min");
  const char *p0 = wh_e_trunc(c, g, wh_local(c, "lo.h"));
  /* 84 years of periods; ClickHouse's Date ends in 2105 and wraps past it,
   * so a period must also end after the first one starts */
  long n = g == LS_GRAIN_MONTH ? 1000 : g == LS_GRAIN_WEEK ? 4400 : 31000;
  const char *p = wh_e_add(c, g, "bnd.p0", "ks.k");
  const char *e = wh_e_add(c, g, "bnd.p0", "ks.k + 1");
  return wh_s(c,
              "(SELECT %s AS p, %s AS e FROM (SELECT %s AS p0, ao.asof AS asof FROM %s AS lo CROSS JOIN %s AS ao) "
              "AS bnd CROSS JOIN %s AS ks WHERE %s <= bnd.asof AND %s > bnd.p0)",
              p, e, p0, lo, wh_asof(c), wh_e_series(c, n, "k"), e, e);
}

void wh_per_period(wh_ctx *c, ls_kind k, const char *vsub, const char *missing_value) {
  ls_text_printf(c->b,
                 "SELECT %s AS period, %s AS value\nFROM %s AS cal\n%s %s AS v ON cal.p = v.vp\nORDER BY cal.p",
                 wh_e_label(c, c->grain, "cal.p"),
                 strcmp(missing_value, "NULL") ? wh_s(c, "COALESCE(v.value, %s)", missing_value) : "v.value",
                 wh_calendar(c, k, c->grain), wh_join(c->d, 1), vsub);
}

/* colscan.c: the per-cell scans of inference (ingest/colscan.h). */
#include "ingest/colscan.h"

#include <string.h>

#include "base/timeutil.h"

/* ---- cells as values ---- */

static int is_space(char ch) { return ch == ' ' || ch == '\t'; }

void ls_scan_trim(const char **s, size_t *len) {
  const char *p = *s;
  size_t n = *len;
  while (n && is_space(p[0])) p++, n--;
  while (n && is_space(p[n - 1])) n--;
  *s = p;
  *len = n;
}

int ls_scan_is_null(const char *s, size_t len) {
  switch (len) {
    case 0: return 1;
    case 1: return s[0] == '-';
    case 2: return (s[0] == 'N' && s[1] == 'A') || (s[0] == '\\' && s[1] == 'N');
    case 3: return ls_scan_equals_nocase(s, 3, "n/a") || memcmp(s, "\xE2\x80\x94", 3) == 0;
    case 4: return ls_scan_equals_nocase(s, 4, "null") || ls_scan_equals_nocase(s, 4, "none");
    default: return 0;
  }
}

int ls_scan_bool_value(const char *s, size_t len) {
  switch (len) {
    case 1: {
      int ch = ls_scan_lower((unsigned char)s[0]);
      return ch == 't' ? 1 : ch == 'f' ? 0 : -1;
    }
    case 2: return ls_scan_equals_nocase(s, 2, "no") ? 0 : -1;
    case 3:
      if (ls_scan_equals_nocase(s, 3, "yes") || memcmp(s, "\xE6\x98\xAF", 3) == 0) return 1; /* 是 */
      return memcmp(s, "\xE5\x90\xA6", 3) == 0 ? 0 : -1;                            /* 否 */
    case 4: return ls_scan_equals_nocase(s, 4, "true") ? 1 : -1;
    case 5: return ls_scan_equals_nocase(s, 5, "false") ? 0 : -1;
    default: return -1;
  }
}

void ls_fails_add(ls_fails *f, size_t i) {
  if (f->bad < LS_INFER_BAD_MAX) f->at[f->bad] = i;
  f->bad++;
}

/* Append a null to col (NULL: nothing to do). */
static ls_scan_step put_null(ls_column *c) {
  return !c || ls_column_push_null(c) == LS_OK ? LS_SCAN_ON : LS_SCAN_OOM;
}

/* Room for hint cells in the column being built, at its first value. */
static int room(ls_column *c, size_t values, size_t hint) {
  return !c || values || !hint || ls_column_reserve(c, hint) == LS_OK;
}

static ls_scan_step pushed(ls_status st) { return st == LS_OK ? LS_SCAN_ON : LS_SCAN_OOM; }

/* ---- bools ---- */

void ls_boolscan_setup(ls_boolscan *t, ls_column *col, size_t limit) {
  memset(t, 0, sizeof *t);
  t->col = col;
  t->limit = limit;
}

ls_scan_step ls_boolscan_cell(ls_boolscan *t, size_t i, const char *s, size_t len, size_t hint) {
  ls_scan_trim(&s, &len);
  int v = ls_scan_bool_value(s, len);
  if (v >= 0) {
    if (!room(t->col, t->values++, hint)) return LS_SCAN_OOM;
    return t->col ? pushed(ls_column_push_bool(t->col, v)) : LS_SCAN_ON;
  }
  if (ls_scan_is_null(s, len)) {
    t->nulls++;
  } else {
    ls_fails_add(&t->f, i);
    if (t->f.bad > t->limit) return LS_SCAN_STOP;
  }
  return put_null(t->col);
}

/* ---- numbers ---- */

void ls_numscan_setup(ls_numscan *ns, int comma, int alt, int strict, size_t limit) {
  memset(ns, 0, sizeof *ns);
  ns->comma = comma;
  ns->alt = alt;
  ns->strict = strict;
  ns->limit = limit;
  ns->pct = -1;
}

/* 1 when v is a YYYYMMDD date of 1900..2200 */
static int ymd_date(int64_t v) {
  if (v < 19000101 || v > 22001231) return 0;
  int y = (int)(v / 10000), m = (int)(v / 100 % 100), d = (int)(v % 100), mm, dd;
  int64_t yy;
  if (m < 1 || m > 12 || d < 1 || d > 31) return 0;
  ls_civil_from_days(ls_days_from_civil(y, m, d), &yy, &mm, &dd);
  return yy == y && mm == m && dd == d;
}

/* The epoch bits a value allows: its epoch unit by magnitude, years 1990..2099 */
static unsigned epoch_bits(const ls_num *v, ls_num_kind kind) {
  static const double lo = 631152000.0, hi = 4102444800.0; /* 1990-01-01, 2100-01-01 */
  double d = v->d;
  if (v->currency || v->percent) return 0;
  if (kind == LS_NUM_INT && !v->seps && ymd_date(v->i)) return LS_EPOCH_YMD;
  if (d >= lo && d < hi) return LS_EPOCH_S;
  if (d >= lo * 1e3 && d < hi * 1e3) return LS_EPOCH_MS;
  if (d >= lo * 1e6 && d < hi * 1e6) return LS_EPOCH_US;
  if (d >= lo * 1e9 && d < hi * 1e9) return LS_EPOCH_NS;
  return 0;
}

ls_status ls_numscan_to_double(ls_numscan *ns, size_t cap) {
  ns->dbl = 1;
  if (!ns->col) return LS_OK;
  ls_column *c = ls_column_new(ls_column_name(ns->col), LS_TYPE_DOUBLE);
  size_t n = ls_column_len(ns->col);
  ls_status st = c ? ls_column_reserve(c, cap > n ? cap : n) : LS_ENOMEM;
  const int64_t *v = ls_column_i64(ns->col);
  for (size_t i = 0; st == LS_OK && i < n; i++)
    st = ls_column_valid(ns->col, i) ? ls_column_push_f64(c, (double)v[i]) : ls_column_push_null(c);
  ls_column_free(st == LS_OK ? ns->col : c);
  if (st == LS_OK) ns->col = c;
  return st;
}

unsigned ls_numscan_epoch_unit(const ls_numscan *ns) {
  return ns->cur || ns->pct == 1 ? 0 : ns->epochs & (LS_EPOCH_UNITS | LS_EPOCH_YMD);
}

ls_scan_step ls_numscan_cell(ls_numscan *ns, size_t i, const char *s, size_t len, size_t hint) {
  ls_scan_trim(&s, &len);
  ls_num v;
  ls_num_kind kind = len ? ls_num_parse(s, len, ns->comma, &v) : LS_NUM_NONE;
  int ok = kind != LS_NUM_NONE;
  if (!ok && ls_scan_is_null(s, len)) {
    ns->nulls++;
    return put_null(ns->col);
  }
  if (ok && kind == LS_NUM_FLOAT && ns->need_int) ok = 0;
  if (ok && v.currency != ns->cur && v.currency) {
    if (ns->cur) {
      ok = 0;
      ns->cur_bad++;
    } else {
      ns->cur = v.currency;
    }
  }
  if (ok && v.percent != ns->pct) {
    if (ns->pct >= 0)
      ok = 0;
    else
      ns->pct = v.percent;
  }
  if (ns->alt && ns->fa.bad <= ns->limit) {
    int alt_ok = ok;
    if (kind == LS_NUM_NONE || v.seps) { /* the other mode may read it otherwise */
      ls_num w;
      ls_num_kind k2 = ls_num_parse(s, len, !ns->comma, &w);
      alt_ok = k2 != LS_NUM_NONE && !(ns->need_int && k2 == LS_NUM_FLOAT) &&
               !(ns->cur && w.currency && w.currency != ns->cur) &&
               !(ns->pct >= 0 && w.percent != ns->pct);
    }
    if (!alt_ok) ls_fails_add(&ns->fa, i);
  }
  if (!ok) {
    ns->unreadable += kind == LS_NUM_NONE;
    ls_fails_add(&ns->f, i);
    ls_fails_add(&ns->fi, i);
    if (ns->strict || (ns->unreadable > ns->limit && (!ns->alt || ns->fa.bad > ns->limit)))
      return LS_SCAN_STOP;
    return put_null(ns->col);
  }
  if (kind == LS_NUM_FLOAT) {
    ls_fails_add(&ns->fi, i);
    if (!ns->dbl && ls_numscan_to_double(ns, hint) != LS_OK) return LS_SCAN_OOM;
  }
  if (ns->epochs) ns->epochs &= epoch_bits(&v, kind);
  if (!room(ns->col, ns->values++, hint)) return LS_SCAN_OOM;
  if (!ns->col) return LS_SCAN_ON;
  return pushed(ns->dbl ? ls_column_push_f64(ns->col, v.d) : ls_column_push_i64(ns->col, v.i));
}

/* ---- times ---- */

void ls_timescan_setup(ls_timescan *ts, ls_date_order order, int alt, int strict, size_t limit) {
  memset(ts, 0, sizeof *ts);
  ts->order = order;
  ts->alt = alt;
  ts->strict = strict;
  ts->limit = limit;
  ts->day_ms = -1;
}

/* After an ISO time s[0..len) of the quick form read as ms (the general
 * parser's), note its date and midnight for ls_timescan_quick. */
static void note_day(ls_timescan *ts, const char *s, size_t len, int64_t ms, unsigned fl) {
  if ((len != 19 && len != 20) || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
      !(fl & LS_DATE_TIME) || (len == 20) != !!(fl & LS_DATE_ZONE) || (len == 20 && s[19] != 'Z'))
    return;
  int64_t day = ls_floor_div(ms, LS_MS_PER_DAY) * LS_MS_PER_DAY;
  memcpy(ts->day, s, 10);
  ts->day_ms = day;
}

ls_scan_step ls_timescan_cell(ls_timescan *ts, size_t i, const char *s, size_t len, size_t hint) {
  unsigned other = ts->order == LS_DATE_MDY ? LS_DATE_DM : LS_DATE_MD;
  ls_scan_trim(&s, &len);
  int64_t ms = 0;
  unsigned fl = 0;
  int ok = len && ls_date_parse(s, len, ts->order, &ms, &fl);
  if (!ok && ls_scan_is_null(s, len)) {
    ts->nulls++;
    return put_null(ts->col);
  }
  if (ts->alt && !((fl & (LS_DATE_MD | LS_DATE_DM)) ? (fl & other) != 0 : ok)) ls_fails_add(&ts->fa, i);
  if (!ok) {
    ls_fails_add(&ts->f, i);
    if (ts->strict || (ts->f.bad > ts->limit && (!ts->alt || ts->fa.bad > ts->limit)))
      return LS_SCAN_STOP;
    return put_null(ts->col);
  }
  ts->seen |= fl;
  note_day(ts, s, len, ms, fl);
  if (!room(ts->col, ts->values++, hint)) return LS_SCAN_OOM;
  return ts->col ? pushed(ls_column_push_i64(ts->col, ms)) : LS_SCAN_ON;
}

unsigned ls_timescan_flags(const ls_timescan *ts) {
  return (ts->seen & LS_DATE_TIME ? 0 : LS_COL_DATE) | (ts->seen & LS_DATE_ZONE ? 0 : LS_COL_LOCAL);
}

/* infer.c: column type inference over text cells. */
#include "ingest/infer.h"

#include <math.h>
#include <string.h>

#include "base/timeutil.h"

/* ---- private: cells as values ---- */

static int is_space(char ch) { return ch == ' ' || ch == '\t'; }

static void trim(const char **s, size_t *len) {
  const char *p = *s;
  size_t n = *len;
  while (n && is_space(p[0])) p++, n--;
  while (n && is_space(p[n - 1])) n--;
  *s = p;
  *len = n;
}

static int lower(int ch) { return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch; }

static int equals_nocase(const char *s, size_t len, const char *word) {
  size_t i = 0;
  for (; i < len && word[i]; i++)
    if (lower((unsigned char)s[i]) != word[i]) return 0;
  return i == len && !word[i];
}

/* 1 when a trimmed cell is null: empty or a null token of infer.h */
static int is_null(const char *s, size_t len) {
  switch (len) {
    case 0: return 1;
    case 1: return s[0] == '-';
    case 2: return (s[0] == 'N' && s[1] == 'A') || (s[0] == '\\' && s[1] == 'N');
    case 3: return equals_nocase(s, 3, "n/a") || memcmp(s, "\xE2\x80\x94", 3) == 0;
    case 4: return equals_nocase(s, 4, "null") || equals_nocase(s, 4, "none");
    default: return 0;
  }
}

/* 1 for a true value, 0 for a false one, -1 for anything else */
static int bool_value(const char *s, size_t len) {
  switch (len) {
    case 1: {
      int ch = lower((unsigned char)s[0]);
      return ch == 't' ? 1 : ch == 'f' ? 0 : -1;
    }
    case 2: return equals_nocase(s, 2, "no") ? 0 : -1;
    case 3:
      if (equals_nocase(s, 3, "yes") || memcmp(s, "\xE6\x98\xAF", 3) == 0) return 1; /* 是 */
      return memcmp(s, "\xE5\x90\xA6", 3) == 0 ? 0 : -1;                            /* 否 */
    case 4: return equals_nocase(s, 4, "true") ? 1 : -1;
    case 5: return equals_nocase(s, 5, "false") ? 0 : -1;
    default: return -1;
  }
}

/* ---- private: names ---- */

static int norm_kept(unsigned char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch >= 0x80;
}

static const char *norm_skip(const char *p) {
  while (*p && !norm_kept((unsigned char)*p)) p++;
  return p;
}

/* The end of word when the normalized name continues with it at p, or NULL */
static const char *norm_match(const char *p, const char *word) {
  for (; *word; word++) {
    p = norm_skip(p);
    if (!*p || lower((unsigned char)*p) != *word) return NULL;
    p++;
  }
  return p;
}

static int norm_equals(const char *name, const char *word) {
  const char *end = norm_match(norm_skip(name), word);
  return end && !*norm_skip(end);
}

static int norm_contains(const char *name, const char *word) {
  for (const char *p = norm_skip(name); *p; p = norm_skip(p + 1))
    if (norm_match(p, word)) return 1;
  return 0;
}


/* ---- private: scanning a column ---- */

typedef struct {
  size_t bad;
  size_t at[LS_INFER_BAD_MAX];
} fails;

static void fail(fails *f, size_t i) {
  if (f->bad < LS_INFER_BAD_MAX) f->at[f->bad] = i;
  f->bad++;
}

static ls_status put_null(ls_column *c) { return c ? ls_column_push_null(c) : LS_OK; }

/* Room for every cell in the column being built, once its first value came. */
static ls_status room(ls_column *c, size_t values, const ls_cells *cells) {
  return c && !values ? ls_column_reserve(c, cells->n) : LS_OK;
}

/* bools */

typedef struct {
  fails f;
  size_t values, nulls;
} tally;

/* Read the cells as bools into col (NULL: only count); stop once more than
 * limit cells fail, else push null for them. */
static ls_status scan_bool(const ls_cells *cells, ls_column *col, size_t limit, tally *t) {
  ls_status st = LS_OK;
  ls_cells_cursor k;
  const char *s;
  size_t len;
  memset(t, 0, sizeof *t);
  ls_cells_begin(cells, &k);
  for (size_t i = 0; st == LS_OK && ls_cells_next(&k, &s, &len); i++) {
    trim(&s, &len);
    int v = bool_value(s, len);
    if (v >= 0) {
      if ((st = room(col, t->values++, cells)) == LS_OK && col) st = ls_column_push_bool(col, v);
      continue;
    }
    if (is_null(s, len)) {
      t->nulls++;
    } else {
      fail(&t->f, i);
      if (t->f.bad > limit) break;
    }
    st = put_null(col);
  }
  return st;
}

/* numbers */

enum { E_S = 1, E_MS = 2, E_US = 4, E_NS = 8, E_UNITS = 15, E_YMD = 16, E_ALL = 31 };

typedef struct {
  /* how to read */
  int comma;        /* decimal commas */
  int alt;          /* also count the cells the other decimal mode fails */
  int need_int;     /* a value that is not an int fails */
  int strict;       /* stop at the first failure; else once more than limit
                       cells are unreadable (in both modes with alt) */
  size_t limit;
  unsigned epochs;  /* E_ bits still possible (0: not asked) */
  /* what was read */
  fails f, fi, fa;  /* cells failing as numbers, as ints, in the other mode */
  size_t unreadable, cur_bad; /* cells of f that are no numbers; in a second currency */
  int cur, pct;     /* currency id; percentages -1 unknown, 0 no, 1 yes */
  int dbl;          /* some value is not an int: col holds doubles */
  size_t values, nulls;
  ls_column *col;   /* NULL: only count */
} numscan;

static void num_setup(numscan *ns, int comma, int alt, int strict, size_t limit) {
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

/* The E_ bits a value allows: its epoch unit by magnitude, years 1990..2099 */
static unsigned epoch_bits(const ls_num *v, ls_num_kind kind) {
  static const double lo = 631152000.0, hi = 4102444800.0; /* 1990-01-01, 2100-01-01 */
  double d = v->d;
  if (v->currency || v->percent) return 0;
  if (kind == LS_NUM_INT && !v->seps && ymd_date(v->i)) return E_YMD;
  if (d >= lo && d < hi) return E_S;
  if (d >= lo * 1e3 && d < hi * 1e3) return E_MS;
  if (d >= lo * 1e6 && d < hi * 1e6) return E_US;
  if (d >= lo * 1e9 && d < hi * 1e9) return E_NS;
  return 0;
}

/* Turn the INT64 column being built into a DOUBLE one. */
static ls_status to_double(numscan *ns, size_t cap) {
  ns->dbl = 1;
  if (!ns->col) return LS_OK;
  ls_column *c = ls_column_new(ls_column_name(ns->col), LS_TYPE_DOUBLE);
  ls_status st = c ? ls_column_reserve(c, cap) : LS_ENOMEM;
  const int64_t *v = ls_column_i64(ns->col);
  for (size_t i = 0; st == LS_OK && i < ls_column_len(ns->col); i++)
    st = ls_column_valid(ns->col, i) ? ls_column_push_f64(c, (double)v[i]) : ls_column_push_null(c);
  ls_column_free(st == LS_OK ? ns->col : c);
  if (st == LS_OK) ns->col = c;
  return st;
}

static ls_status scan_num(const ls_cells *cells, numscan *ns) {
  ls_status st = LS_OK;
  ls_cells_cursor k;
  const char *s;
  size_t len;
  ls_cells_begin(cells, &k);
  for (size_t i = 0; st == LS_OK && ls_cells_next(&k, &s, &len); i++) {
    trim(&s, &len);
    ls_num v;
    ls_num_kind kind = len ? ls_num_parse(s, len, ns->comma, &v) : LS_NUM_NONE;
    int ok = kind != LS_NUM_NONE;
    if (!ok && is_null(s, len)) {
      ns->nulls++;
      st = put_null(ns->col);
      continue;
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
      if (!alt_ok) fail(&ns->fa, i);
    }
    if (!ok) {
      ns->unreadable += kind == LS_NUM_NONE;
      fail(&ns->f, i);
      fail(&ns->fi, i);
      if (ns->strict || (ns->unreadable > ns->limit && (!ns->alt || ns->fa.bad > ns->limit))) break;
      st = put_null(ns->col);
      continue;
    }
    if (kind == LS_NUM_FLOAT) {
      fail(&ns->fi, i);
      if (!ns->dbl && (st = to_double(ns, cells->n)) != LS_OK) break;
    }
    if (ns->epochs) ns->epochs &= epoch_bits(&v, kind);
    if ((st = room(ns->col, ns->values++, cells)) != LS_OK) break;
    if (ns->col) st = ns->dbl ? ls_column_push_f64(ns->col, v.d) : ls_column_push_i64(ns->col, v.i);
  }
  return st;
}

static int64_t epoch_ms(int64_t i, double d, int dbl, unsigned unit) {
  if (unit == E_YMD)
    return ls_days_from_civil(i / 10000, (int)(i / 100 % 100), (int)(i % 100)) * LS_MS_PER_DAY;
  if (dbl) {
    double ms = unit == E_S ? d * 1000 : unit == E_MS ? d : unit == E_US ? d / 1e3 : d / 1e6;
    return (int64_t)llround(ms);
  }
  switch (unit) {
    case E_S: return i * 1000;
    case E_MS: return i;
    case E_US: return (i + 500) / 1000;
    default: return (i + 500000) / 1000000;
  }
}

/* A TIME column of the epoch numbers in *num (which it frees). */
static ls_status epoch_column(ls_column **num, int dbl, unsigned unit) {
  ls_column *n = *num;
  if (!n) return LS_OK;
  ls_column *t = ls_column_new(ls_column_name(n), LS_TYPE_TIME);
  ls_status st = t ? ls_column_reserve(t, ls_column_len(n)) : LS_ENOMEM;
  const int64_t *iv = ls_column_i64(n);
  const double *dv = ls_column_f64(n);
  for (size_t i = 0; st == LS_OK && i < ls_column_len(n); i++)
    st = !ls_column_valid(n, i) ? ls_column_push_null(t)
                                : ls_column_push_i64(t, epoch_ms(dbl ? 0 : iv[i], dbl ? dv[i] : 0, dbl, unit));
  ls_column_free(n);
  if (st != LS_OK) {
    ls_column_free(t);
    t = NULL;
  }
  *num = t;
  return st;
}

/* times */

typedef struct {
  ls_date_order order; /* MDY, DMY or YMD */
  int alt;             /* also count the cells the other of MDY and DMY fails */
  int strict;          /* as in numscan */
  size_t limit;
  fails f, fa;
  unsigned seen;       /* LS_DATE_ bits of the values read */
  size_t values, nulls;
  ls_column *col;
} timescan;

static void time_setup(timescan *ts, ls_date_order order, int alt, int strict, size_t limit) {
  memset(ts, 0, sizeof *ts);
  ts->order = order;
  ts->alt = alt;
  ts->strict = strict;
  ts->limit = limit;
}

static ls_status scan_time(const ls_cells *cells, timescan *ts) {
  ls_status st = LS_OK;
  ls_cells_cursor k;
  const char *s;
  size_t len;
  unsigned other = ts->order == LS_DATE_MDY ? LS_DATE_DM : LS_DATE_MD;
  ls_cells_begin(cells, &k);
  for (size_t i = 0; st == LS_OK && ls_cells_next(&k, &s, &len); i++) {
    trim(&s, &len);
    int64_t ms = 0;
    unsigned fl = 0;
    int ok = len && ls_date_parse(s, len, ts->order, &ms, &fl);
    if (!ok && is_null(s, len)) {
      ts->nulls++;
      st = put_null(ts->col);
      continue;
    }
    if (ts->alt && !((fl & (LS_DATE_MD | LS_DATE_DM)) ? (fl & other) != 0 : ok)) fail(&ts->fa, i);
    if (!ok) {
      fail(&ts->f, i);
      if (ts->strict || (ts->f.bad > ts->limit && (!ts->alt || ts->fa.bad > ts->limit))) break;
      st = put_null(ts->col);
      continue;
    }
    ts->seen |= fl;
    if ((st = room(ts->col, ts->values++, cells)) == LS_OK && ts->col) st = ls_column_push_i64(ts->col, ms);
  }
  return st;
}

static unsigned time_flags(unsigned seen) {
  return (seen & LS_DATE_TIME ? 0 : LS_COL_DATE) | (seen & LS_DATE_ZONE ? 0 : LS_COL_LOCAL);
}

/* ---- private: inference ---- */

typedef struct {
  const char *name;
  const ls_cells *cells;
  ls_infer_opts o;
  int store;            /* build the column, not only find its type */
  ls_infer_report *rep;
} job;

/* A new empty column; NULL in *c without store. Scans reserve room for every
 * cell at their first value, so that a type failing at once costs nothing. */
static ls_status new_column(const job *j, ls_type t, ls_column **c) {
  *c = NULL;
  if (!j->store) return LS_OK;
  *c = ls_column_new(j->name, t);
  return *c ? LS_OK : LS_ENOMEM;
}

/* Record the result in the report and on the column. */
static void settle(job *j, ls_column *c, ls_type t, unsigned flags, int cur, size_t nulls) {
  ls_infer_report *r = j->rep;
  r->type = t;
  r->flags = flags;
  r->nulls = nulls;
  const char *code = ls_num_currency(cur);
  memcpy(r->currency, code, strlen(code) + 1);
  if (c) {
    ls_column_set_flags(c, flags);
    ls_column_set_currency(c, code);
  }
}

static void report_bad(job *j, const fails *f) {
  j->rep->bad = f->bad;
  memcpy(j->rep->bad_at, f->at, sizeof f->at);
}

static int decimal_comma(ls_decimal d) { return d == LS_DECIMAL_AUTO_COMMA || d == LS_DECIMAL_COMMA; }
static int decimal_auto(ls_decimal d) { return d == LS_DECIMAL_AUTO || d == LS_DECIMAL_AUTO_COMMA; }

static ls_status try_bool(job *j, ls_column **out, int *done) {
  tally t;
  ls_column *c;
  ls_status st = new_column(j, LS_TYPE_BOOL, &c);
  if (st == LS_OK) st = scan_bool(j->cells, c, 0, &t);
  *done = st == LS_OK && !t.f.bad && t.values;
  if (!*done) {
    ls_column_free(c);
    return st;
  }
  settle(j, c, LS_TYPE_BOOL, 0, 0, t.nulls);
  *out = c;
  return LS_OK;
}

/* Every value a number in one decimal mode (and currency): an INT64 or
 * DOUBLE column, or with epochs asked and found a TIME one. epoch_only
 * leaves a column that is not of epochs undone. */
static ls_status try_num(job *j, int epochs, int epoch_only, ls_column **out, int *done) {
  numscan ns;
  int comma = decimal_comma(j->o.decimal), alt = decimal_auto(j->o.decimal);
  ls_status st;
  *done = 0;
  for (int pass = 0;; pass++) {
    num_setup(&ns, comma, alt && pass == 0, 1, 0);
    ns.epochs = epochs ? E_ALL : 0;
    st = new_column(j, LS_TYPE_INT64, &ns.col);
    if (st == LS_OK) st = scan_num(j->cells, &ns);
    if (st != LS_OK || !ns.f.bad) break;
    ls_column_free(ns.col);
    ns.col = NULL;
    if (!ns.alt || ns.fa.bad) return LS_OK;
    comma = !comma;
  }
  unsigned unit = ns.cur || ns.pct == 1 ? 0 : ns.epochs & (E_UNITS | E_YMD);
  if (st != LS_OK || !ns.values || (epoch_only && !unit)) {
    ls_column_free(ns.col);
    return st;
  }
  j->rep->decimal = comma ? LS_DECIMAL_COMMA : LS_DECIMAL_POINT;
  if (unit) {
    if ((st = epoch_column(&ns.col, ns.dbl, unit)) != LS_OK) return st;
    j->rep->decimal = LS_DECIMAL_AUTO;
    settle(j, ns.col, LS_TYPE_TIME, unit == E_YMD ? LS_COL_DATE | LS_COL_LOCAL : 0, 0, ns.nulls);
  } else {
    settle(j, ns.col, ns.dbl ? LS_TYPE_DOUBLE : LS_TYPE_INT64, ns.pct == 1 ? LS_COL_PERCENT : 0,
           ns.cur, ns.nulls);
  }
  *out = ns.col;
  *done = 1;
  return LS_OK;
}

static void settle_time(job *j, timescan *ts, int ambiguous) {
  settle(j, ts->col, LS_TYPE_TIME, time_flags(ts->seen), 0, ts->nulls);
  j->rep->ambiguous_dates = ambiguous;
  j->rep->date_order = ts->seen & (LS_DATE_MD | LS_DATE_DM) ? ts->order : LS_DATE_AUTO;
}

static ls_status try_time(job *j, ls_column **out, int *done) {
  timescan ts;
  ls_date_order order = j->o.date_order ? j->o.date_order : LS_DATE_MDY;
  int alt = !j->o.date_order;
  ls_status st;
  *done = 0;
  for (int pass = 0;; pass++) {
    time_setup(&ts, order, alt && pass == 0, 1, 0);
    st = new_column(j, LS_TYPE_TIME, &ts.col);
    if (st == LS_OK) st = scan_time(j->cells, &ts);
    if (st != LS_OK || !ts.f.bad) break;
    ls_column_free(ts.col);
    ts.col = NULL;
    if (!ts.alt || ts.fa.bad) return LS_OK;
    order = LS_DATE_DMY;
  }
  if (st != LS_OK || !ts.values) {
    ls_column_free(ts.col);
    return st;
  }
  settle_time(j, &ts, ts.alt && !ts.fa.bad && (ts.seen & (LS_DATE_MD | LS_DATE_DM)));
  *out = ts.col;
  *done = 1;
  return LS_OK;
}

static ls_status make_strings(job *j, ls_column **out) {
  ls_column *c;
  ls_status st = new_column(j, LS_TYPE_STRING, &c);
  if (st == LS_OK) st = room(c, 0, j->cells);
  ls_cells_cursor k;
  const char *s;
  size_t len, nulls = 0;
  ls_cells_begin(j->cells, &k);
  while (st == LS_OK && ls_cells_next(&k, &s, &len)) {
    const char *t = s;
    size_t tl = len;
    trim(&t, &tl);
    if (is_null(t, tl)) {
      nulls++;
      st = put_null(c);
    } else if (c) {
      st = ls_column_push_str(c, s, len);
    }
  }
  if (st != LS_OK) {
    ls_column_free(c);
    return st;
  }
  settle(j, c, LS_TYPE_STRING, 0, 0, nulls);
  *out = c;
  return LS_OK;
}

/* For a string column: whether its values are numbers in several
 * currencies, and the one type at least 99% of them read as. */
static void near_type(job *j) {
  ls_infer_report *r = j->rep;
  size_t values = j->cells->n - r->nulls, limit = values / 100;
  numscan ns;
  timescan ts;
  num_setup(&ns, decimal_comma(j->o.decimal), decimal_auto(j->o.decimal), 0, limit);
  scan_num(j->cells, &ns); /* without a column: nothing to fail */
  r->mixed_currency = ns.cur_bad && ns.cur_bad == ns.f.bad;
  if (values < 100) return;
  time_setup(&ts, j->o.date_order ? j->o.date_order : LS_DATE_MDY, !j->o.date_order, 0, limit);
  scan_time(j->cells, &ts);
  struct {
    ls_type t;
    unsigned flags;
    const fails *f;
  } c[] = {{LS_TYPE_INT64, 0, &ns.fi},
           {LS_TYPE_DOUBLE, ns.pct == 1 ? LS_COL_PERCENT : 0, &ns.f},
           {LS_TYPE_DOUBLE, ns.pct == 1 ? LS_COL_PERCENT : 0, ns.alt ? &ns.fa : &ns.f},
           {LS_TYPE_TIME, ts.seen & LS_DATE_TIME ? 0 : LS_COL_DATE, &ts.f},
           {LS_TYPE_TIME, ts.seen & LS_DATE_TIME ? 0 : LS_COL_DATE, ts.alt ? &ts.fa : &ts.f}};
  size_t best = 0;
  for (size_t i = 1; i < sizeof c / sizeof *c; i++)
    if (c[i].f->bad < c[best].f->bad) best = i;
  if (c[best].f->bad > limit) return;
  r->near_type = c[best].t;
  r->near_flags = c[best].flags;
  report_bad(j, c[best].f);
}

/* A column of the forced type; cells that do not read as it are null. */
static ls_status forced(job *j, ls_column **out) {
  ls_status st = LS_OK;
  int done = 0;
  switch (j->o.type) {
    case LS_TYPE_STRING: return make_strings(j, out);
    case LS_TYPE_BOOL: {
      tally t;
      ls_column *c;
      if ((st = new_column(j, LS_TYPE_BOOL, &c)) == LS_OK) st = scan_bool(j->cells, c, SIZE_MAX, &t);
      if (st != LS_OK) {
        ls_column_free(c);
        return st;
      }
      settle(j, c, LS_TYPE_BOOL, 0, 0, t.nulls);
      report_bad(j, &t.f);
      *out = c;
      return LS_OK;
    }
    case LS_TYPE_INT64:
    case LS_TYPE_DOUBLE: {
      numscan ns;
      int comma = decimal_comma(j->o.decimal), alt = decimal_auto(j->o.decimal);
      for (int pass = 0;; pass++) {
        num_setup(&ns, comma, alt && pass == 0, 0, SIZE_MAX);
        ns.need_int = j->o.type == LS_TYPE_INT64;
        if ((st = new_column(j, LS_TYPE_INT64, &ns.col)) == LS_OK) st = scan_num(j->cells, &ns);
        if (st == LS_OK && j->o.type == LS_TYPE_DOUBLE && !ns.dbl) st = to_double(&ns, j->cells->n);
        if (st != LS_OK || !ns.alt || ns.fa.bad >= ns.f.bad) break;
        ls_column_free(ns.col);
        comma = !comma;
      }
      if (st != LS_OK) {
        ls_column_free(ns.col);
        return st;
      }
      j->rep->decimal = comma ? LS_DECIMAL_COMMA : LS_DECIMAL_POINT;
      settle(j, ns.col, j->o.type, ns.pct == 1 && ns.dbl ? LS_COL_PERCENT : 0, ns.cur, ns.nulls);
      report_bad(j, &ns.f);
      *out = ns.col;
      return LS_OK;
    }
    case LS_TYPE_TIME: {
      if ((st = try_num(j, 1, 1, out, &done)) != LS_OK || done) return st;
      timescan ts;
      ls_date_order order = j->o.date_order ? j->o.date_order : LS_DATE_MDY;
      for (int pass = 0;; pass++) {
        time_setup(&ts, order, !j->o.date_order && pass == 0, 0, SIZE_MAX);
        if ((st = new_column(j, LS_TYPE_TIME, &ts.col)) == LS_OK) st = scan_time(j->cells, &ts);
        if (st != LS_OK || !ts.alt || ts.fa.bad >= ts.f.bad) break;
        ls_column_free(ts.col);
        order = LS_DATE_DMY;
      }
      if (st != LS_OK) {
        ls_column_free(ts.col);
        return st;
      }
      settle_time(j, &ts, ts.alt && !ts.fa.bad && !ts.f.bad && (ts.seen & (LS_DATE_MD | LS_DATE_DM)));
      report_bad(j, &ts.f);
      *out = ts.col;
      return LS_OK;
    }
    default: return LS_EINVAL;
  }
}

static ls_status run(job *j, ls_column **out) {
  ls_infer_report *r = j->rep;
  memset(r, 0, sizeof *r);
  r->type = LS_TYPE_STRING;
  r->near_type = LS_TYPE_COUNT;
  *out = NULL;
  if (j->o.force) return forced(j, out);
  int done;
  ls_status st = try_bool(j, out, &done);
  if (st == LS_OK && !done) st = try_num(j, ls_infer_time_name(j->name), 0, out, &done);
  if (st == LS_OK && !done) st = try_time(j, out, &done);
  if (st != LS_OK || done) return st;
  if ((st = make_strings(j, out)) == LS_OK && j->store) near_type(j);
  return st;
}

/* ---- API: inference ---- */

int ls_infer_time_name(const char *name) {
  if (!name) return 0;
  if (norm_contains(name, "time") || norm_contains(name, "date") || norm_equals(name, "ts") ||
      norm_equals(name, "created") || norm_equals(name, "updated") ||
      strstr(name, "\xE6\x97\xB6\xE9\x97\xB4") || strstr(name, "\xE6\x97\xA5\xE6\x9C\x9F"))
    return 1;
  size_t n = strlen(name);
  if (n >= 4 && (name[n - 3] == '_' || name[n - 3] == ' ') && equals_nocase(name + n - 2, 2, "at"))
    return 1;
  if (n >= 3 && name[n - 2] == 'A' && name[n - 1] == 't' && name[n - 3] >= 'a' && name[n - 3] <= 'z')
    return 1;
  return 0;
}

ls_type ls_infer_type(const char *name, const ls_cells *cells) {
  ls_infer_report rep;
  ls_column *c;
  job j = {name ? name : "", cells, {0, LS_TYPE_STRING, LS_DATE_AUTO, LS_DECIMAL_AUTO}, 0, &rep};
  if (!cells) return LS_TYPE_STRING;
  run(&j, &c); /* cannot fail: nothing is allocated */
  return rep.type;
}

ls_status ls_infer_column(const char *name, const ls_cells *cells, ls_column **out) {
  return ls_infer_column_ex(name, cells, NULL, out, NULL);
}

ls_status ls_infer_column_ex(const char *name, const ls_cells *cells, const ls_infer_opts *opts,
                             ls_column **out, ls_infer_report *rep) {
  ls_infer_report local;
  if (!out) return LS_EINVAL;
  *out = NULL;
  if (!cells) return LS_EINVAL;
  job j = {name ? name : "", cells, {0, LS_TYPE_STRING, LS_DATE_AUTO, LS_DECIMAL_AUTO}, 1,
           rep ? rep : &local};
  if (opts) {
    j.o = *opts;
    if ((unsigned)j.o.date_order > LS_DATE_YMD || (unsigned)j.o.decimal > LS_DECIMAL_COMMA ||
        (j.o.force && (unsigned)j.o.type >= LS_TYPE_COUNT))
      return LS_EINVAL;
  }
  return run(&j, out);
}

ls_type ls_infer_cell(const char *s, size_t len) {
  if (!s) return LS_TYPE_COUNT;
  trim(&s, &len);
  if (is_null(s, len)) return LS_TYPE_COUNT;
  if (bool_value(s, len) >= 0) return LS_TYPE_BOOL;
  ls_num v;
  ls_num_kind k = ls_num_parse(s, len, 0, &v);
  if (k == LS_NUM_NONE) k = ls_num_parse(s, len, 1, &v);
  if (k != LS_NUM_NONE) return k == LS_NUM_INT ? LS_TYPE_INT64 : LS_TYPE_DOUBLE;
  int64_t ms;
  unsigned fl;
  return ls_date_parse(s, len, LS_DATE_AUTO, &ms, &fl) ? LS_TYPE_TIME : LS_TYPE_STRING;
}

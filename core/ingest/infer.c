/* infer.c: column type inference over text cells, all at once or as they come. */
#include "ingest/infer.h"

#include <math.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "ingest/colscan.h"
#include "ingest/strcache.h"

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
    if (!*p || ls_scan_lower((unsigned char)*p) != *word) return NULL;
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


/* ---- private: inference ---- */

typedef struct {
  const char *name;
  const ls_cells *cells;
  ls_infer_opts o;
  int store;            /* build the column, not only find its type */
  ls_infer_report *rep;
} job;

/* The scan that read every value of a column so far, still open: a stream
 * goes on with it. Its column (when stored) is in the scan, or in col for
 * strings. */
typedef enum { WON_BOOL = 1, WON_NUM, WON_TIME, WON_STRING } won_kind;

typedef struct {
  won_kind kind;
  ls_boolscan b;
  ls_numscan n;
  ls_timescan t;
  ls_column *col;       /* bool and string columns */
  size_t nulls;         /* strings */
} winner;

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

static void report_bad(job *j, const ls_fails *f) {
  j->rep->bad = f->bad;
  memcpy(j->rep->bad_at, f->at, sizeof f->at);
}

static int decimal_comma(ls_decimal d) { return d == LS_DECIMAL_AUTO_COMMA || d == LS_DECIMAL_COMMA; }
static int decimal_auto(ls_decimal d) { return d == LS_DECIMAL_AUTO || d == LS_DECIMAL_AUTO_COMMA; }

/* Each scan over every cell of a column, stopping where it gives up. */
#define SCAN_CELLS(cells, step, scan)                                   \
  do {                                                                  \
    ls_cells_cursor k_;                                                 \
    const char *s_;                                                     \
    size_t len_;                                                        \
    ls_cells_begin(cells, &k_);                                         \
    for (size_t i_ = 0; ls_cells_next(&k_, &s_, &len_); i_++) {         \
      ls_scan_step r_ = step(scan, i_, s_, len_, (cells)->n);           \
      if (r_ == LS_SCAN_OOM) return LS_ENOMEM;                          \
      if (r_ == LS_SCAN_STOP) break;                                    \
    }                                                                   \
  } while (0)

static ls_status scan_bool(const ls_cells *cells, ls_boolscan *t) {
  SCAN_CELLS(cells, ls_boolscan_cell, t);
  return LS_OK;
}

static ls_status scan_num(const ls_cells *cells, ls_numscan *ns) {
  SCAN_CELLS(cells, ls_numscan_cell, ns);
  return LS_OK;
}

static ls_status scan_time(const ls_cells *cells, ls_timescan *ts) {
  SCAN_CELLS(cells, ls_timescan_cell, ts);
  return LS_OK;
}

/* ---- private: the attempts, each keeping its scan open when it won ---- */

static ls_status try_bool(job *j, winner *w, int *done) {
  ls_column *c;
  ls_status st = new_column(j, LS_TYPE_BOOL, &c);
  ls_boolscan_setup(&w->b, c, 0);
  if (st == LS_OK) st = scan_bool(j->cells, &w->b);
  *done = st == LS_OK && !w->b.f.bad && w->b.values;
  if (!*done) {
    ls_column_free(c);
    return st;
  }
  w->kind = WON_BOOL;
  w->col = c;
  return LS_OK;
}

/* Every value a number in one decimal mode (and currency). epoch_only
 * leaves a column that is not of epochs undone. */
static ls_status try_num(job *j, int epochs, int epoch_only, winner *w, int *done) {
  ls_numscan *ns = &w->n;
  int comma = decimal_comma(j->o.decimal), alt = decimal_auto(j->o.decimal);
  ls_status st;
  *done = 0;
  for (int pass = 0;; pass++) {
    ls_numscan_setup(ns, comma, alt && pass == 0, 1, 0);
    ns->epochs = epochs ? LS_EPOCH_ALL : 0;
    st = new_column(j, LS_TYPE_INT64, &ns->col);
    if (st == LS_OK) st = scan_num(j->cells, ns);
    if (st != LS_OK || !ns->f.bad) break;
    ls_column_free(ns->col);
    ns->col = NULL;
    if (!ns->alt || ns->fa.bad) return LS_OK;
    comma = !comma;
  }
  if (st != LS_OK || !ns->values || (epoch_only && !ls_numscan_epoch_unit(ns))) {
    ls_column_free(ns->col);
    ns->col = NULL;
    return st;
  }
  w->kind = WON_NUM;
  *done = 1;
  return LS_OK;
}

static ls_status try_time(job *j, winner *w, int *done) {
  ls_timescan *ts = &w->t;
  ls_date_order order = j->o.date_order ? j->o.date_order : LS_DATE_MDY;
  int alt = !j->o.date_order;
  ls_status st;
  *done = 0;
  for (int pass = 0;; pass++) {
    ls_timescan_setup(ts, order, alt && pass == 0, 1, 0);
    st = new_column(j, LS_TYPE_TIME, &ts->col);
    if (st == LS_OK) st = scan_time(j->cells, ts);
    if (st != LS_OK || !ts->f.bad) break;
    ls_column_free(ts->col);
    ts->col = NULL;
    if (!ts->alt || ts->fa.bad) return LS_OK;
    order = LS_DATE_DMY;
  }
  if (st != LS_OK || !ts->values) {
    ls_column_free(ts->col);
    ts->col = NULL;
    return st;
  }
  w->kind = WON_TIME;
  *done = 1;
  return LS_OK;
}

/* One string cell into col (NULL: only counted), untrimmed; null cells null. */
static ls_status string_cell(ls_column *c, size_t *nulls, const char *s, size_t len) {
  const char *t = s;
  size_t tl = len;
  ls_scan_trim(&t, &tl);
  if (ls_scan_is_null(t, tl)) {
    ++*nulls;
    return c ? ls_column_push_null(c) : LS_OK;
  }
  return c ? ls_column_push_str(c, s, len) : LS_OK;
}

static ls_status make_strings(job *j, winner *w) {
  ls_column *c;
  ls_status st = new_column(j, LS_TYPE_STRING, &c);
  if (st == LS_OK && c) st = ls_column_reserve(c, j->cells->n);
  ls_cells_cursor k;
  const char *s;
  size_t len;
  w->nulls = 0;
  ls_cells_begin(j->cells, &k);
  while (st == LS_OK && ls_cells_next(&k, &s, &len)) st = string_cell(c, &w->nulls, s, len);
  if (st != LS_OK) {
    ls_column_free(c);
    return st;
  }
  w->kind = WON_STRING;
  w->col = c;
  return LS_OK;
}

/* 1 when name's last word is "id" ("user_pseudo_id", "User ID", "userId",
 * "用户ID", "id"), not when "id" only ends a word ("paid", "valid"). */
static int id_name(const char *name) {
  size_t n = strlen(name);
  if (n < 2 || ls_scan_lower((unsigned char)name[n - 2]) != 'i' || ls_scan_lower((unsigned char)name[n - 1]) != 'd')
    return 0;
  if (n == 2) return 1;
  unsigned char b = (unsigned char)name[n - 3];
  int letter = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  return !letter || (b >= 'a' && b <= 'z' && name[n - 2] == 'I');
}

/* A number column that is an identifier with a fraction (GA4's user_pseudo_id
 * "1234567890.1234567890") is text: its digits are its value, and a double
 * would merge ids differing past the 16th digit. */
static int id_text(const job *j, const winner *w) {
  return w->kind == WON_NUM && w->n.dbl && !ls_numscan_epoch_unit(&w->n) && id_name(j->name);
}

/* The first type every value of the cells reads as (not forced). */
static ls_status attempt(job *j, winner *w) {
  memset(w, 0, sizeof *w);
  int done;
  ls_status st = try_bool(j, w, &done);
  if (st == LS_OK && !done) st = try_num(j, ls_infer_time_name(j->name), 0, w, &done);
  if (st == LS_OK && done && id_text(j, w)) {
    ls_column_free(w->n.col);
    memset(w, 0, sizeof *w);
    done = 0;
  }
  if (st == LS_OK && !done) st = try_time(j, w, &done);
  if (st == LS_OK && !done) st = make_strings(j, w);
  return st;
}

static void winner_free(winner *w) {
  ls_column_free(w->col);
  ls_column_free(w->n.col);
  ls_column_free(w->t.col);
  memset(w, 0, sizeof *w);
}

/* For a string column: whether its values are numbers in several
 * currencies, and the one type at least 99% of them read as. Reads the
 * column built (its null cells are the report's nulls). */
static void near_type(job *j, const ls_column *c) {
  ls_infer_report *r = j->rep;
  size_t n = ls_column_len(c), values = n - r->nulls, limit = values / 100, len;
  const char *s;
  ls_numscan ns;
  ls_timescan ts;
  ls_numscan_setup(&ns, decimal_comma(j->o.decimal), decimal_auto(j->o.decimal), 0, limit);
  for (size_t i = 0; i < n; i++)
    if (ls_column_valid(c, i) && (s = ls_column_str(c, i, &len)) &&
        ls_numscan_cell(&ns, i, s, len, 0) != LS_SCAN_ON) /* without a column: nothing to fail */
      break;
  r->mixed_currency = ns.cur_bad && ns.cur_bad == ns.f.bad;
  if (values < 100) return;
  ls_timescan_setup(&ts, j->o.date_order ? j->o.date_order : LS_DATE_MDY, !j->o.date_order, 0, limit);
  for (size_t i = 0; i < n; i++)
    if (ls_column_valid(c, i) && (s = ls_column_str(c, i, &len)) &&
        ls_timescan_cell(&ts, i, s, len, 0) != LS_SCAN_ON)
      break;
  struct {
    ls_type t;
    unsigned flags;
    const ls_fails *f;
  } k[] = {{LS_TYPE_INT64, 0, &ns.fi},
           {LS_TYPE_DOUBLE, ns.pct == 1 ? LS_COL_PERCENT : 0, &ns.f},
           {LS_TYPE_DOUBLE, ns.pct == 1 ? LS_COL_PERCENT : 0, ns.alt ? &ns.fa : &ns.f},
           {LS_TYPE_TIME, ts.seen & LS_DATE_TIME ? 0 : LS_COL_DATE, &ts.f},
           {LS_TYPE_TIME, ts.seen & LS_DATE_TIME ? 0 : LS_COL_DATE, ts.alt ? &ts.fa : &ts.f}};
  size_t best = 0;
  for (size_t i = 1; i < sizeof k / sizeof *k; i++)
    if (k[i].f->bad < k[best].f->bad) best = i;
  if (k[best].f->bad > limit) return;
  r->near_type = k[best].t;
  r->near_flags = k[best].flags;
  report_bad(j, k[best].f);
}

static int64_t epoch_ms(int64_t i, double d, int dbl, unsigned unit) {
  if (unit == LS_EPOCH_YMD)
    return ls_days_from_civil(i / 10000, (int)(i / 100 % 100), (int)(i % 100)) * LS_MS_PER_DAY;
  if (dbl) {
    double ms = unit == LS_EPOCH_S ? d * 1000 : unit == LS_EPOCH_MS ? d : unit == LS_EPOCH_US ? d / 1e3 : d / 1e6;
    return (int64_t)llround(ms);
  }
  switch (unit) {
    case LS_EPOCH_S: return i * 1000;
    case LS_EPOCH_MS: return i;
    case LS_EPOCH_US: return (i + 500) / 1000;
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

static void settle_time(job *j, ls_timescan *ts, int ambiguous) {
  settle(j, ts->col, LS_TYPE_TIME, ls_timescan_flags(ts), 0, ts->nulls);
  j->rep->ambiguous_dates = ambiguous;
  j->rep->date_order = ts->seen & (LS_DATE_MD | LS_DATE_DM) ? ts->order : LS_DATE_AUTO;
}

/* The column of the scan that won, settled in the report; the winner no
 * longer holds it. */
static ls_status conclude(job *j, winner *w, ls_column **out) {
  ls_status st = LS_OK;
  switch (w->kind) {
    case WON_BOOL:
      settle(j, w->col, LS_TYPE_BOOL, 0, 0, w->b.nulls);
      *out = w->col;
      break;
    case WON_NUM: {
      ls_numscan *ns = &w->n;
      unsigned unit = ls_numscan_epoch_unit(ns);
      j->rep->decimal = ns->comma ? LS_DECIMAL_COMMA : LS_DECIMAL_POINT;
      if (unit) {
        st = epoch_column(&ns->col, ns->dbl, unit);
        j->rep->decimal = LS_DECIMAL_AUTO;
        settle(j, ns->col, LS_TYPE_TIME, unit == LS_EPOCH_YMD ? LS_COL_DATE | LS_COL_LOCAL : 0, 0, ns->nulls);
      } else {
        settle(j, ns->col, ns->dbl ? LS_TYPE_DOUBLE : LS_TYPE_INT64, ns->pct == 1 ? LS_COL_PERCENT : 0,
               ns->cur, ns->nulls);
      }
      *out = ns->col;
      break;
    }
    case WON_TIME: {
      ls_timescan *ts = &w->t;
      settle_time(j, ts, ts->alt && !ts->fa.bad && (ts->seen & (LS_DATE_MD | LS_DATE_DM)));
      *out = ts->col;
      break;
    }
    case WON_STRING:
      settle(j, w->col, LS_TYPE_STRING, 0, 0, w->nulls);
      if (w->col) near_type(j, w->col);
      *out = w->col;
      break;
  }
  w->col = w->n.col = w->t.col = NULL;
  return st;
}

/* A column of the forced type; cells that do not read as it are null. */
static ls_status forced(job *j, ls_column **out) {
  ls_status st = LS_OK;
  winner w;
  memset(&w, 0, sizeof w);
  switch (j->o.type) {
    case LS_TYPE_STRING: {
      if ((st = make_strings(j, &w)) != LS_OK) return st;
      settle(j, w.col, LS_TYPE_STRING, 0, 0, w.nulls);
      *out = w.col;
      return LS_OK;
    }
    case LS_TYPE_BOOL: {
      ls_column *c;
      if ((st = new_column(j, LS_TYPE_BOOL, &c)) == LS_OK) {
        ls_boolscan_setup(&w.b, c, SIZE_MAX);
        st = scan_bool(j->cells, &w.b);
      }
      if (st != LS_OK) {
        ls_column_free(c);
        return st;
      }
      settle(j, c, LS_TYPE_BOOL, 0, 0, w.b.nulls);
      report_bad(j, &w.b.f);
      *out = c;
      return LS_OK;
    }
    case LS_TYPE_INT64:
    case LS_TYPE_DOUBLE: {
      ls_numscan *ns = &w.n;
      int comma = decimal_comma(j->o.decimal), alt = decimal_auto(j->o.decimal);
      for (int pass = 0;; pass++) {
        ls_numscan_setup(ns, comma, alt && pass == 0, 0, SIZE_MAX);
        ns->need_int = j->o.type == LS_TYPE_INT64;
        if ((st = new_column(j, LS_TYPE_INT64, &ns->col)) == LS_OK) st = scan_num(j->cells, ns);
        if (st == LS_OK && j->o.type == LS_TYPE_DOUBLE && !ns->dbl) st = ls_numscan_to_double(ns, j->cells->n);
        if (st != LS_OK || !ns->alt || ns->fa.bad >= ns->f.bad) break;
        ls_column_free(ns->col);
        comma = !comma;
      }
      if (st != LS_OK) {
        ls_column_free(ns->col);
        return st;
      }
      j->rep->decimal = comma ? LS_DECIMAL_COMMA : LS_DECIMAL_POINT;
      settle(j, ns->col, j->o.type, ns->pct == 1 && ns->dbl ? LS_COL_PERCENT : 0, ns->cur, ns->nulls);
      report_bad(j, &ns->f);
      *out = ns->col;
      return LS_OK;
    }
    case LS_TYPE_TIME: {
      int done = 0;
      if ((st = try_num(j, 1, 1, &w, &done)) != LS_OK) return st;
      if (done) return conclude(j, &w, out);
      ls_timescan *ts = &w.t;
      ls_date_order order = j->o.date_order ? j->o.date_order : LS_DATE_MDY;
      for (int pass = 0;; pass++) {
        ls_timescan_setup(ts, order, !j->o.date_order && pass == 0, 0, SIZE_MAX);
        if ((st = new_column(j, LS_TYPE_TIME, &ts->col)) == LS_OK) st = scan_time(j->cells, ts);
        if (st != LS_OK || !ts->alt || ts->fa.bad >= ts->f.bad) break;
        ls_column_free(ts->col);
        order = LS_DATE_DMY;
      }
      if (st != LS_OK) {
        ls_column_free(ts->col);
        return st;
      }
      settle_time(j, ts, ts->alt && !ts->fa.bad && !ts->f.bad && (ts->seen & (LS_DATE_MD | LS_DATE_DM)));
      report_bad(j, &ts->f);
      *out = ts->col;
      return LS_OK;
    }
    default: return LS_EINVAL;
  }
}

static void report_init(ls_infer_report *r) {
  memset(r, 0, sizeof *r);
  r->type = LS_TYPE_STRING;
  r->near_type = LS_TYPE_COUNT;
}

static ls_status run(job *j, ls_column **out) {
  report_init(j->rep);
  *out = NULL;
  if (j->o.force) return forced(j, out);
  winner w;
  ls_status st = attempt(j, &w);
  if (st == LS_OK) st = conclude(j, &w, out);
  winner_free(&w);
  if (st != LS_OK) {
    ls_column_free(*out);
    *out = NULL;
  }
  return st;
}

static int opts_valid(const ls_infer_opts *o) {
  return (unsigned)o->date_order <= LS_DATE_YMD && (unsigned)o->decimal <= LS_DECIMAL_COMMA &&
         !(o->force && (unsigned)o->type >= LS_TYPE_COUNT);
}

/* ---- API: inference ---- */

int ls_infer_time_name(const char *name) {
  if (!name) return 0;
  if (norm_contains(name, "time") || norm_contains(name, "date") || norm_equals(name, "ts") ||
      norm_equals(name, "created") || norm_equals(name, "updated") ||
      strstr(name, "\xE6\x97\xB6\xE9\x97\xB4") || strstr(name, "\xE6\x97\xA5\xE6\x9C\x9F"))
    return 1;
  size_t n = strlen(name);
  if (n >= 4 && (name[n - 3] == '_' || name[n - 3] == ' ') &&
      ls_scan_equals_nocase(name + n - 2, 2, "at"))
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
    if (!opts_valid(opts)) return LS_EINVAL;
    j.o = *opts;
  }
  return run(&j, out);
}

ls_type ls_infer_cell(const char *s, size_t len) {
  if (!s) return LS_TYPE_COUNT;
  ls_scan_trim(&s, &len);
  if (ls_scan_is_null(s, len)) return LS_TYPE_COUNT;
  if (ls_scan_bool_value(s, len) >= 0) return LS_TYPE_BOOL;
  ls_num v;
  ls_num_kind k = ls_num_parse(s, len, 0, &v);
  if (k == LS_NUM_NONE) k = ls_num_parse(s, len, 1, &v);
  if (k != LS_NUM_NONE) return k == LS_NUM_INT ? LS_TYPE_INT64 : LS_TYPE_DOUBLE;
  int64_t ms;
  unsigned fl;
  return ls_date_parse(s, len, LS_DATE_AUTO, &ms, &fl) ? LS_TYPE_TIME : LS_TYPE_STRING;
}

/* ---- API: inference as cells come ---- */

struct ls_infer_stream {
  char *name;
  job j;
  ls_infer_report rep;
  winner w;
  size_t i;             /* the next cell's index */
  int is_id;            /* the name is an identifier's (id_name), asked once */
  ls_strcache recent;   /* strings: the ids of short texts */
};

void ls_infer_stream_free(ls_infer_stream *s) {
  if (!s) return;
  winner_free(&s->w);
  ls_strcache_free(&s->recent);
  ls_free(s->name);
  ls_free(s);
}

ls_status ls_infer_stream_new(const char *name, const ls_cells *cells, const ls_infer_opts *opts,
                              ls_infer_stream **out) {
  if (!out) return LS_EINVAL;
  *out = NULL;
  if (!cells || (opts && !opts_valid(opts))) return LS_EINVAL;
  if (opts && opts->force) return LS_OK; /* forced columns read failing cells as null: all at once */
  ls_infer_stream *s = ls_calloc(1, sizeof *s);
  if (!s || !(s->name = ls_strdup(name ? name : ""))) {
    ls_infer_stream_free(s);
    return LS_ENOMEM;
  }
  s->j = (job){s->name, cells, {0, LS_TYPE_STRING, LS_DATE_AUTO, LS_DECIMAL_AUTO}, 1, &s->rep};
  if (opts) s->j.o = *opts;
  s->is_id = id_name(s->name);
  report_init(&s->rep);
  ls_status st = attempt(&s->j, &s->w);
  s->j.cells = NULL;
  s->i = cells->n;
  /* what later cells could still change: a column without values yet, and
   * one of epochs (a later value may rule the unit out) */
  int settled = s->w.kind != WON_STRING || s->w.nulls < cells->n;
  if (s->w.kind == WON_NUM && ls_numscan_epoch_unit(&s->w.n)) settled = 0;
  if (st != LS_OK || !settled) {
    ls_infer_stream_free(s);
    return st;
  }
  *out = s;
  return LS_OK;
}

/* An empty cell: a null in every kind of column, and nothing else changes
 * (each scan's own path for it, without the parsing). */
static ls_infer_push empty_cell(ls_infer_stream *s) {
  winner *w = &s->w;
  ls_column *c;
  switch (w->kind) {
    case WON_BOOL: w->b.nulls++, c = w->col; break;
    case WON_NUM: w->n.nulls++, c = w->n.col; break;
    case WON_TIME: w->t.nulls++, c = w->t.col; break;
    default: w->nulls++, c = w->col; break;
  }
  s->i++;
  return ls_column_push_null(c) == LS_OK ? LS_INFER_TAKEN : LS_INFER_OOM;
}

ls_infer_push ls_infer_stream_push(ls_infer_stream *s, const char *text, size_t len) {
  if (!len) return empty_cell(s);
  size_t i = s->i++;
  ls_scan_step r;
  switch (s->w.kind) {
    case WON_BOOL: r = ls_boolscan_cell(&s->w.b, i, text, len, 0); break;
    case WON_NUM:
      r = ls_numscan_cell(&s->w.n, i, text, len, 0);
      /* an identifier with a fraction is typed again from the text (id_text) */
      if (r == LS_SCAN_ON && s->is_id && s->w.n.dbl && !ls_numscan_epoch_unit(&s->w.n)) r = LS_SCAN_STOP;
      break;
    case WON_TIME: r = ls_timescan_cell(&s->w.t, i, text, len, 0); break;
    default:
      return string_cell(s->w.col, &s->w.nulls, text, len) == LS_OK ? LS_INFER_TAKEN : LS_INFER_OOM;
  }
  return r == LS_SCAN_ON ? LS_INFER_TAKEN : r == LS_SCAN_STOP ? LS_INFER_MISS : LS_INFER_OOM;
}

static int blank(char ch) { return ch == ' ' || ch == '\t'; }

/* A string cell of 1 to LS_STRCACHE_LEN bytes that is no null (nothing to
 * trim, and no null token), through the cache of short texts. */
static ls_infer_push short_text(ls_infer_stream *s, const char *text, size_t len) {
  ls_column *c = s->w.col;
  uint64_t a, b;
  s->i++;
  if (!s->recent.n && ls_strcache_fit(&s->recent, 0) != LS_OK) return LS_INFER_OOM;
  ls_strcache_key(text, len, &a, &b);
  ls_strcache_entry *e = ls_strcache_at(&s->recent, a, b, len);
  int32_t id = e->id;
  if (id < 0 || e->len != len || e->a != a || e->b != b) {
    size_t before = ls_dict_size(ls_column_dict(c));
    if ((id = ls_column_intern(c, text, len)) < 0) return LS_INFER_OOM;
    if ((size_t)id == before && s->recent.n < LS_STRCACHE_MAX && 2 * (before + 1) > s->recent.n) {
      if (ls_strcache_fit(&s->recent, before + 1) != LS_OK) return LS_INFER_OOM;
      e = ls_strcache_at(&s->recent, a, b, len);
    }
    *e = (ls_strcache_entry){a, b, (uint32_t)len, id};
  }
  return ls_column_push_id(c, id) == LS_OK ? LS_INFER_TAKEN : LS_INFER_OOM;
}

ls_infer_push ls_infer_stream_push_many(ls_infer_stream *s, const ls_field *cells, size_t stride,
                                        size_t n, size_t *taken) {
  ls_infer_push r = LS_INFER_TAKEN;
  size_t k = 0;
  switch (s->w.kind) { /* each kind's loop; every cell as ls_infer_stream_push takes it */
    case WON_NUM:
      for (; k < n && r == LS_INFER_TAKEN; k++) {
        const ls_field *f = &cells[k * stride];
        ls_scan_step st;
        if (f->len && ls_numscan_quick(&s->w.n, s->i, f->s, f->len, &st)) {
          s->i++;
          /* an identifier with a fraction is typed again from the text (id_text) */
          if (st == LS_SCAN_ON && s->is_id && s->w.n.dbl) st = LS_SCAN_STOP;
          r = st == LS_SCAN_ON ? LS_INFER_TAKEN : st == LS_SCAN_STOP ? LS_INFER_MISS : LS_INFER_OOM;
        } else {
          r = ls_infer_stream_push(s, f->s, f->len);
        }
      }
      break;
    case WON_TIME:
      for (; k < n && r == LS_INFER_TAKEN; k++) {
        const ls_field *f = &cells[k * stride];
        ls_scan_step st;
        if (ls_timescan_quick(&s->w.t, f->s, f->len, &st)) {
          s->i++;
          r = st == LS_SCAN_ON ? LS_INFER_TAKEN : LS_INFER_OOM;
        } else {
          r = ls_infer_stream_push(s, f->s, f->len);
        }
      }
      break;
    case WON_STRING:
      for (; k < n && r == LS_INFER_TAKEN; k++) {
        const char *t = cells[k * stride].s;
        size_t len = cells[k * stride].len;
        if (len && len <= LS_STRCACHE_LEN && !blank(t[0]) && !blank(t[len - 1]) && !ls_scan_is_null(t, len))
          r = short_text(s, t, len);
        else
          r = ls_infer_stream_push(s, t, len);
      }
      break;
    default:
      for (; k < n && r == LS_INFER_TAKEN; k++) r = ls_infer_stream_push(s, cells[k * stride].s, cells[k * stride].len);
      break;
  }
  *taken = r == LS_INFER_TAKEN ? k : k - 1;
  return r;
}

ls_status ls_infer_stream_end(ls_infer_stream *s, ls_column **out, ls_infer_report *rep) {
  *out = NULL;
  ls_status st = conclude(&s->j, &s->w, out);
  if (st != LS_OK) {
    ls_column_free(*out);
    *out = NULL;
    return st;
  }
  if (rep) *rep = s->rep;
  return LS_OK;
}

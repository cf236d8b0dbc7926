/* precomp.c: the kinds of precomputed tables and the metric_values reader
 * (precomp/precomp.h). */
#include "precomp/precomp.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "catalog/catalog.h"
#include "precomp/precomp_matrix.h"

/* ---- private: headers ---- */

/* 1 when t's columns are named exactly (normalised) the '|'-separated names */
static int header_is(const ls_table *t, const char *names) {
  size_t n = ls_table_ncols(t), i = 0;
  const char *p = names;
  for (; *p && i < n; i++) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    char got[32];
    ls_detect_normalize(ls_column_name(ls_table_col(t, i)), got, sizeof got);
    if (strlen(got) != len || memcmp(got, p, len) != 0) return 0;
    p += len + (bar ? 1 : 0);
  }
  return i == n && !*p;
}

/* cohort,size,0,1,...: a retention matrix of counts */
static int retention_header(const ls_table *t) {
  size_t n = ls_table_ncols(t);
  if (n < 3) return 0;
  char a[16], b[16];
  ls_detect_normalize(ls_column_name(ls_table_col(t, 0)), a, sizeof a);
  ls_detect_normalize(ls_column_name(ls_table_col(t, 1)), b, sizeof b);
  if (strcmp(a, "cohort") != 0 || strcmp(b, "size") != 0) return 0;
  for (size_t k = 2; k < n; k++) {
    char want[24];
    snprintf(want, sizeof want, "%zu", k - 2);
    if (strcmp(ls_column_name(ls_table_col(t, k)), want) != 0) return 0;
  }
  return 1;
}

static const char *const LIFE_HEADER = "period|new|returning|resurrecting|dormant";
static const char *const LIFE_METRICS[] = {"lifecycle_new", "lifecycle_returning", "lifecycle_resurrecting",
                                           "lifecycle_dormant"};

/* ---- private: reading metric_values ---- */

/* one value cell */
typedef struct {
  size_t m;       /* index into the metrics met */
  size_t row, col;
  int64_t start;
  ls_grain label; /* LS_GRAIN_MONTH or LS_GRAIN_DAY: what the label is */
  ls_grain stated;/* the grain column's, or 0 */
  double v;
} cell;

typedef struct {
  const ls_table *t;
  const ls_source *src;
  ls_tz tz;
  char *err;
  size_t errlen;
  int metric_col, grain_col, period_col;
  size_t nval;               /* value columns */
  int val_col[4];
  const char *val_metric[4]; /* wide and single forms: each value column's metric */
  const char *met[256];      /* metrics met, in order */
  size_t nmet;
  cell *cells;
  size_t ncells;
} reader;

static int cell_cmp(const void *pa, const void *pb) {
  const cell *a = pa, *b = pb;
  if (a->m != b->m) return a->m < b->m ? -1 : 1;
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  return a->row < b->row ? -1 : a->row > b->row;
}

/* the form of the header into rd; 0 when t is no metric_values table */
static int form(reader *rd) {
  const ls_table *t = rd->t;
  rd->metric_col = rd->grain_col = -1;
  rd->nval = 1;
  if (header_is(t, "period|value")) {
    char name[128];
    const char *tn = ls_table_name(t), *slash = strrchr(tn, '/');
    if (slash) tn = slash + 1;
    size_t len = strcspn(tn, ".");
    snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), tn);
    const ls_metric_def *def = ls_catalog_find(name);
    rd->val_metric[0] = def ? def->name : NULL;
    rd->period_col = 0;
    rd->val_col[0] = 1;
    return 1;
  }
  if (header_is(t, "metric|period|value") || header_is(t, "metric|grain|period|value")) {
    rd->metric_col = 0;
    rd->grain_col = ls_table_ncols(t) == 4 ? 1 : -1;
    rd->period_col = (int)ls_table_ncols(t) - 2;
    rd->val_col[0] = (int)ls_table_ncols(t) - 1;
    return 1;
  }
  if (header_is(t, LIFE_HEADER)) {
    rd->period_col = 0;
    rd->nval = 4;
    for (size_t j = 0; j < 4; j++) {
      rd->val_col[j] = (int)j + 1;
      rd->val_metric[j] = LIFE_METRICS[j];
    }
    return 1;
  }
  return 0;
}

/* the index of metric name in rd->met, added when new; -1 when full */
static int metric_index(reader *rd, const char *name) {
  for (size_t i = 0; i < rd->nmet; i++)
    if (rd->met[i] == name) return (int)i;
  if (rd->nmet == sizeof rd->met / sizeof *rd->met) return -1;
  rd->met[rd->nmet] = name;
  return (int)rd->nmet++;
}

/* the metric of row r, value column j: its catalog name into *name */
static ls_status row_metric(reader *rd, size_t r, size_t j, const char **name) {
  if (rd->metric_col < 0) {
    *name = rd->val_metric[j];
    if (*name) return LS_OK;
    const char *tn = ls_table_name(rd->t);
    return ls_precomp_fail(rd->t, rd->src, r, (size_t)rd->val_col[j], rd->err, rd->errlen,
                           "no metric named \"%.*s\" (a period,value file is named after its metric: mrr.csv)",
                           (int)strcspn(tn, "."), tn);
  }
  const ls_column *c = ls_table_col(rd->t, (size_t)rd->metric_col);
  size_t len = 0;
  const char *s = ls_column_type(c) == LS_TYPE_STRING && ls_column_valid(c, r) ? ls_column_str(c, r, &len) : NULL;
  char buf[64];
  snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), s ? s : "");
  const ls_metric_def *def = s && len < sizeof buf ? ls_catalog_find(buf) : NULL;
  if (!def)
    return ls_precomp_fail(rd->t, rd->src, r, (size_t)rd->metric_col, rd->err, rd->errlen,
                           "no metric named \"%s\" (see lodestar metrics)", buf);
  *name = def->name;
  return LS_OK;
}

/* the grain column's cell of row r into *g */
static ls_status row_grain(reader *rd, size_t r, ls_grain *g) {
  *g = 0;
  if (rd->grain_col < 0) return LS_OK;
  const ls_column *c = ls_table_col(rd->t, (size_t)rd->grain_col);
  size_t len = 0;
  const char *s = ls_column_type(c) == LS_TYPE_STRING && ls_column_valid(c, r) ? ls_column_str(c, r, &len) : NULL;
  char buf[16];
  snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), s ? s : "");
  if (!s || len >= sizeof buf || !(*g = ls_grain_parse(buf)))
    return ls_precomp_fail(rd->t, rd->src, r, (size_t)rd->grain_col, rd->err, rd->errlen,
                           "bad grain \"%s\" (day, week or month)", buf);
  return LS_OK;
}

/* every value cell into rd->cells, each checked alone and against the first
 * cell of its metric (grains not mixed) */
static ls_status collect(reader *rd) {
  size_t rows = ls_table_rows(rd->t);
  if (rows > SIZE_MAX / 4 / sizeof(cell)) return LS_ENOMEM;
  rd->cells = ls_malloc((rows * rd->nval + 1) * sizeof *rd->cells);
  if (!rd->cells) return LS_ENOMEM;
  size_t first[256]; /* the index of each metric's first cell */
  const ls_column *pc = ls_table_col(rd->t, (size_t)rd->period_col);
  for (size_t r = 0; r < rows; r++) {
    cell base = {0, r, (size_t)rd->period_col, 0, 0, 0, NAN};
    if (!ls_precomp_period(pc, r, rd->tz, &base.start, &base.label)) {
      size_t len = 0;
      const char *s = ls_column_type(pc) == LS_TYPE_STRING && ls_column_valid(pc, r) ? ls_column_str(pc, r, &len) : "";
      return ls_precomp_fail(rd->t, rd->src, r, base.col, rd->err, rd->errlen,
                             "bad period label \"%.*s\" (YYYY-MM-DD for a day or week, YYYY-MM for a month)",
                             (int)(len > 40 ? 40 : len), s ? s : "");
    }
    ls_status st = row_grain(rd, r, &base.stated);
    if (st != LS_OK) return st;
    if (base.stated && (base.stated == LS_GRAIN_MONTH) != (base.label == LS_GRAIN_MONTH))
      return ls_precomp_fail(rd->t, rd->src, r, base.col, rd->err, rd->errlen, "a %s label in a %s row",
                             base.label == LS_GRAIN_MONTH ? "month" : "date", ls_grain_name(base.stated));
    if (base.stated == LS_GRAIN_WEEK && ls_period_start(base.start, LS_GRAIN_WEEK, rd->tz) != base.start)
      return ls_precomp_fail(rd->t, rd->src, r, base.col, rd->err, rd->errlen,
                             "a week is labelled by its Monday; this date is not one");
    for (size_t j = 0; j < rd->nval; j++) {
      cell c = base;
      c.col = (size_t)rd->val_col[j];
      const char *name;
      if ((st = row_metric(rd, r, j, &name)) != LS_OK) return st;
      size_t before = rd->nmet;
      int m = metric_index(rd, name);
      if (m < 0)
        return ls_precomp_fail(rd->t, rd->src, r, c.col, rd->err, rd->errlen, "more than %zu metrics in one file",
                               sizeof rd->met / sizeof *rd->met);
      c.m = (size_t)m;
      if (!ls_precomp_number(ls_table_col(rd->t, c.col), r, &c.v))
        return ls_precomp_fail(rd->t, rd->src, r, c.col, rd->err, rd->errlen, "the value is not a number");
      if (rd->nmet > before) first[m] = rd->ncells; /* the metric's first cell */
      const cell *f = &rd->cells[first[m]];
      if (rd->nmet == before && ((f->label == LS_GRAIN_MONTH) != (c.label == LS_GRAIN_MONTH) ||
                             (f->stated != c.stated)))
        return ls_precomp_fail(rd->t, rd->src, r, base.col, rd->err, rd->errlen,
                               "mixed grains for %s: this is a %s, line %llu had a %s", name,
                               c.stated ? ls_grain_name(c.stated) : c.label == LS_GRAIN_MONTH ? "month" : "date",
                               (unsigned long long)ls_precomp_line(rd->src, f->row),
                               f->stated ? ls_grain_name(f->stated) : f->label == LS_GRAIN_MONTH ? "month" : "date");
      rd->cells[rd->ncells++] = c;
    }
  }
  return LS_OK;
}

/* cells a[0..n) of one metric, sorted by start, into series s */
static ls_status build(reader *rd, const cell *a, size_t n, ls_precomp_series *s) {
  s->metric = rd->met[a[0].m];
  for (size_t i = 1; i < n; i++)
    if (a[i].start == a[i - 1].start)
      return ls_precomp_fail(rd->t, rd->src, a[i].row, (size_t)rd->period_col,
                             rd->err, rd->errlen, "the period of %s is given twice (also on line %llu)", s->metric,
                             (unsigned long long)ls_precomp_line(rd->src, a[i - 1].row));
  ls_grain g = a[0].stated ? a[0].stated
                           : ls_precomp_grain(&a[0].start, n, sizeof *a, a[0].label, rd->tz);
  s->grain = g;
  size_t count = 1;
  for (int64_t p = a[0].start; p < a[n - 1].start; p = ls_period_next(p, g, rd->tz))
    if (++count > 100000)
      return ls_precomp_fail(rd->t, rd->src, a[n - 1].row, a[n - 1].col, rd->err, rd->errlen,
                             "%s spans more than 100000 %ss", s->metric, ls_grain_name(g));
  s->start = ls_malloc((count + 1) * sizeof *s->start);
  s->value = ls_malloc(count * sizeof *s->value);
  if (!s->start || !s->value) return LS_ENOMEM;
  size_t k = 0;
  int64_t p = a[0].start;
  for (size_t i = 0; i < count; i++, p = ls_period_next(p, g, rd->tz)) {
    s->start[i] = p;
    s->value[i] = NAN;
    if (k < n && a[k].start == p) s->value[i] = a[k++].v;
  }
  s->start[count] = p;
  s->n = count;
  if (k < n) /* a date between two periods of the grain (a month's label was checked) */
    return ls_precomp_fail(rd->t, rd->src, a[k].row, (size_t)rd->period_col, rd->err, rd->errlen,
                           "this %s does not start a %s of %s", "date", ls_grain_name(g), s->metric);
  return LS_OK;
}

/* ---- API ---- */

ls_kind ls_precomp_kind(const ls_table *t) {
  if (!t) return LS_KIND_UNKNOWN;
  if (header_is(t, "period|value") || header_is(t, "metric|period|value") ||
      header_is(t, "metric|grain|period|value") || header_is(t, LIFE_HEADER))
    return LS_KIND_METRIC_VALUES;
  if (retention_header(t)) return LS_KIND_RETENTION_MATRIX;
  if (header_is(t, "step|event|users|fromstart|fromprevious|medianseconds|meanseconds")) return LS_KIND_FUNNEL_STEPS;
  return LS_KIND_UNKNOWN;
}

int ls_precomp_is_kind(ls_kind k) {
  return k == LS_KIND_METRIC_VALUES || k == LS_KIND_RETENTION_MATRIX || k == LS_KIND_FUNNEL_STEPS;
}

void ls_precomp_values_free(ls_precomp_values *v) {
  if (!v) return;
  for (size_t i = 0; i < v->n; i++) {
    ls_free(v->series[i].start);
    ls_free(v->series[i].value);
  }
  ls_free(v->series);
  ls_free(v);
}

ls_status ls_precomp_values_read(const ls_table *t, const ls_source *src, ls_tz tz, ls_precomp_values **out,
                                 char *err, size_t errlen) {
  *out = NULL;
  if (err && errlen) err[0] = '\0';
  reader rd = {.t = t, .src = src, .tz = tz, .err = err, .errlen = errlen};
  if (!t || !form(&rd))
    return ls_precomp_fail(t, src, 0, 0, err, errlen, "not a period,value or metric,period,value table");
  ls_precomp_values *v = ls_calloc(1, sizeof *v);
  ls_status st = v ? collect(&rd) : LS_ENOMEM;
  if (st == LS_OK) {
    qsort(rd.cells, rd.ncells, sizeof *rd.cells, cell_cmp);
    v->series = ls_calloc(rd.nmet + 1, sizeof *v->series);
    if (!v->series) st = LS_ENOMEM;
  }
  for (size_t i = 0; st == LS_OK && i < rd.ncells;) {
    size_t j = i;
    while (j < rd.ncells && rd.cells[j].m == rd.cells[i].m) j++;
    st = build(&rd, rd.cells + i, j - i, &v->series[v->n++]);
    i = j;
  }
  ls_free(rd.cells);
  if (st == LS_ENOMEM && err && errlen) snprintf(err, errlen, "out of memory");
  if (st != LS_OK) {
    ls_precomp_values_free(v);
    return st;
  }
  *out = v;
  return LS_OK;
}

ls_status ls_precomp_check(const ls_table *t, ls_kind k, const ls_source *src, ls_tz tz, char *err,
                           size_t errlen) {
  if (k == LS_KIND_METRIC_VALUES) {
    ls_precomp_values *v = NULL;
    ls_status st = ls_precomp_values_read(t, src, tz, &v, err, errlen);
    ls_precomp_values_free(v);
    return st;
  }
  if (k == LS_KIND_RETENTION_MATRIX) {
    ls_retention *r = NULL;
    ls_status st = ls_precomp_retention_read(t, src, tz, &r, err, errlen);
    ls_retention_free(r);
    return st;
  }
  if (k == LS_KIND_FUNNEL_STEPS) {
    ls_funnel *f = NULL;
    ls_status st = ls_precomp_funnel_read(t, src, &f, NULL, err, errlen);
    ls_funnel_free(f);
    return st;
  }
  return LS_OK;
}

/* reviews.c: review triage over a reviews dataset (reviews.h).
 *
 * One pass over the rows: a row counts when it has a rating and, when the
 * dataset has a time column, a time inside the window. A counted row is
 * negative when its rating is at most 2, or at most 4 when the dataset's
 * largest rating is above 5 (a 1–10 scale). Each negative takes the caller's
 * label for its row, else the keyword rules (reviewrules.c). Periods run
 * from the one holding the first counted review to the one holding the last,
 * the last one possibly partial: a rate is a share, so a partial period still
 * reads true. */
#include "assist/reviews.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/tz.h"
#include "detect/detect.h"

#define MAX_PERIODS 100000
#define EVIDENCE_MAX 200 /* bytes of a clause quoted as evidence; longer: the keyword alone */

/* ---- private: the spec ---- */

typedef struct {
  ls_grain grain;
  int64_t from, to;     /* [from, to): instants; INT64_MIN / INT64_MAX when open */
  const cJSON *labels;  /* the array, or NULL */
} spec_t;

/* The text of key into *out (NULL when absent or null); LS_EINVAL when it is
 * something else. */
static ls_status text_of(ls_workspace *ws, const cJSON *j, const char *key, const char **out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
  *out = NULL;
  if (!v || cJSON_IsNull(v)) return LS_OK;
  if (!cJSON_IsString(v)) return ls_workspace_fail(ws, LS_EINVAL, "reviews: \"%s\" must be text", key);
  *out = v->valuestring;
  return LS_OK;
}

/* A date or time of the spec as an instant; a bare day as "to" is included
 * whole (it ends at the next local midnight). */
static ls_status date_of(ls_workspace *ws, const char *text, int end, int64_t *out) {
  size_t len = strlen(text);
  int64_t t;
  if (!ls_time_parse(text, len, &t)) return ls_workspace_fail(ws, LS_EINVAL, "reviews: bad date \"%.64s\"", text);
  *out = ls_tz_from_local(ls_workspace_tz(ws), end && len == 10 ? t + LS_MS_PER_DAY : t);
  return LS_OK;
}

static ls_status read_spec(ls_workspace *ws, const cJSON *j, spec_t *s) {
  s->grain = LS_GRAIN_WEEK;
  s->from = INT64_MIN;
  s->to = INT64_MAX;
  s->labels = NULL;
  if (!j || cJSON_IsNull(j)) return LS_OK;
  if (!cJSON_IsObject(j)) return ls_workspace_fail(ws, LS_EINVAL, "reviews: the spec must be a JSON object");
  const char *grain, *from, *to;
  ls_status st = text_of(ws, j, "grain", &grain);
  if (st == LS_OK) st = text_of(ws, j, "from", &from);
  if (st == LS_OK) st = text_of(ws, j, "to", &to);
  if (st != LS_OK) return st;
  if (grain && !(s->grain = ls_grain_parse(grain)))
    return ls_workspace_fail(ws, LS_EINVAL, "reviews: unknown grain \"%.64s\"", grain);
  if (from && (st = date_of(ws, from, 0, &s->from)) != LS_OK) return st;
  if (to && (st = date_of(ws, to, 1, &s->to)) != LS_OK) return st;
  const cJSON *labels = cJSON_GetObjectItemCaseSensitive(j, "labels");
  if (labels && !cJSON_IsNull(labels)) {
    if (!cJSON_IsArray(labels))
      return ls_workspace_fail(ws, LS_EINVAL, "reviews: \"labels\" must be an array of {row, category, reason, evidence}");
    s->labels = labels;
  }
  return LS_OK;
}

/* The category named name, or -1. */
static int cat_of(const char *name) {
  for (int c = 0; name && c < LS_REVIEW_CAT_COUNT; c++)
    if (strcmp(name, ls_review_cat_name((ls_review_cat)c)) == 0) return c;
  return -1;
}

/* label[row] = the index in labels of the last label for row (rows of the
 * dataset only; others are left out), -1 where none. */
static ls_status index_labels(ls_workspace *ws, const cJSON *labels, size_t rows, int32_t *label) {
  for (size_t i = 0; i < rows; i++) label[i] = -1;
  int k = 0;
  const cJSON *l;
  cJSON_ArrayForEach(l, labels) {
    const cJSON *row = cJSON_GetObjectItemCaseSensitive(l, "row");
    const char *cat = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "category"));
    if (!cJSON_IsNumber(row) || row->valuedouble != floor(row->valuedouble))
      return ls_workspace_fail(ws, LS_EINVAL, "reviews: labels[%d]: \"row\" must be a row number", k);
    if (cat_of(cat) < 0)
      return ls_workspace_fail(ws, LS_EINVAL,
                               "reviews: labels[%d]: \"category\" must be logistics, product_quality or other", k);
    static const char *const texts[] = {"reason", "evidence"};
    for (int t = 0; t < 2; t++) {
      const cJSON *v = cJSON_GetObjectItemCaseSensitive(l, texts[t]);
      if (v && !cJSON_IsNull(v) && !cJSON_IsString(v))
        return ls_workspace_fail(ws, LS_EINVAL, "reviews: labels[%d]: \"%s\" must be text", k, texts[t]);
    }
    if (row->valuedouble >= 0 && row->valuedouble < (double)rows) label[(size_t)row->valuedouble] = k;
    k++;
  }
  return LS_OK;
}

/* ---- private: the dataset ---- */

typedef struct {
  const ls_table *t;
  const ls_column *rating, *text, *time, *id, *order, *product;
} cols_t;

static const ls_column *col_of(const ls_table *t, const ls_detection *d, ls_role r) {
  return d->col[r] >= 0 ? ls_table_col(t, (size_t)d->col[r]) : NULL;
}

/* The reviews dataset's columns, or LS_ENODATA / LS_EINVAL with the message. */
static ls_status find_dataset(ls_workspace *ws, cols_t *c) {
  int di = ls_workspace_find(ws, LS_KIND_REVIEWS);
  if (di < 0) {
    /* review texts without ratings: say which role is missing */
    for (size_t i = 0; i < ls_workspace_count(ws); i++) {
      const ls_detection *d = ls_workspace_detection(ws, i);
      if (d->kind == LS_KIND_UNKNOWN && d->col[LS_ROLE_REVIEW_TEXT] >= 0 && d->col[LS_ROLE_SCORE] < 0)
        return ls_workspace_fail(ws, LS_EINVAL,
                                 "reviews: %s has review texts but no rating column (role score): "
                                 "triage needs ratings",
                                 ls_table_name(ls_workspace_table(ws, i)));
    }
    return ls_workspace_fail(ws, LS_ENODATA,
                             "reviews: no reviews dataset is loaded (it needs a rating and a review text column)");
  }
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  const ls_detection *d = ls_workspace_detection(ws, (size_t)di);
  c->t = t;
  c->rating = col_of(t, d, LS_ROLE_SCORE);
  c->text = col_of(t, d, LS_ROLE_REVIEW_TEXT);
  c->time = col_of(t, d, LS_ROLE_TIMESTAMP);
  c->id = col_of(t, d, LS_ROLE_ID);
  c->order = col_of(t, d, LS_ROLE_ORDER_ID);
  c->product = col_of(t, d, LS_ROLE_PLAN);
  if (!c->rating)
    return ls_workspace_fail(ws, LS_EINVAL, "reviews: %s has no rating column (role score): triage needs ratings",
                             ls_table_name(t));
  return LS_OK;
}

/* ---- private: one negative review ---- */

typedef struct {
  int64_t time; /* INT64_MIN without a time column */
  uint32_t row;
  uint8_t cat;
  int32_t label;        /* index into the labels, -1: the rules */
  uint32_t ev, ev_len;  /* the rules' keyword in the text */
} neg_t;

/* newest first; rows of one instant by row, last first */
static int neg_cmp(const void *a, const void *b) {
  const neg_t *x = a, *y = b;
  if (x->time != y->time) return x->time > y->time ? -1 : 1;
  return x->row > y->row ? -1 : x->row < y->row;
}

static int clause_end(const unsigned char *p, size_t left) {
  if (*p == '.' || *p == '!' || *p == '?' || *p == ';' || *p == ',' || *p == '\n' || *p == '\r') return 1;
  /* 。、 (E3 80 82, E3 80 81) and full-width ！，；？ (EF BC 81, 8C, 9B, 9F) */
  if (left >= 3 && p[0] == 0xE3 && p[1] == 0x80 && (p[2] == 0x82 || p[2] == 0x81)) return 3;
  if (left >= 3 && p[0] == 0xEF && p[1] == 0xBC && (p[2] == 0x81 || p[2] == 0x8C || p[2] == 0x9B || p[2] == 0x9F))
    return 3;
  return 0;
}

/* The clause of text holding [*at, *at + *n) (up to the punctuation around
 * it, spaces trimmed), when it is at most EVIDENCE_MAX bytes; else the
 * keyword alone. */
static void clause(const char *text, size_t len, size_t *at, size_t *n) {
  const unsigned char *s = (const unsigned char *)text;
  size_t lo = *at, hi = *at + *n;
  while (lo > 0) {
    size_t back = lo >= 3 && clause_end(s + lo - 3, 3) == 3 ? 3 : clause_end(s + lo - 1, 1) ? 1 : 0;
    if (back) break;
    lo--;
  }
  while (hi < len && !clause_end(s + hi, len - hi)) hi++;
  while (lo < *at && (s[lo] == ' ' || s[lo] == '\t')) lo++;
  while (hi > *at + *n && (s[hi - 1] == ' ' || s[hi - 1] == '\t')) hi--;
  if (hi - lo <= EVIDENCE_MAX) {
    *at = lo;
    *n = hi - lo;
  }
}

/* ---- private: JSON ---- */

/* A cell as text (ids): a string, an integer's digits, or null. */
static cJSON *id_json(const ls_column *c, size_t i) {
  if (!c || !ls_column_valid(c, i)) return cJSON_CreateNull();
  if (ls_column_type(c) == LS_TYPE_STRING) {
    size_t n;
    const char *s = ls_column_str(c, i, &n);
    char *z = ls_malloc(n + 1);
    if (!z) return NULL;
    memcpy(z, s, n);
    z[n] = '\0';
    cJSON *o = cJSON_CreateString(z);
    ls_free(z);
    return o;
  }
  double v = ls_column_num(c, i);
  if (isnan(v)) return cJSON_CreateNull();
  char buf[32];
  snprintf(buf, sizeof buf, "%.17g", v);
  return cJSON_CreateString(buf);
}

/* A string of n bytes (not NUL-terminated), under key. */
static int add_bytes(cJSON *o, const char *key, const char *s, size_t n) {
  char *z = ls_malloc(n + 1);
  if (!z) return 0;
  memcpy(z, s, n);
  z[n] = '\0';
  int ok = cJSON_AddStringToObject(o, key, z) != NULL;
  ls_free(z);
  return ok;
}

/* category, source, reason and evidence of a negative into o */
static int add_verdict(cJSON *o, const neg_t *g, const cols_t *c, const cJSON *labels) {
  int ok = cJSON_AddStringToObject(o, "category", ls_review_cat_name((ls_review_cat)g->cat)) != NULL;
  if (g->label >= 0) {
    const cJSON *l = cJSON_GetArrayItem(labels, g->label);
    const char *reason = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "reason"));
    const char *evidence = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "evidence"));
    return ok && cJSON_AddStringToObject(o, "source", "llm") &&
           cJSON_AddStringToObject(o, "reason", reason ? reason : "") &&
           cJSON_AddStringToObject(o, "evidence", evidence ? evidence : "");
  }
  ok = ok && cJSON_AddStringToObject(o, "source", "rules");
  if (g->cat == LS_REVIEW_OTHER)
    return ok && cJSON_AddStringToObject(o, "reason", "no keyword") && cJSON_AddStringToObject(o, "evidence", "");
  size_t n = 0;
  const char *text = ls_column_str(c->text, g->row, &n);
  size_t at = g->ev, len = g->ev_len;
  char reason[96];
  snprintf(reason, sizeof reason, "keyword: %.*s", (int)len, text + at);
  clause(text, n, &at, &len);
  return ok && cJSON_AddStringToObject(o, "reason", reason) && add_bytes(o, "evidence", text + at, len);
}

static cJSON *item_json(const neg_t *g, const cols_t *c, const cJSON *labels, ls_tz tz) {
  cJSON *o = cJSON_CreateObject();
  size_t i = g->row, n = 0;
  const char *text = c->text ? ls_column_str(c->text, i, &n) : NULL;
  char when[LS_TIME_TEXT_MAX];
  if (g->time != INT64_MIN) ls_time_format_minute(ls_tz_to_local(tz, g->time), when);
  int ok = o && cJSON_AddNumberToObject(o, "row", (double)i) &&
           cJSON_AddItemToObject(o, "id", id_json(c->id, i)) &&
           cJSON_AddItemToObject(o, "order_id", id_json(c->order, i)) &&
           cJSON_AddItemToObject(o, "product_id", id_json(c->product, i)) &&
           cJSON_AddNumberToObject(o, "rating", ls_column_num(c->rating, i)) &&
           (text ? add_bytes(o, "text", text, n) : cJSON_AddNullToObject(o, "text") != NULL) &&
           (g->time != INT64_MIN ? cJSON_AddStringToObject(o, "created", when) != NULL
                                 : cJSON_AddNullToObject(o, "created") != NULL) &&
           add_verdict(o, g, c, labels);
  if (!ok) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static cJSON *appeal_json(const neg_t *g, const cols_t *c, const cJSON *labels) {
  cJSON *o = cJSON_CreateObject(), *v = NULL;
  int ok = o && cJSON_AddItemToObject(o, "order_id", id_json(c->order, g->row)) && add_verdict(o, g, c, labels);
  /* the appeal needs no source */
  if (ok && (v = cJSON_DetachItemFromObjectCaseSensitive(o, "source"))) cJSON_Delete(v);
  if (!ok) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

/* ---- private: the counts ---- */

typedef struct {
  size_t total, nneg, counts[LS_REVIEW_CAT_COUNT];
  int64_t *start; /* nper + 1 instants */
  size_t nper;
  size_t *reviews, *neg[LS_REVIEW_CAT_COUNT]; /* per period */
  neg_t *negs;
  double max_rating, at_most;
} tally_t;

static void tally_free(tally_t *y) {
  ls_free(y->start);
  ls_free(y->reviews);
  for (int k = 0; k < LS_REVIEW_CAT_COUNT; k++) ls_free(y->neg[k]);
  ls_free(y->negs);
}

static int counted(const cols_t *c, const spec_t *s, size_t i) {
  if (!ls_column_valid(c->rating, i) || isnan(ls_column_num(c->rating, i))) return 0;
  if (!c->time) return 1;
  if (!ls_column_valid(c->time, i)) return 0;
  int64_t t = ls_column_i64(c->time)[i];
  return t >= s->from && t < s->to;
}

/* the periods from the one holding lo to the one holding hi */
static ls_status lay_out(ls_workspace *ws, tally_t *y, ls_grain g, int64_t lo, int64_t hi) {
  ls_tz tz = ls_workspace_tz(ws);
  size_t cap = 64, n = 0;
  int64_t p = ls_period_start(lo, g, tz);
  if (!(y->start = ls_malloc(cap * sizeof *y->start))) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  for (;;) {
    if (n + 2 > cap) {
      if (n >= MAX_PERIODS) return ls_workspace_fail(ws, LS_ERANGE, "reviews: more than %d periods", MAX_PERIODS);
      int64_t *s = ls_reallocarray(y->start, cap * 2, sizeof *s);
      if (!s) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
      y->start = s;
      cap *= 2;
    }
    y->start[n++] = p;
    p = ls_period_next(p, g, tz);
    if (p > hi) break;
  }
  y->start[n] = p;
  y->nper = n;
  return LS_OK;
}

/* the period holding t (t within the laid-out span) */
static size_t period_of(const tally_t *y, int64_t t) {
  size_t lo = 0, hi = y->nper; /* the last start <= t */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (y->start[mid] <= t)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

static ls_status tally(ls_workspace *ws, const cols_t *c, const spec_t *s, const int32_t *label, tally_t *y) {
  size_t rows = ls_table_rows(c->t);
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  y->max_rating = -INFINITY;
  for (size_t i = 0; i < rows; i++) {
    double r = ls_column_num(c->rating, i);
    if (!isnan(r) && r > y->max_rating) y->max_rating = r;
    if (!c->time || !counted(c, s, i)) continue;
    int64_t t = ls_column_i64(c->time)[i];
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  y->at_most = y->max_rating > 5 ? 4 : 2;
  if (lo <= hi) {
    ls_status st = lay_out(ws, y, s->grain, lo, hi);
    if (st != LS_OK) return st;
  }
  size_t np = y->nper ? y->nper : 1;
  y->reviews = ls_calloc(np, sizeof *y->reviews);
  y->negs = ls_malloc((rows ? rows : 1) * sizeof *y->negs);
  int ok = y->reviews && y->negs;
  for (int k = 0; k < LS_REVIEW_CAT_COUNT; k++) ok = ok && (y->neg[k] = ls_calloc(np, sizeof *y->neg[k]));
  if (!ok) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  for (size_t i = 0; i < rows; i++) {
    if (!counted(c, s, i)) continue;
    int64_t t = c->time ? ls_column_i64(c->time)[i] : INT64_MIN;
    size_t p = y->nper ? period_of(y, t) : 0;
    y->total++;
    y->reviews[p]++;
    if (ls_column_num(c->rating, i) > y->at_most) continue;
    neg_t *g = &y->negs[y->nneg++];
    *g = (neg_t){t, (uint32_t)i, LS_REVIEW_OTHER, label ? label[i] : -1, 0, 0};
    if (g->label >= 0) {
      const cJSON *l = cJSON_GetArrayItem(s->labels, g->label);
      g->cat = (uint8_t)cat_of(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "category")));
    } else {
      size_t n = 0, ev = 0, evn = 0;
      const char *text = c->text ? ls_column_str(c->text, i, &n) : NULL;
      g->cat = (uint8_t)ls_review_classify(text, text ? n : 0, &ev, &evn);
      g->ev = (uint32_t)ev;
      g->ev_len = (uint32_t)evn;
    }
    y->counts[g->cat]++;
    y->neg[g->cat][p]++;
  }
  qsort(y->negs, y->nneg, sizeof *y->negs, neg_cmp);
  return LS_OK;
}

static cJSON *result_json(ls_workspace *ws, const cols_t *c, const spec_t *s, const tally_t *y) {
  ls_tz tz = ls_workspace_tz(ws);
  cJSON *o = cJSON_CreateObject(), *rule = NULL;
  int ok = o && cJSON_AddStringToObject(o, "dataset", ls_table_name(c->t)) &&
           (rule = cJSON_AddObjectToObject(o, "negative_rule")) &&
           cJSON_AddNumberToObject(rule, "at_most", y->at_most) &&
           (y->max_rating > -INFINITY ? cJSON_AddNumberToObject(rule, "max_rating", y->max_rating) != NULL
                                      : cJSON_AddNullToObject(rule, "max_rating") != NULL) &&
           cJSON_AddNumberToObject(o, "total", (double)y->total) &&
           cJSON_AddNumberToObject(o, "negatives", (double)y->nneg) &&
           cJSON_AddStringToObject(o, "grain", ls_grain_name(s->grain));
  cJSON *periods = cJSON_AddArrayToObject(o, "periods"), *reviews = cJSON_AddArrayToObject(o, "reviews");
  cJSON *rate = cJSON_AddObjectToObject(o, "rate"), *counts = cJSON_AddObjectToObject(o, "counts");
  ok = ok && periods && reviews && rate && counts;
  for (size_t p = 0; ok && p < y->nper; p++) {
    char name[LS_TIME_TEXT_MAX];
    ls_period_name(y->start[p], s->grain, tz, name);
    ok = cJSON_AddItemToArray(periods, cJSON_CreateString(name)) &&
         cJSON_AddItemToArray(reviews, cJSON_CreateNumber((double)y->reviews[p]));
  }
  for (int k = 0; ok && k < LS_REVIEW_CAT_COUNT; k++) {
    const char *name = ls_review_cat_name((ls_review_cat)k);
    cJSON *a = cJSON_AddArrayToObject(rate, name);
    ok = a && cJSON_AddNumberToObject(counts, name, (double)y->counts[k]);
    for (size_t p = 0; ok && p < y->nper; p++)
      ok = cJSON_AddItemToArray(a, y->reviews[p] ? cJSON_CreateNumber((double)y->neg[k][p] / (double)y->reviews[p])
                                                 : cJSON_CreateNull());
  }
  cJSON *items = cJSON_AddArrayToObject(o, "items"), *appeals = cJSON_AddArrayToObject(o, "appeals");
  ok = ok && items && appeals;
  for (size_t i = 0; ok && i < y->nneg; i++) {
    const neg_t *g = &y->negs[i];
    if (i < LS_REVIEW_MAX_ITEMS) ok = cJSON_AddItemToArray(items, item_json(g, c, s->labels, tz));
    if (ok && g->cat == LS_REVIEW_LOGISTICS) ok = cJSON_AddItemToArray(appeals, appeal_json(g, c, s->labels));
  }
  if (!ok) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

/* ---- API ---- */

ls_status ls_reviews_triage(ls_workspace *ws, const cJSON *spec, cJSON **out) {
  if (!out) return LS_EINVAL;
  *out = NULL;
  if (!ws) return LS_EINVAL;
  spec_t s;
  cols_t c;
  ls_status st = read_spec(ws, spec, &s);
  if (st == LS_OK) st = find_dataset(ws, &c);
  if (st != LS_OK) return st;
  size_t rows = ls_table_rows(c.t);
  int32_t *label = NULL;
  if (s.labels) {
    if (!(label = ls_malloc((rows ? rows : 1) * sizeof *label))) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
    if ((st = index_labels(ws, s.labels, rows, label)) != LS_OK) {
      ls_free(label);
      return st;
    }
  }
  tally_t y;
  memset(&y, 0, sizeof y);
  st = tally(ws, &c, &s, label, &y);
  if (st == LS_OK && !(*out = result_json(ws, &c, &s, &y))) st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  tally_free(&y);
  ls_free(label);
  return st;
}

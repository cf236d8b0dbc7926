/* scope.c: row masks for --where, segment values for --by (metrics/scope.h). */
#include "metrics/scope.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "base/dict.h"
#include "base/numfmt.h"

/* A column and, when it lives in the customers dataset, each row's customer row. */
typedef struct {
  const ls_column *col;
  const int32_t *via; /* dataset row -> customers row (-1: none); NULL: the dataset's own */
  /* when the dataset's key column is text: its dictionary entry -> customers
   * row (-1: none), nd entries, and that key column; else NULL */
  const int32_t *of_id;
  size_t nd;
  const ls_column *key;
} lookup;

/* A join as cached: lookup's via, of_id and nd. */
typedef struct {
  int32_t *via, *of_id;
  size_t nd;
} join_val;

static void join_free(void *p) {
  join_val *v = p;
  if (!v) return;
  ls_free(v->via);
  ls_free(v->of_id);
  ls_free(v);
}

/* ---- private ---- */

static const ls_column *named(const ls_table *t, const char *name) {
  for (size_t c = 0; c < ls_table_ncols(t); c++) {
    const char *n = ls_column_name(ls_table_col(t, c));
    if (ls_ascii_ieqn(n, strlen(n), name, strlen(name))) return ls_table_col(t, c);
  }
  return NULL;
}

static const ls_column *role(const ls_workspace *ws, int di, ls_role r) {
  const ls_detection *d = ls_workspace_detection(ws, (size_t)di);
  return d->col[r] >= 0 ? ls_table_col(ls_workspace_table(ws, (size_t)di), (size_t)d->col[r]) : NULL;
}

const char *ls_scope_cell_text(const ls_column *c, size_t i, char *buf, size_t *len) {
  if (!ls_column_valid(c, i)) return NULL;
  const char *s = buf;
  switch (ls_column_type(c)) {
    case LS_TYPE_STRING: return ls_column_str(c, i, len);
    case LS_TYPE_BOOL: s = ls_column_bool(c)[i] ? "true" : "false"; break;
    case LS_TYPE_INT64: snprintf(buf, LS_NUMFMT_MAX, "%" PRId64, ls_column_i64(c)[i]); break;
    default: ls_fmt_double(ls_column_num(c, i), buf); break;
  }
  *len = strlen(s);
  return s;
}

/* The key text of a row of a customer column, into buf. */
static const char *key_text(const ls_column *c, size_t i, char *buf, size_t *len) {
  if (!c || (ls_column_type(c) != LS_TYPE_STRING && ls_column_type(c) != LS_TYPE_INT64)) return NULL;
  return ls_scope_cell_text(c, i, buf, len);
}

/* What the join of a dataset to the customers is built from. */
typedef struct {
  const ls_column *mine, *theirs; /* the dataset's key column, the customers' */
  size_t rows, crows;
} join_ctx;

/* Each row of the dataset's key column -> the first customers row with that
 * key (-1: none). The keys are matched once per dictionary entry of a string
 * key column (once per row of any other), never once per row; a string key
 * column of the customers is searched through its own dictionary (no key
 * interned again). */
static ls_status build_join(ls_workspace *ws, void *ctx, void **value) {
  const join_ctx *j = ctx;
  const ls_dict *cd = ls_column_type(j->theirs) == LS_TYPE_STRING ? ls_column_dict(j->theirs) : NULL;
  ls_dict *keys = cd ? NULL : ls_dict_new();
  const ls_dict *find = cd ? cd : keys;
  size_t ncd = cd ? ls_dict_size(cd) : j->crows;
  int32_t *first = ls_malloc((ncd + 1) * sizeof *first), *via = ls_malloc((j->rows + 1) * sizeof *via);
  const ls_dict *md = ls_column_type(j->mine) == LS_TYPE_STRING ? ls_column_dict(j->mine) : NULL;
  size_t nd = md ? ls_dict_size(md) : 0;
  int32_t *of_id = md ? ls_malloc((nd + 1) * sizeof *of_id) : NULL; /* dictionary entry -> customers row */
  int ok = (cd || keys) && first && via && (!md || of_id);
  char buf[LS_NUMFMT_MAX];
  size_t len;
  if (ok && cd) { /* the first row of each entry of the customers' key dictionary */
    const int32_t *ids = ls_column_str_ids(j->theirs);
    for (size_t e = 0; e < ncd; e++) first[e] = -1;
    for (size_t i = j->crows; i-- > 0;)
      if (ls_column_valid(j->theirs, i)) first[ids[i]] = (int32_t)i;
  }
  for (size_t i = 0; ok && !cd && i < j->crows; i++) {
    const char *k = key_text(j->theirs, i, buf, &len);
    if (!k) continue;
    size_t before = ls_dict_size(keys);
    int32_t id = ls_dict_intern(keys, k, len);
    if (id < 0) ok = 0;
    else if ((size_t)id == before) first[id] = (int32_t)i;
  }
  for (size_t e = 0; ok && e < nd; e++) {
    const char *k = ls_dict_str(md, (int32_t)e, &len);
    int32_t id = ls_dict_find(find, k, len);
    of_id[e] = id < 0 ? -1 : first[id];
  }
  if (ok && md) {
    const int32_t *ids = ls_column_str_ids(j->mine);
    if (!ls_column_nulls(j->mine))
      for (size_t i = 0; i < j->rows; i++) via[i] = of_id[ids[i]];
    else
      for (size_t i = 0; i < j->rows; i++) via[i] = ls_column_valid(j->mine, i) ? of_id[ids[i]] : -1;
  }
  for (size_t i = 0; ok && !md && i < j->rows; i++) {
    const char *k = key_text(j->mine, i, buf, &len);
    int32_t id = k ? ls_dict_find(find, k, len) : -1;
    via[i] = id < 0 ? -1 : first[id];
  }
  ls_dict_free(keys);
  ls_free(first);
  join_val *v = ok ? ls_calloc(1, sizeof *v) : NULL;
  if (!v) {
    ls_free(of_id);
    ls_free(via);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  *v = (join_val){via, of_id, nd};
  *value = v;
  return LS_OK;
}

static ls_status join_of(ls_workspace *ws, int di, int cj, const ls_column *mine, const ls_column *theirs,
                         lookup *out) {
  join_ctx j = {mine, theirs, ls_table_rows(ls_workspace_table(ws, (size_t)di)),
                ls_table_rows(ls_workspace_table(ws, (size_t)cj))};
  char key[96];
  snprintf(key, sizeof key, "scope|join|%d|%p|%d|%p", di, (const void *)mine, cj, (const void *)theirs);
  void *v = NULL;
  ls_status st = ls_workspace_cached_ctx(ws, key, build_join, &j, join_free, &v);
  if (st != LS_OK) return st;
  const join_val *jv = v;
  out->via = jv->via;
  out->of_id = jv->of_id;
  out->nd = jv->nd;
  out->key = jv->of_id ? mine : NULL;
  return LS_OK;
}

/* out->via comes from the workspace cache (one join per dataset and key
 * columns): valid until the next call that may build a cached entry, and
 * never freed by the caller. */
static ls_status find_column(ls_workspace *ws, int di, const char *name, lookup *out) {
  *out = (lookup){NULL, NULL, NULL, 0, NULL};
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  out->col = named(t, name);
  int cj = ls_workspace_find(ws, LS_KIND_CUSTOMERS);
  if (!out->col && cj >= 0 && cj != di) {
    const ls_table *ct = ls_workspace_table(ws, (size_t)cj);
    const ls_column *col = named(ct, name), *mine = role(ws, di, LS_ROLE_CUSTOMER),
                    *theirs = role(ws, cj, LS_ROLE_CUSTOMER);
    if (!mine) mine = role(ws, di, LS_ROLE_USER);
    if (!theirs) theirs = role(ws, cj, LS_ROLE_ID);
    if (col && mine && theirs) {
      ls_status st = join_of(ws, di, cj, mine, theirs, out);
      if (st != LS_OK) return st;
      out->col = col;
    }
  }
  if (!out->col)
    return ls_workspace_fail(ws, LS_ENOTFOUND, "no column \"%s\" in %s%s", name, ls_table_name(t),
                             cj >= 0 && cj != di ? " or the customers dataset" : "");
  if (ls_column_type(out->col) == LS_TYPE_TIME) {
    *out = (lookup){NULL, NULL, NULL, 0, NULL};
    return ls_workspace_fail(ws, LS_EINVAL, "column \"%s\" holds times: it cannot filter or segment", name);
  }
  return LS_OK;
}

/* The text of dataset row i through lookup k. */
static const char *row_text(const lookup *k, size_t i, char *buf, size_t *len) {
  if (k->via) {
    if (k->via[i] < 0) return NULL;
    i = (size_t)k->via[i];
  }
  return ls_scope_cell_text(k->col, i, buf, len);
}

static int by_bytes(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Per entry of string column c's dictionary, 1 when it matches want (ASCII
 * case ignored); NULL when out of memory (the caller compares row by row). */
static uint8_t *matching_ids(const ls_column *c, const char *want, size_t wn) {
  const ls_dict *d = ls_column_dict(c);
  size_t n = d ? ls_dict_size(d) : 0;
  uint8_t *hit = d ? ls_malloc(n + 1) : NULL;
  for (size_t id = 0; hit && id < n; id++) {
    size_t len;
    const char *s = ls_dict_str(d, (int32_t)id, &len);
    hit[id] = (uint8_t)ls_ascii_ieqn(s, len, want, wn);
  }
  return hit;
}

/* Clear m[i] for the rows whose text through k is not want (wn bytes);
 * hit: per dictionary entry of k's string column, whether it matches, or
 * NULL (each row's text compared). */
static void narrow(uint8_t *m, size_t rows, const lookup *k, const uint8_t *hit, const char *want, size_t wn) {
  const int32_t *ids = hit ? ls_column_str_ids(k->col) : NULL;
  if (ids && !k->via && !ls_column_nulls(k->col)) { /* the common case, without a branch a row */
    for (size_t i = 0; i < rows; i++) m[i] &= hit[ids[i]];
    return;
  }
  int nulls = ls_column_nulls(k->col) != 0;
  uint8_t *ok = ids && k->of_id ? ls_malloc(k->nd + 1) : NULL;
  if (ok) { /* a customers' column through a text key: whether each key matches, then each row by its key */
    for (size_t e = 0; e < k->nd; e++) {
      int32_t r = k->of_id[e];
      ok[e] = (uint8_t)(r >= 0 && (!nulls || ls_column_valid(k->col, (size_t)r)) && hit[ids[r]]);
    }
    const int32_t *kid = ls_column_str_ids(k->key);
    if (!ls_column_nulls(k->key))
      for (size_t i = 0; i < rows; i++) m[i] &= ok[kid[i]];
    else
      for (size_t i = 0; i < rows; i++) m[i] &= ls_column_valid(k->key, i) ? ok[kid[i]] : 0;
    ls_free(ok);
    return;
  }
  size_t crows = ids && k->via ? ls_column_len(k->col) : 0;
  ok = crows ? ls_malloc(crows + 1) : NULL;
  if (ok) { /* a customers' column: whether each customer matches, then each row through its customer */
    for (size_t r = 0; r < crows; r++) ok[r] = (uint8_t)((!nulls || ls_column_valid(k->col, r)) && hit[ids[r]]);
    ok[crows] = 0; /* rows without a customer */
    for (size_t i = 0; i < rows; i++) m[i] &= ok[k->via[i] < 0 ? crows : (size_t)k->via[i]];
    ls_free(ok);
    return;
  }
  char buf[LS_NUMFMT_MAX];
  for (size_t i = 0; i < rows; i++) {
    if (!m[i]) continue;
    if (ids) {
      size_t r = i;
      if (k->via && k->via[i] < 0) m[i] = 0;
      else if (k->via) r = (size_t)k->via[i];
      if (m[i] && (!ls_column_valid(k->col, r) || !hit[ids[r]])) m[i] = 0;
      continue;
    }
    size_t len;
    const char *s = row_text(k, i, buf, &len);
    if (!s || !ls_ascii_ieqn(s, len, want, wn)) m[i] = 0;
  }
}

/* ---- API ---- */

ls_status ls_scope_mask(ls_workspace *ws, int di, const ls_scope *sc, uint8_t **mask) {
  *mask = NULL;
  if (!sc || !sc->n) return LS_OK;
  size_t rows = ls_table_rows(ls_workspace_table(ws, (size_t)di));
  uint8_t *m = ls_malloc(rows + 1);
  if (!m) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  memset(m, 1, rows + 1);
  for (size_t w = 0; w < sc->n; w++) {
    lookup k;
    ls_status st = find_column(ws, di, sc->where[w].column, &k);
    if (st != LS_OK) {
      ls_free(m);
      return st;
    }
    const char *want = sc->where[w].value;
    size_t wn = strlen(want);
    uint8_t *hit = NULL; /* a string column: one answer per dictionary entry */
    if (ls_column_type(k.col) == LS_TYPE_STRING) hit = matching_ids(k.col, want, wn);
    narrow(m, rows, &k, hit, want, wn);
    ls_free(hit);
  }
  *mask = m;
  return LS_OK;
}

ls_status ls_scope_values(ls_workspace *ws, int di, const char *column, const ls_scope *sc, size_t max,
                          char ***values, size_t *n) {
  *values = NULL;
  *n = 0;
  uint8_t *keep = NULL;
  ls_status st = ls_scope_mask(ws, di, sc, &keep);
  lookup k;
  if (st == LS_OK) st = find_column(ws, di, column, &k);
  if (st != LS_OK) {
    ls_free(keep);
    return st;
  }
  /* values differing only in ASCII case are one segment, as conditions
   * match them: seen holds each value folded, first the first spelling */
  ls_dict *seen = ls_dict_new(), *first = ls_dict_new();
  size_t rows = ls_table_rows(ls_workspace_table(ws, (size_t)di));
  char buf[LS_NUMFMT_MAX], *low = NULL;
  size_t lowcap = 0;
  /* a string column: each dictionary entry is looked at once, at its first row */
  const ls_dict *dict = ls_column_type(k.col) == LS_TYPE_STRING ? ls_column_dict(k.col) : NULL;
  const int32_t *ids = dict ? ls_column_str_ids(k.col) : NULL;
  uint8_t *done = dict ? ls_calloc(ls_dict_size(dict) + 1, 1) : NULL;
  int ok = seen && first && (!dict || done);
  for (size_t i = 0; ok && i < rows && ls_dict_size(seen) <= max; i++) {
    if (keep && !keep[i]) continue;
    if (done) {
      size_t r = i;
      if (k.via && k.via[i] < 0) continue;
      if (k.via) r = (size_t)k.via[i];
      if (!ls_column_valid(k.col, r) || done[ids[r]]) continue;
      done[ids[r]] = 1;
    }
    size_t len;
    const char *s = row_text(&k, i, buf, &len);
    if (!s) continue;
    if (len + 1 > lowcap) {
      char *g = ls_realloc(low, len + 1);
      if (!g) {
        ok = 0;
        break;
      }
      low = g;
      lowcap = len + 1;
    }
    for (size_t j = 0; j < len; j++) low[j] = (char)(s[j] >= 'A' && s[j] <= 'Z' ? s[j] - 'A' + 'a' : s[j]);
    size_t before = ls_dict_size(seen);
    int32_t id = ls_dict_intern(seen, low, len);
    if (id < 0 || ((size_t)id == before && ls_dict_intern(first, s, len) != id)) ok = 0;
  }
  ls_free(low);
  ls_free(done);
  ls_free(keep);
  ls_dict_free(seen);
  seen = first;
  if (!ok) {
    ls_dict_free(seen);
    seen = NULL;
  }
  if (!seen) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  size_t count = ls_dict_size(seen);
  if (count > max) {
    ls_dict_free(seen);
    return ls_workspace_fail(ws, LS_ERANGE, "column \"%s\" has more than %zu values: too many segments", column, max);
  }
  char **v = ls_calloc(count + 1, sizeof *v);
  for (size_t i = 0; v && i < count; i++) {
    if (!(v[i] = ls_strdup(ls_dict_str(seen, (int32_t)i, NULL)))) {
      ls_scope_values_free(v, i);
      v = NULL;
    }
  }
  ls_dict_free(seen);
  if (!v) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  qsort(v, count, sizeof *v, by_bytes);
  *values = v;
  *n = count;
  return LS_OK;
}

/* s (len bytes) with ASCII letters lowered into *buf (grown as needed) */
static char *fold(const char *s, size_t len, char **buf, size_t *cap) {
  if (len + 1 > *cap) {
    char *g = ls_realloc(*buf, len + 1);
    if (!g) return NULL;
    *buf = g;
    *cap = len + 1;
  }
  for (size_t j = 0; j < len; j++) (*buf)[j] = (char)(s[j] >= 'A' && s[j] <= 'Z' ? s[j] - 'A' + 'a' : s[j]);
  return *buf;
}

ls_status ls_scope_segment_rows(ls_workspace *ws, int di, const char *column, const ls_scope *sc, size_t max,
                                char ***values, size_t *n, int32_t **seg) {
  *seg = NULL;
  ls_status st = ls_scope_values(ws, di, column, sc, max, values, n);
  if (st != LS_OK) return st;
  uint8_t *keep = NULL;
  lookup k = {NULL, NULL, NULL, 0, NULL};
  st = ls_scope_mask(ws, di, sc, &keep);
  if (st == LS_OK) st = find_column(ws, di, column, &k);
  size_t rows = ls_table_rows(ls_workspace_table(ws, (size_t)di)), cap = 0;
  ls_dict *folded = st == LS_OK ? ls_dict_new() : NULL;
  int32_t *out = st == LS_OK ? ls_malloc((rows + 1) * sizeof *out) : NULL;
  char *low = NULL, buf[LS_NUMFMT_MAX];
  int ok = st == LS_OK && folded && out;
  for (size_t v = 0; ok && v < *n; v++) {
    size_t len = strlen((*values)[v]);
    ok = fold((*values)[v], len, &low, &cap) && ls_dict_intern(folded, low, len) == (int32_t)v;
  }
  for (size_t i = 0; ok && i < rows; i++) {
    size_t len;
    const char *s = keep && !keep[i] ? NULL : row_text(&k, i, buf, &len);
    out[i] = -1;
    if (s && !(s = fold(s, len, &low, &cap))) ok = 0;
    else if (s) out[i] = ls_dict_find(folded, s, len);
  }
  ls_free(low);
  ls_free(keep);
  ls_dict_free(folded);
  if (!ok) {
    ls_free(out);
    ls_scope_values_free(*values, *n);
    *values = NULL;
    *n = 0;
    return st != LS_OK ? st : ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  *seg = out;
  return LS_OK;
}

void ls_scope_values_free(char **values, size_t n) {
  for (size_t i = 0; values && i < n; i++) ls_free(values[i]);
  ls_free(values);
}

ls_status ls_scope_join(ls_workspace *ws, int di, const ls_column *mine, const ls_column *theirs, const int32_t **via) {
  *via = NULL;
  int cj = ls_workspace_find(ws, LS_KIND_CUSTOMERS);
  ls_type a = mine ? ls_column_type(mine) : LS_TYPE_TIME, b = theirs ? ls_column_type(theirs) : LS_TYPE_TIME;
  if (cj < 0 || (a != LS_TYPE_STRING && a != LS_TYPE_INT64) || (b != LS_TYPE_STRING && b != LS_TYPE_INT64))
    return ls_workspace_fail(ws, LS_EINVAL, "no customers key to join on");
  lookup k;
  ls_status st = join_of(ws, di, cj, mine, theirs, &k);
  *via = k.via;
  return st;
}

void ls_scope_key(const ls_scope *sc, char *buf, size_t n) {
  /* a hash of every condition first, so a key cut short stays distinct */
  uint64_t h = 1469598103934665603ull;
  for (size_t w = 0; sc && w < sc->n; w++)
    for (const char *p = sc->where[w].column;; p = sc->where[w].value) {
      for (const unsigned char *q = (const unsigned char *)p; *q; q++) h = (h ^ *q) * 1099511628211ull;
      h = (h ^ 0xFF) * 1099511628211ull;
      if (p == sc->where[w].value) break;
    }
  buf[0] = '\0';
  if (!sc || !sc->n) return;
  size_t at = (size_t)snprintf(buf, n, "%016" PRIx64, h);
  for (size_t w = 0; w < sc->n && at < n; w++) {
    int k = snprintf(buf + at, n - at, "&%s=%s", sc->where[w].column, sc->where[w].value);
    if (k < 0) break;
    at += (size_t)k;
  }
}

void ls_periods_key(const char *what, const ls_periods *p, const ls_scope *sc, char *buf, size_t n) {
  uint64_t h = 1469598103934665603ull;
  const unsigned char *b = (const unsigned char *)p->start;
  for (size_t i = 0; i < (p->n + 1) * sizeof *p->start; i++) h = (h ^ b[i]) * 1099511628211ull;
  int at = snprintf(buf, n, "%s|%zu|%016" PRIx64 "|", what, p->n, h);
  if (at > 0 && (size_t)at < n) ls_scope_key(sc, buf + at, n - (size_t)at);
}

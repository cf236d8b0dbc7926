/* workspace.c: loaded datasets, time zone, extent, error message, cache. */
#include "workspace/workspace.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "base/timeutil.h"
#include "precomp/precomp.h"
#include "workspace/load.h"

typedef struct {
  ls_table *table;
  ls_detection det;
  ls_source *src; /* how it was read; NULL for generated data */
  int spanned;    /* lo and hi hold the span of its times (scan_extent) */
  int64_t lo, hi; /* INT64_MAX, INT64_MIN when it has none */
} dataset;

#define CACHE_MAX 32 /* entries kept; the least recently used go first */

typedef struct cache_entry {
  char key[256];
  void *value;
  void (*free_fn)(void *);
  struct cache_entry *next;
} cache_entry;

struct ls_workspace {
  dataset *sets;
  size_t n, cap;
  ls_tz tz;
  ls_settings settings;
  int64_t now;    /* the current instant for quality checks, ms */
  cache_entry *cache;
  int restored;          /* a workspace file was loaded: its version and page */
  int restored_version;
  char *restored_page;
  uint8_t salt[16];      /* privacy masking key (privacy/mask.h); zeros until set */
  int reveal;            /* 1: personal data unmasked, for one on-screen call */
  char errmsg[1024];
};

/* ---- private ---- */

/* Drops every cached value, and every dataset's span with it: whatever
 * changes a table, its roles or the zone calls this first. */
static void cache_clear(ls_workspace *ws) {
  for (size_t i = 0; i < ws->n; i++) ws->sets[i].spanned = 0;
  cache_entry *e = ws->cache;
  while (e) {
    cache_entry *next = e->next;
    if (e->free_fn) e->free_fn(e->value);
    ls_free(e);
    e = next;
  }
  ws->cache = NULL;
}

/* Read the LS_COL_LOCAL TIME values of t as wall-clock times in zone from and
 * make them instants in zone to. A new table's wall-clock values read as UTC
 * are its wall-clock times, so from is LS_TZ_UTC then. */
static void relocalize(ls_table *t, ls_tz from, ls_tz to) {
  if (from == to) return;
  for (size_t k = 0; k < ls_table_ncols(t); k++) {
    ls_column *c = ls_table_col(t, k);
    int64_t *v = ls_column_i64_mut(c);
    if (ls_column_type(c) != LS_TYPE_TIME || !(ls_column_flags(c) & LS_COL_LOCAL) || !v) continue;
    ls_tz_cursor in, out;
    ls_tz_cursor_init(&in, from);
    ls_tz_cursor_init(&out, to);
    for (size_t i = 0, n = ls_column_len(c); i < n; i++)
      if (ls_column_valid(c, i)) v[i] = ls_tz_cursor_instant(&out, ls_tz_cursor_local(&in, v[i]));
  }
}

/* An export that writes UTC without a zone (LS_DETECT_UTC_TIMES): its times
 * are instants already, so none of its time columns is wall-clock (its dates
 * stay calendar dates). */
static void utc_times(ls_table *t) {
  ls_detection det;
  ls_detect(t, &det);
  if (!(det.flags & LS_DETECT_UTC_TIMES)) return;
  for (size_t k = 0; k < ls_table_ncols(t); k++) {
    ls_column *c = ls_table_col(t, k);
    if (!(ls_column_flags(c) & LS_COL_DATE)) ls_column_set_flags(c, ls_column_flags(c) & ~(unsigned)LS_COL_LOCAL);
  }
}

const ls_role LS_HAPPENED[LS_HAPPENED_COUNT] = {LS_ROLE_TIMESTAMP, LS_ROLE_CREATED, LS_ROLE_START,
                                               LS_ROLE_SIGNUP, LS_ROLE_CANCELED_AT};

/* Widen [*lo, *hi] by the times d records as having happened, scanned once
 * until the cache is cleared. */
static void scan_extent(dataset *d, int64_t *lo, int64_t *hi) {
  if (!d->spanned) {
    d->lo = INT64_MAX, d->hi = INT64_MIN;
    for (size_t k = 0; k < LS_HAPPENED_COUNT; k++) {
      int ci = d->det.col[LS_HAPPENED[k]];
      if (ci < 0) continue;
      const ls_column *c = ls_table_col(d->table, (size_t)ci);
      const int64_t *v = ls_column_i64(c);
      if (ls_column_type(c) != LS_TYPE_TIME || !v) continue;
      int all = ls_column_nulls(c) == 0; /* no validity to look at */
      for (size_t i = 0, n = ls_column_len(c); i < n; i++) {
        if (!all && !ls_column_valid(c, i)) continue;
        if (v[i] < d->lo) d->lo = v[i];
        if (v[i] > d->hi) d->hi = v[i];
      }
    }
    d->spanned = 1;
  }
  if (d->lo < *lo) *lo = d->lo;
  if (d->hi > *hi) *hi = d->hi;
}

/* ---- API ---- */

ls_workspace *ls_workspace_new(void) {
  ls_workspace *ws = ls_calloc(1, sizeof(ls_workspace));
  if (ws) ls_settings_default(&ws->settings);
  return ws;
}

void ls_workspace_clear(ls_workspace *ws) {
  cache_clear(ws);
  for (size_t i = 0; i < ws->n; i++) {
    ls_table_free(ws->sets[i].table);
    ls_source_free(ws->sets[i].src);
  }
  ws->n = 0;
}

void ls_workspace_free(ls_workspace *ws) {
  if (!ws) return;
  ls_workspace_clear(ws);
  ls_free(ws->sets);
  ls_free(ws->restored_page);
  ls_free(ws);
}

ls_status ls_workspace_add(ls_workspace *ws, ls_table *t) {
  return ls_workspace_add_source(ws, t, NULL, 0);
}

/* 1 when a and b have as many columns, named alike once normalized */
static int same_header(const ls_table *a, const ls_table *b) {
  size_t n = ls_table_ncols(a);
  if (n != ls_table_ncols(b)) return 0;
  for (size_t i = 0; i < n; i++) {
    char x[256], y[256];
    ls_detect_normalize(ls_column_name(ls_table_col(a, i)), x, sizeof x);
    ls_detect_normalize(ls_column_name(ls_table_col(b, i)), y, sizeof y);
    if (strcmp(x, y) != 0) return 0;
  }
  return 1;
}

/* Fold t (and its source) into dataset d: rows after d's, counters summed. */
static ls_status append_to(ls_workspace *ws, dataset *d, ls_table *t, ls_source *src) {
  uint64_t rows = ls_table_rows(d->table);
  ls_status st = ls_table_append(d->table, t);
  /* the rows are in: a row map short of memory only makes line numbers approximate */
  if (st == LS_OK && d->src && src) (void)ls_source_merge(d->src, src, rows);
  if (st != LS_OK) st = ls_workspace_fail(ws, st, "out of memory appending %s", ls_table_name(t));
  ls_table_free(t);
  ls_source_free(src);
  if (st == LS_OK) ls_detect(d->table, &d->det);
  return st;
}

ls_status ls_workspace_add_source(ls_workspace *ws, ls_table *t, ls_source *src, int append) {
  if (!t) {
    ls_source_free(src);
    return LS_EINVAL;
  }
  utc_times(t);
  relocalize(t, LS_TZ_UTC, ws->tz);
  cache_clear(ws);
  int named = 0; /* a dataset of this name exists: the file is read again */
  for (size_t i = 0; i < ws->n; i++) named |= strcmp(ls_table_name(ws->sets[i].table), ls_table_name(t)) == 0;
  /* results read back are one dataset per file: a period,value file is
   * named after its metric */
  int precomputed = ls_precomp_kind(t) != LS_KIND_UNKNOWN;
  if (append && !named && !precomputed) {
    for (size_t i = 0; i < ws->n; i++)
      if (same_header(ws->sets[i].table, t)) return append_to(ws, &ws->sets[i], t, src);
  }
  dataset d = {t, {0}, src, 0, 0, 0};
  ls_detect(t, &d.det);
  if (precomputed) { /* a bad file is refused whole, its line and column named */
    char err[256];
    ls_status st = ls_precomp_check(t, d.det.kind, src, ws->tz, err, sizeof err);
    if (st != LS_OK) {
      st = ls_workspace_fail(ws, st, "%s", err);
      ls_table_free(t);
      ls_source_free(src);
      return st;
    }
  }
  for (size_t i = 0; i < ws->n; i++) {
    if (strcmp(ls_table_name(ws->sets[i].table), ls_table_name(t)) == 0) {
      ls_table_free(ws->sets[i].table);
      ls_source_free(ws->sets[i].src);
      ws->sets[i] = d;
      return LS_OK;
    }
  }
  if (ws->n == ws->cap) {
    size_t cap = ws->cap ? ws->cap * 2 : 4;
    dataset *sets = ls_reallocarray(ws->sets, cap, sizeof *sets);
    if (!sets) {
      ls_status st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory adding %s", ls_table_name(t));
      ls_table_free(t);
      ls_source_free(src);
      return st;
    }
    ws->sets = sets;
    ws->cap = cap;
  }
  ws->sets[ws->n++] = d;
  return LS_OK;
}

ls_status ls_workspace_load_path(ls_workspace *ws, const char *path) {
  return ls_load_path(ws, path, NULL);
}

size_t ls_workspace_count(const ls_workspace *ws) { return ws->n; }
const ls_table *ls_workspace_table(const ls_workspace *ws, size_t i) { return ws->sets[i].table; }
const ls_detection *ls_workspace_detection(const ls_workspace *ws, size_t i) {
  return &ws->sets[i].det;
}

const ls_source *ls_workspace_source(const ls_workspace *ws, size_t i) { return ws->sets[i].src; }

ls_status ls_workspace_set_mapping(ls_workspace *ws, size_t i, int kind, const int *roles) {
  if (i >= ws->n) return ls_workspace_fail(ws, LS_EINVAL, "no dataset %zu", i);
  ls_status st = ls_detect_apply(ws->sets[i].table, kind, roles, &ws->sets[i].det, ws->errmsg, sizeof ws->errmsg);
  if (st == LS_OK) cache_clear(ws);
  return st;
}

void ls_workspace_set_now(ls_workspace *ws, int64_t now) { ws->now = now; }
int64_t ls_workspace_now(const ls_workspace *ws) { return ws->now; }

int ls_workspace_find(const ls_workspace *ws, ls_kind k) {
  for (size_t i = 0; i < ws->n; i++)
    if (ws->sets[i].det.kind == k) return (int)i;
  return -1;
}

int ls_workspace_find_named(const ls_workspace *ws, const char *name) {
  if (!name) return -1;
  size_t n = strlen(name);
  for (size_t i = 0; i < ws->n; i++) {
    const char *t = ls_table_name(ws->sets[i].table);
    const char *dot = t ? strrchr(t, '.') : NULL;
    if (t && (ls_ascii_ieq(t, strlen(t), name) || (dot && ls_ascii_ieqn(t, (size_t)(dot - t), name, n))))
      return (int)i;
  }
  for (size_t i = 0; i < ws->n; i++)
    if (ls_ascii_ieq(name, n, ls_kind_name(ws->sets[i].det.kind))) return (int)i;
  return -1;
}

ls_status ls_workspace_set_tz(ls_workspace *ws, ls_tz tz) {
  if (!ls_tz_valid(tz)) return LS_EINVAL;
  if (tz == ws->tz) return LS_OK;
  cache_clear(ws);
  for (size_t i = 0; i < ws->n; i++) relocalize(ws->sets[i].table, ws->tz, tz);
  ws->tz = tz;
  return LS_OK;
}

ls_tz ls_workspace_tz(const ls_workspace *ws) { return ws->tz; }

ls_status ls_workspace_extent(const ls_workspace *ws, ls_kind kind, int64_t *first, int64_t *asof) {
  int64_t lo = INT64_MAX, hi = INT64_MIN, klo = INT64_MAX, khi = INT64_MIN;
  for (size_t i = 0; i < ws->n; i++) {
    scan_extent(&ws->sets[i], &lo, &hi);
    if (kind != LS_KIND_UNKNOWN && ws->sets[i].det.kind == kind) scan_extent(&ws->sets[i], &klo, &khi);
  }
  if (kind != LS_KIND_UNKNOWN) lo = klo;
  /* results read back alone: their periods (precomp/precomp.h) */
  if (hi == INT64_MIN && (kind == LS_KIND_UNKNOWN || ls_precomp_is_kind(kind)))
    return ls_precomp_extent(ws, first, asof) ? LS_OK : LS_ENODATA;
  if (lo == INT64_MAX || hi == INT64_MIN) return LS_ENODATA;
  *first = lo;
  *asof = ls_period_next(ls_period_start(hi, LS_GRAIN_DAY, ws->tz), LS_GRAIN_DAY, ws->tz);
  return LS_OK;
}

const char *ls_workspace_errmsg(const ls_workspace *ws) { return ws->errmsg; }

ls_status ls_workspace_fail(ls_workspace *ws, ls_status status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ws->errmsg, sizeof ws->errmsg, fmt, ap);
  va_end(ap);
  return status;
}

ls_status ls_workspace_cached_ctx(ls_workspace *ws, const char *key,
                                  ls_status (*build)(ls_workspace *ws, void *ctx, void **value), void *ctx,
                                  void (*free_fn)(void *), void **out) {
  for (cache_entry *e = ws->cache, *prev = NULL; e; prev = e, e = e->next) {
    if (strcmp(e->key, key) != 0) continue;
    if (prev) { /* the most recently used go first: the oldest use is dropped first */
      prev->next = e->next;
      e->next = ws->cache;
      ws->cache = e;
    }
    *out = e->value;
    return LS_OK;
  }
  void *value = NULL;
  ls_status s = build(ws, ctx, &value);
  if (s != LS_OK) return s;
  cache_entry *e = ls_calloc(1, sizeof *e);
  if (!e) {
    free_fn(value);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  snprintf(e->key, sizeof e->key, "%s", key);
  e->value = value;
  e->free_fn = free_fn;
  e->next = ws->cache;
  ws->cache = e;
  /* past CACHE_MAX entries the least recently used (the list's tail) go */
  size_t count = 1;
  for (cache_entry *k = ws->cache; k->next; k = k->next) {
    if (++count <= CACHE_MAX) continue;
    cache_entry *drop = k->next;
    k->next = NULL;
    while (drop) {
      cache_entry *next = drop->next;
      drop->free_fn(drop->value);
      ls_free(drop);
      drop = next;
    }
    break;
  }
  *out = value;
  return LS_OK;
}

/* adapts a build without a context */
static ls_status build_plain(ls_workspace *ws, void *ctx, void **value) {
  ls_status (*build)(ls_workspace *, void **) = *(ls_status(**)(ls_workspace *, void **))ctx;
  return build(ws, value);
}

ls_status ls_workspace_cached(ls_workspace *ws, const char *key,
                              ls_status (*build)(ls_workspace *ws, void **value),
                              void (*free_fn)(void *), void **out) {
  return ls_workspace_cached_ctx(ws, key, build_plain, &build, free_fn, out);
}

const ls_settings *ls_workspace_settings(const ls_workspace *ws) { return &ws->settings; }

ls_status ls_workspace_set(ls_workspace *ws, const char *key, const char *value) {
  char err[256];
  ls_status st = ls_settings_set(&ws->settings, key, value, err, sizeof err);
  if (st != LS_OK) return ls_workspace_fail(ws, st, "%s", err);
  cache_clear(ws);
  return LS_OK;
}

void ls_workspace_swap(ls_workspace *a, ls_workspace *b) {
  ls_workspace t = *a;
  a->sets = b->sets, a->n = b->n, a->cap = b->cap, a->tz = b->tz, a->settings = b->settings, a->cache = b->cache;
  b->sets = t.sets, b->n = t.n, b->cap = t.cap, b->tz = t.tz, b->settings = t.settings, b->cache = t.cache;
}

ls_status ls_workspace_set_detection(ls_workspace *ws, size_t i, const ls_detection *det) {
  if (i >= ws->n) return ls_workspace_fail(ws, LS_EINVAL, "no dataset %zu", i);
  cache_clear(ws);
  ws->sets[i].det = *det;
  return LS_OK;
}

void ls_workspace_set_salt(ls_workspace *ws, const uint8_t salt[16]) { memcpy(ws->salt, salt, sizeof ws->salt); }
const uint8_t *ls_workspace_salt(const ls_workspace *ws) { return ws->salt; }
void ls_workspace_set_reveal(ls_workspace *ws, int reveal) { ws->reveal = reveal != 0; }
int ls_workspace_reveal(const ls_workspace *ws) { return ws->reveal; }

void ls_workspace_set_restored(ls_workspace *ws, int version, char *page) {
  ls_free(ws->restored_page);
  ws->restored = 1;
  ws->restored_version = version;
  ws->restored_page = page;
}

int ls_workspace_take_restored(ls_workspace *ws, int *version, char **page) {
  if (!ws->restored) return 0;
  *version = ws->restored_version;
  *page = ws->restored_page;
  ws->restored = 0;
  ws->restored_page = NULL;
  return 1;
}

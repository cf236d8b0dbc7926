/* sqlvtab.c: the SQLite virtual-table module over a workspace's datasets.
 *
 * A table of the module is one dataset, read in place: xColumn hands SQLite
 * the column's value of the current row (strings straight from the column's
 * dictionary, times formatted as wall-clock text in the workspace zone). A
 * scan walks the rows in order; an equality constraint on a string, integer
 * or bool column (BINARY collation) may instead walk the rows holding that
 * value, through an index built on the first such lookup and kept until the
 * connection closes, so a join on an id column is not quadratic. SQLite
 * checks every constraint again (omit stays 0): the index only narrows. The
 * same index hands out the rows ordered by such a column (nulls first, then
 * the values in BINARY order, or the reverse for DESC), so an ORDER BY or
 * GROUP BY of one column needs no sort. A column holding personal data
 * (privacy/pii.h) hands out its tokens unless the workspace reveals them
 * (privacy/mask.h): a string column's lookups and order then go by token. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "privacy/mask.h"
#include "sql/sql_internal.h"

/* ---- the rows of one value ---- */

typedef struct {
  int64_t v;
  size_t row;
} keyed_row;

typedef struct {
  int built;
  size_t *off;     /* string columns: rows of id k are rows[off[k] .. off[k + 1]) */
  size_t *rows;
  keyed_row *keys; /* integer and bool columns: (value, row) sorted */
  size_t nkeys;
  size_t *order;   /* every row: the nulls, then by value (built on demand) */
} col_index;

/* idxNum of a plan: the column + 1 in the low bits, and what it does */
#define PLAN_COL 0xFFFFF
#define PLAN_EQ (1 << 24)
#define PLAN_ORDER (1 << 25)
#define PLAN_DESC (1 << 26)

typedef struct {
  sqlite3_vtab base;
  const ls_table *t;
  ls_tz tz;
  col_index *index; /* one per column */
  uint8_t *pii;       /* one per column: its ls_pii when masked, else LS_PII_NONE */
  ls_mask_col **mask; /* its tokens, made on the first read of a masked column */
  const uint8_t *salt;
} vtab;

typedef struct {
  sqlite3_vtab_cursor base;
  size_t pos, end;
  const size_t *rows;   /* NULL: every row, pos is the row */
  const keyed_row *keyed; /* or these rows */
  int desc;             /* rows walked from the end */
  ls_tz_cursor tzc;
} cursor;

/* A masked integer column hands out tokens, which its index cannot find or
 * order: it is scanned. */
static int indexable(const vtab *vt, size_t col) {
  ls_type ty = ls_column_type(ls_table_col(vt->t, col));
  if (vt->pii[col] && ty != LS_TYPE_STRING) return 0;
  return ty == LS_TYPE_STRING || ty == LS_TYPE_INT64 || ty == LS_TYPE_BOOL;
}

static int cmp_keyed(const void *a, const void *b) {
  const keyed_row *x = a, *y = b;
  if (x->v != y->v) return x->v < y->v ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

static int build_strings(col_index *ix, const ls_column *c) {
  size_t n = ls_column_len(c), nd = ls_dict_size(ls_column_dict(c));
  const int32_t *ids = ls_column_str_ids(c);
  ix->off = ls_calloc(nd + 1, sizeof *ix->off);
  ix->rows = ls_malloc((n ? n : 1) * sizeof *ix->rows);
  if (!ix->off || !ix->rows) return SQLITE_NOMEM;
  for (size_t i = 0; i < n; i++)
    if (ls_column_valid(c, i)) ix->off[ids[i] + 1]++;
  for (size_t k = 0; k < nd; k++) ix->off[k + 1] += ix->off[k];
  size_t *fill = ls_malloc((nd ? nd : 1) * sizeof *fill);
  if (!fill) return SQLITE_NOMEM;
  memcpy(fill, ix->off, nd * sizeof *fill);
  for (size_t i = 0; i < n; i++)
    if (ls_column_valid(c, i)) ix->rows[fill[ids[i]]++] = i;
  ls_free(fill);
  return SQLITE_OK;
}

static int build_numbers(col_index *ix, const ls_column *c) {
  size_t n = ls_column_len(c);
  ix->keys = ls_malloc((n ? n : 1) * sizeof *ix->keys);
  if (!ix->keys) return SQLITE_NOMEM;
  const int64_t *iv = ls_column_i64(c);
  const uint8_t *bv = ls_column_bool(c);
  for (size_t i = 0; i < n; i++)
    if (ls_column_valid(c, i)) ix->keys[ix->nkeys++] = (keyed_row){iv ? iv[i] : bv[i], i};
  qsort(ix->keys, ix->nkeys, sizeof *ix->keys, cmp_keyed);
  return SQLITE_OK;
}

static int build_index(vtab *vt, size_t col) {
  col_index *ix = &vt->index[col];
  if (ix->built) return SQLITE_OK;
  const ls_column *c = ls_table_col(vt->t, col);
  int rc = ls_column_type(c) == LS_TYPE_STRING ? build_strings(ix, c) : build_numbers(ix, c);
  if (rc == SQLITE_OK) ix->built = 1;
  return rc;
}

typedef struct {
  const char *s;
  size_t len;
  int32_t id;
} dict_entry;

static int cmp_entry(const void *a, const void *b) {
  const dict_entry *x = a, *y = b;
  int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
  return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* ix->order of column c (ix built): the null rows, then the rows by value
 * (by token when the column is masked: mask not NULL). */
static int build_order(col_index *ix, const ls_column *c, const ls_mask_col *mask) {
  size_t n = ls_column_len(c), k = 0;
  if (ix->order) return SQLITE_OK;
  size_t *order = ls_malloc((n ? n : 1) * sizeof *order);
  if (!order) return SQLITE_NOMEM;
  for (size_t i = 0; i < n; i++)
    if (!ls_column_valid(c, i)) order[k++] = i;
  if (mask) {
    for (size_t i = 0, nd = ls_mask_col_ids(mask); i < nd; i++) {
      int32_t id = ls_mask_col_id_at(mask, i);
      for (size_t j = ix->off[id]; j < ix->off[id + 1]; j++) order[k++] = ix->rows[j];
    }
  } else if (ls_column_type(c) != LS_TYPE_STRING) {
    for (size_t i = 0; i < ix->nkeys; i++) order[k++] = ix->keys[i].row;
  } else {
    const ls_dict *d = ls_column_dict(c);
    size_t nd = ls_dict_size(d);
    dict_entry *e = ls_malloc((nd ? nd : 1) * sizeof *e);
    if (!e) {
      ls_free(order);
      return SQLITE_NOMEM;
    }
    for (size_t i = 0; i < nd; i++) {
      e[i].id = (int32_t)i;
      e[i].s = ls_dict_str(d, (int32_t)i, &e[i].len);
    }
    qsort(e, nd, sizeof *e, cmp_entry);
    for (size_t i = 0; i < nd; i++)
      for (size_t j = ix->off[e[i].id]; j < ix->off[e[i].id + 1]; j++) order[k++] = ix->rows[j];
    ls_free(e);
  }
  ix->order = order;
  return SQLITE_OK;
}

static void free_index(col_index *ix) {
  ls_free(ix->off);
  ls_free(ix->rows);
  ls_free(ix->keys);
  ls_free(ix->order);
}

/* The tokens of masked column col, made on first use (sorted too when
 * sorted is set); NULL for a column that is not masked. *rc: SQLITE_NOMEM
 * when they could not be had. */
static ls_mask_col *mask_of(vtab *vt, size_t col, int sorted, int *rc) {
  *rc = SQLITE_OK;
  if (!vt->pii[col]) return NULL;
  if (!vt->mask[col]) vt->mask[col] = ls_mask_col_new(ls_table_col(vt->t, col), (ls_pii)vt->pii[col], vt->salt);
  if (!vt->mask[col] || (sorted && ls_mask_col_sort(vt->mask[col]) != LS_OK)) *rc = SQLITE_NOMEM;
  return vt->mask[col];
}

/* ---- the table ---- */

/* The declaration of t as SQLite reads it: column names quoted, an empty name
 * read as column_N, a name met before (ASCII case ignored) suffixed _2, _3… */
static char *declaration(const ls_table *t) {
  sqlite3_str *s = sqlite3_str_new(NULL);
  size_t nc = ls_table_ncols(t);
  char **names = ls_calloc(nc ? nc : 1, sizeof *names);
  if (!names) return NULL;
  sqlite3_str_appendall(s, "CREATE TABLE x(");
  for (size_t i = 0; i < nc; i++) {
    const ls_column *c = ls_table_col(t, i);
    const char *base = ls_column_name(c);
    names[i] = *base ? sqlite3_mprintf("%s", base) : sqlite3_mprintf("column_%llu", (unsigned long long)i + 1);
    for (int k = 2; names[i]; k++) {
      size_t j = 0;
      while (j < i && sqlite3_stricmp(names[j], names[i]) != 0) j++;
      if (j == i) break;
      sqlite3_free(names[i]);
      names[i] = *base ? sqlite3_mprintf("%s_%d", base, k) : sqlite3_mprintf("column_%llu_%d", (unsigned long long)i + 1, k);
    }
    static const char *const decl[LS_TYPE_COUNT] = {"INTEGER", "REAL", "TEXT", "INTEGER", "TEXT"};
    sqlite3_str_appendf(s, "%s\"%w\" %s", i ? ", " : "", names[i] ? names[i] : "?", decl[ls_column_type(c)]);
  }
  sqlite3_str_appendall(s, ")");
  for (size_t i = 0; i < nc; i++) sqlite3_free(names[i]);
  ls_free(names);
  return sqlite3_str_finish(s);
}

static int vt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err) {
  const ls_workspace *ws = aux;
  char *end = NULL;
  unsigned long i = argc == 4 ? strtoul(argv[3], &end, 10) : 0;
  if (argc != 4 || !end || *end || i >= ls_workspace_count(ws)) {
    *err = sqlite3_mprintf("lodestar: no such dataset");
    return SQLITE_ERROR;
  }
  vtab *vt = ls_calloc(1, sizeof *vt);
  if (!vt) return SQLITE_NOMEM;
  vt->t = ls_workspace_table(ws, i);
  vt->tz = ls_workspace_tz(ws);
  size_t nc = ls_table_ncols(vt->t);
  vt->index = ls_calloc(nc ? nc : 1, sizeof *vt->index);
  vt->mask = ls_calloc(nc ? nc : 1, sizeof *vt->mask);
  vt->pii = ls_calloc(nc ? nc : 1, 1);
  vt->salt = ls_workspace_salt(ws);
  char *decl = declaration(vt->t);
  int rc = !vt->index || !vt->mask || !vt->pii || !decl ? SQLITE_NOMEM : sqlite3_declare_vtab(db, decl);
  sqlite3_free(decl);
  for (size_t c = 0; rc == SQLITE_OK && ls_mask_on(ws) && c < nc; c++) vt->pii[c] = (uint8_t)ls_mask_kind(ws, i, c);
  if (rc != SQLITE_OK) {
    ls_free(vt->pii);
    ls_free(vt->mask);
    ls_free(vt->index);
    ls_free(vt);
    return rc;
  }
  *out = &vt->base;
  return SQLITE_OK;
}

static int vt_disconnect(sqlite3_vtab *base) {
  vtab *vt = (vtab *)base;
  for (size_t i = 0, nc = ls_table_ncols(vt->t); i < nc; i++) {
    free_index(&vt->index[i]);
    ls_mask_col_free(vt->mask[i]);
  }
  ls_free(vt->mask);
  ls_free(vt->pii);
  ls_free(vt->index);
  ls_free(vt);
  return SQLITE_OK;
}

/* Plan 0 walks every row; PLAN_EQ the rows whose column equals the one
 * argument; PLAN_ORDER every row ordered by the column (PLAN_DESC: the
 * reverse), for an ORDER BY or GROUP BY of that one column. */
static int vt_best_index(sqlite3_vtab *base, sqlite3_index_info *info) {
  vtab *vt = (vtab *)base;
  double rows = (double)ls_table_rows(vt->t);
  info->idxNum = 0;
  info->estimatedCost = rows + 1;
  info->estimatedRows = (sqlite3_int64)rows + 1;
  for (int i = 0; i < info->nConstraint; i++) {
    const struct sqlite3_index_constraint *k = &info->aConstraint[i];
    if (!k->usable || k->op != SQLITE_INDEX_CONSTRAINT_EQ || k->iColumn < 0) continue;
    if (!indexable(vt, (size_t)k->iColumn)) continue;
    if (sqlite3_stricmp(sqlite3_vtab_collation(info, i), "BINARY") != 0) continue;
    info->idxNum = PLAN_EQ | (k->iColumn + 1);
    info->aConstraintUsage[i].argvIndex = 1;
    info->estimatedCost = 10;
    info->estimatedRows = 10;
    break;
  }
  if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn >= 0 &&
      indexable(vt, (size_t)info->aOrderBy[0].iColumn)) {
    int col = info->aOrderBy[0].iColumn + 1;
    if (!info->idxNum) info->idxNum = PLAN_ORDER | (info->aOrderBy[0].desc ? PLAN_DESC : 0) | col;
    if ((info->idxNum & PLAN_COL) == col) info->orderByConsumed = 1; /* one value, or in order */
  }
  return SQLITE_OK;
}

static int vt_open(sqlite3_vtab *base, sqlite3_vtab_cursor **out) {
  vtab *vt = (vtab *)base;
  cursor *c = ls_calloc(1, sizeof *c);
  if (!c) return SQLITE_NOMEM;
  ls_tz_cursor_init(&c->tzc, vt->tz);
  *out = &c->base;
  return SQLITE_OK;
}

static int vt_close(sqlite3_vtab_cursor *cur) {
  ls_free(cur);
  return SQLITE_OK;
}

/* The rows of col equal to v, or every row when v is not of the column's own
 * kind (SQLite's comparison may still convert it: the scan stays complete). */
static int filter_eq(vtab *vt, cursor *c, size_t col, sqlite3_value *v) {
  const ls_column *column = ls_table_col(vt->t, col);
  int strings = ls_column_type(column) == LS_TYPE_STRING;
  if (sqlite3_value_type(v) != (strings ? SQLITE_TEXT : SQLITE_INTEGER)) return SQLITE_OK;
  int rc = build_index(vt, col);
  if (rc != SQLITE_OK) return rc;
  const col_index *ix = &vt->index[col];
  c->pos = c->end = 0;
  if (strings) {
    const unsigned char *s = sqlite3_value_text(v);
    size_t len = (size_t)sqlite3_value_bytes(v);
    const ls_mask_col *m = mask_of(vt, col, 1, &rc);
    if (rc != SQLITE_OK) return rc;
    int32_t id = !s ? -1
                 : m ? ls_mask_col_find(m, (const char *)s, len)
                     : ls_dict_find(ls_column_dict(column), (const char *)s, len);
    c->rows = ix->rows;
    if (id >= 0) c->pos = ix->off[id], c->end = ix->off[id + 1];
    return SQLITE_OK;
  }
  int64_t want = sqlite3_value_int64(v);
  size_t lo = 0, hi = ix->nkeys;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ix->keys[mid].v < want) lo = mid + 1;
    else hi = mid;
  }
  size_t end = lo;
  while (end < ix->nkeys && ix->keys[end].v == want) end++;
  c->keyed = ix->keys;
  c->pos = lo, c->end = end;
  return SQLITE_OK;
}

static int vt_filter(sqlite3_vtab_cursor *cur, int plan, const char *unused, int argc, sqlite3_value **argv) {
  cursor *c = (cursor *)cur;
  vtab *vt = (vtab *)cur->pVtab;
  (void)unused;
  c->rows = NULL;
  c->keyed = NULL;
  c->desc = 0;
  c->pos = 0;
  c->end = ls_table_rows(vt->t);
  size_t col = (size_t)(plan & PLAN_COL) - 1;
  if ((plan & PLAN_EQ) && argc == 1) return filter_eq(vt, c, col, argv[0]);
  if (plan & PLAN_ORDER) {
    int rc = build_index(vt, col);
    const ls_mask_col *m = rc == SQLITE_OK ? mask_of(vt, col, 1, &rc) : NULL;
    if (rc == SQLITE_OK) rc = build_order(&vt->index[col], ls_table_col(vt->t, col), m);
    c->rows = vt->index[col].order;
    c->desc = (plan & PLAN_DESC) != 0;
    return rc;
  }
  return SQLITE_OK;
}

static int vt_next(sqlite3_vtab_cursor *cur) {
  ((cursor *)cur)->pos++;
  return SQLITE_OK;
}

static int vt_eof(sqlite3_vtab_cursor *cur) {
  const cursor *c = (const cursor *)cur;
  return c->pos >= c->end;
}

static size_t row_of(const cursor *c) {
  size_t at = c->desc ? c->end - 1 - c->pos : c->pos;
  return c->rows ? c->rows[at] : c->keyed ? c->keyed[at].row : at;
}

static int vt_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *out) {
  *out = (sqlite3_int64)row_of((const cursor *)cur) + 1;
  return SQLITE_OK;
}

/* "YYYY-MM-DD HH:MM:SS[.sss]" or, for a date column, "YYYY-MM-DD": the
 * wall-clock time of t in the cursor's zone; the length. */
static int time_text(cursor *c, int64_t t, int date_only, char *buf, size_t cap) {
  int64_t local = ls_tz_cursor_local(&c->tzc, t);
  int64_t days = ls_floor_div(local, LS_MS_PER_DAY), ms = local - days * LS_MS_PER_DAY;
  int64_t y;
  int m, d;
  ls_civil_from_days(days, &y, &m, &d);
  if (y < 0 || y > 9999) return snprintf(buf, cap, "%lld-%02d-%02d", (long long)y, m, d); /* off the calendar */
  /* digits by hand: snprintf dominates a scan otherwise */
  int f[7] = {(int)y, m, d, (int)(ms / 3600000), (int)(ms / 60000 % 60), (int)(ms / 1000 % 60), (int)(ms % 1000)};
  static const char SEP[] = "--- ::."; /* before field k */
  char *p = buf;
  int last = date_only ? 3 : f[6] ? 7 : 6;
  for (int k = 0; k < last; k++) {
    int v = f[k];
    if (k) *p++ = SEP[k];
    if (k == 0) *p++ = (char)('0' + v / 1000), *p++ = (char)('0' + v / 100 % 10);
    if (k == 6) *p++ = (char)('0' + v / 100);
    *p++ = (char)('0' + v / 10 % 10);
    *p++ = (char)('0' + v % 10);
  }
  *p = '\0';
  (void)cap;
  return (int)(p - buf);
}

static int vt_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col) {
  cursor *c = (cursor *)cur;
  vtab *vt = (vtab *)cur->pVtab;
  const ls_column *column = ls_table_col(vt->t, (size_t)col);
  size_t row = row_of(c);
  if (!ls_column_valid(column, row)) return SQLITE_OK; /* NULL is the default result */
  if (vt->pii[col]) { /* personal data: its token (privacy/mask.h) */
    int rc;
    const ls_mask_col *m = mask_of(vt, (size_t)col, 0, &rc);
    if (rc != SQLITE_OK) return rc;
    char buf[LS_MASK_TOKEN_MAX];
    size_t len;
    const char *tok = ls_mask_col_cell(m, row, buf, &len);
    sqlite3_result_text(ctx, tok, (int)len, SQLITE_TRANSIENT);
    return SQLITE_OK;
  }
  switch (ls_column_type(column)) {
  case LS_TYPE_INT64:
    sqlite3_result_int64(ctx, ls_column_i64(column)[row]);
    break;
  case LS_TYPE_DOUBLE:
    sqlite3_result_double(ctx, ls_column_f64(column)[row]);
    break;
  case LS_TYPE_BOOL:
    sqlite3_result_int(ctx, ls_column_bool(column)[row] != 0);
    break;
  case LS_TYPE_TIME: {
    char buf[LS_TIME_TEXT_MAX];
    int n = time_text(c, ls_column_i64(column)[row], (ls_column_flags(column) & LS_COL_DATE) != 0, buf, sizeof buf);
    sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
    break;
  }
  case LS_TYPE_STRING: {
    size_t len = 0;
    const char *s = ls_column_str(column, row, &len);
    sqlite3_result_text(ctx, s, (int)len, SQLITE_STATIC); /* the dictionary outlives the query */
    break;
  }
  default:
    break;
  }
  return SQLITE_OK;
}

static const sqlite3_module MODULE = {
  .iVersion = 0,
  .xCreate = vt_connect,
  .xConnect = vt_connect,
  .xBestIndex = vt_best_index,
  .xDisconnect = vt_disconnect,
  .xDestroy = vt_disconnect,
  .xOpen = vt_open,
  .xClose = vt_close,
  .xFilter = vt_filter,
  .xNext = vt_next,
  .xEof = vt_eof,
  .xColumn = vt_column,
  .xRowid = vt_rowid,
};

int ls_sqlvt_register(sqlite3 *db, const ls_workspace *ws) {
  return sqlite3_create_module(db, LS_SQLVT_MODULE, &MODULE, (void *)ws);
}

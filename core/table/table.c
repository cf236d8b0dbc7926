/* table.c: columnar tables: typed value arrays, validity bitmaps, dictionaries. */
#include "table/table.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include "base/alloc.h"

struct ls_column {
  char *name;
  ls_type type;
  size_t len, cap;
  size_t nulls;
  void *values;      /* int64_t, double, uint8_t or int32_t by type */
  uint8_t *valid;    /* one bit per row; NULL until the first null */
  ls_dict *dict;     /* STRING only */
  unsigned flags;    /* ls_col_flag bits */
  char currency[8];  /* ISO 4217 code, NUL-terminated; "" when none */
};

struct ls_table {
  char *name;
  ls_column **cols;
  size_t ncols, cap;
};

/* ---- private ---- */

static size_t value_size(ls_type t) {
  switch (t) {
    case LS_TYPE_INT64:
    case LS_TYPE_TIME: return sizeof(int64_t);
    case LS_TYPE_DOUBLE: return sizeof(double);
    case LS_TYPE_BOOL: return sizeof(uint8_t);
    case LS_TYPE_STRING: return sizeof(int32_t);
    default: return 0;
  }
}

static ls_status grow(ls_column *c, size_t need) {
  if (need <= c->cap) return LS_OK;
  size_t cap = c->cap ? c->cap : 64;
  while (cap < need) cap *= 2;
  void *v = ls_reallocarray(c->values, cap, value_size(c->type));
  if (!v) return LS_ENOMEM;
  c->values = v;
  if (c->valid) {
    uint8_t *b = ls_realloc(c->valid, (cap + 7) / 8);
    if (!b) return LS_ENOMEM;
    memset(b + (c->cap + 7) / 8, 0, (cap + 7) / 8 - (c->cap + 7) / 8);
    c->valid = b;
  }
  c->cap = cap;
  return LS_OK;
}

/* make room for one row and mark it valid or null */
static ls_status push_slot(ls_column *c, int valid) {
  if (c->len >= c->cap) {
    ls_status s = grow(c, c->len + 1);
    if (s != LS_OK) return s;
  }
  if (!valid && !c->valid) {
    size_t bytes = (c->cap + 7) / 8;
    c->valid = ls_malloc(bytes);
    if (!c->valid) return LS_ENOMEM;
    memset(c->valid, 0, bytes);
    for (size_t i = 0; i < c->len; i++) c->valid[i >> 3] |= (uint8_t)(1u << (i & 7));
  }
  if (c->valid) {
    if (valid)
      c->valid[c->len >> 3] |= (uint8_t)(1u << (c->len & 7));
    else
      c->valid[c->len >> 3] &= (uint8_t)~(1u << (c->len & 7));
  }
  if (!valid) c->nulls++;
  return LS_OK;
}

/* ---- API: types ---- */

const char *ls_type_name(ls_type t) {
  switch (t) {
    case LS_TYPE_INT64: return "int";
    case LS_TYPE_DOUBLE: return "float";
    case LS_TYPE_TIME: return "timestamp";
    case LS_TYPE_BOOL: return "bool";
    case LS_TYPE_STRING: return "string";
    default: return "?";
  }
}

/* ---- API: tables ---- */

ls_table *ls_table_new(const char *name) {
  ls_table *t = ls_calloc(1, sizeof *t);
  if (!t) return NULL;
  t->name = ls_strdup(name ? name : "");
  if (!t->name) {
    ls_free(t);
    return NULL;
  }
  return t;
}

ls_table *ls_table_new_schema(const char *name, const char *const *names, const ls_type *types,
                              size_t ncols, size_t rows, ls_column **cols) {
  ls_table *t = ls_table_new(name);
  for (size_t i = 0; t && i < ncols; i++) {
    cols[i] = ls_table_add(t, names[i], types[i]);
    if (!cols[i] || ls_column_reserve(cols[i], rows) != LS_OK) {
      ls_table_free(t);
      t = NULL;
    }
  }
  return t;
}

void ls_table_free(ls_table *t) {
  if (!t) return;
  for (size_t i = 0; i < t->ncols; i++) ls_column_free(t->cols[i]);
  ls_free(t->cols);
  ls_free(t->name);
  ls_free(t);
}

const char *ls_table_name(const ls_table *t) { return t->name; }
size_t ls_table_rows(const ls_table *t) { return t->ncols ? t->cols[0]->len : 0; }
size_t ls_table_ncols(const ls_table *t) { return t->ncols; }

ls_column *ls_table_col(const ls_table *t, size_t i) {
  assert(i < t->ncols);
  return t->cols[i];
}

ls_column *ls_table_find(const ls_table *t, const char *name) {
  for (size_t i = 0; i < t->ncols; i++)
    if (strcmp(t->cols[i]->name, name) == 0) return t->cols[i];
  return NULL;
}

ls_status ls_table_adopt(ls_table *t, ls_column *c) {
  if (!c) return LS_ENOMEM;
  if (t->ncols == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 8;
    ls_column **cols = ls_reallocarray(t->cols, cap, sizeof *cols);
    if (!cols) {
      ls_column_free(c);
      return LS_ENOMEM;
    }
    t->cols = cols;
    t->cap = cap;
  }
  t->cols[t->ncols++] = c;
  return LS_OK;
}

ls_column *ls_table_add(ls_table *t, const char *name, ls_type type) {
  ls_column *c = ls_column_new(name, type);
  if (!c || ls_table_adopt(t, c) != LS_OK) return NULL;
  return c;
}

ls_column *ls_table_swap_col(ls_table *t, size_t i, ls_column *c) {
  assert(i < t->ncols);
  ls_column *old = t->cols[i];
  t->cols[i] = c;
  return old;
}

ls_status ls_table_check(const ls_table *t) {
  for (size_t i = 1; i < t->ncols; i++)
    if (t->cols[i]->len != t->cols[0]->len) return LS_EINVAL;
  return LS_OK;
}

size_t ls_table_bytes(const ls_table *t) {
  size_t b = 0;
  for (size_t i = 0; i < t->ncols; i++) {
    const ls_column *c = t->cols[i];
    b += c->cap * value_size(c->type);
    if (c->valid) b += (c->cap + 7) / 8;
    if (c->dict) b += ls_dict_bytes(c->dict);
  }
  return b;
}

/* ---- API: columns ---- */

ls_column *ls_column_new(const char *name, ls_type type) {
  if ((unsigned)type >= LS_TYPE_COUNT) return NULL;
  ls_column *c = ls_calloc(1, sizeof *c);
  if (!c) return NULL;
  c->type = type;
  c->name = ls_strdup(name ? name : "");
  if (!c->name || (type == LS_TYPE_STRING && !(c->dict = ls_dict_new()))) {
    ls_column_free(c);
    return NULL;
  }
  return c;
}

void ls_column_free(ls_column *c) {
  if (!c) return;
  ls_free(c->name);
  ls_free(c->values);
  ls_free(c->valid);
  ls_dict_free(c->dict);
  ls_free(c);
}

ls_status ls_column_reserve(ls_column *c, size_t n) { return grow(c, n); }

const char *ls_column_name(const ls_column *c) { return c->name; }
ls_type ls_column_type(const ls_column *c) { return c->type; }
size_t ls_column_len(const ls_column *c) { return c->len; }
size_t ls_column_nulls(const ls_column *c) { return c->nulls; }

void ls_column_truncate(ls_column *c, size_t n) {
  assert(n <= c->len);
  if (c->valid)
    for (size_t i = n; i < c->len; i++) c->nulls -= !((c->valid[i >> 3] >> (i & 7)) & 1);
  c->len = n;
}

int ls_column_valid(const ls_column *c, size_t i) {
  assert(i < c->len);
  return !c->valid || ((c->valid[i >> 3] >> (i & 7)) & 1);
}

ls_status ls_column_push_null(ls_column *c) {
  ls_status s = push_slot(c, 0);
  if (s != LS_OK) return s;
  switch (c->type) {
    case LS_TYPE_INT64:
    case LS_TYPE_TIME: ((int64_t *)c->values)[c->len] = 0; break;
    case LS_TYPE_DOUBLE: ((double *)c->values)[c->len] = 0; break;
    case LS_TYPE_BOOL: ((uint8_t *)c->values)[c->len] = 0; break;
    case LS_TYPE_STRING: ((int32_t *)c->values)[c->len] = 0; break;
    default: break;
  }
  c->len++;
  return LS_OK;
}

ls_status ls_column_push_i64(ls_column *c, int64_t v) {
  if (c->type != LS_TYPE_INT64 && c->type != LS_TYPE_TIME) return LS_EINVAL;
  ls_status s = push_slot(c, 1);
  if (s != LS_OK) return s;
  ((int64_t *)c->values)[c->len++] = v;
  return LS_OK;
}

ls_status ls_column_push_f64(ls_column *c, double v) {
  if (c->type != LS_TYPE_DOUBLE) return LS_EINVAL;
  ls_status s = push_slot(c, 1);
  if (s != LS_OK) return s;
  ((double *)c->values)[c->len++] = v;
  return LS_OK;
}

ls_status ls_column_push_bool(ls_column *c, int v) {
  if (c->type != LS_TYPE_BOOL) return LS_EINVAL;
  ls_status s = push_slot(c, 1);
  if (s != LS_OK) return s;
  ((uint8_t *)c->values)[c->len++] = v ? 1 : 0;
  return LS_OK;
}

ls_status ls_column_push_str(ls_column *c, const char *str, size_t len) {
  if (c->type != LS_TYPE_STRING) return LS_EINVAL;
  int32_t id = ls_dict_intern(c->dict, str, len);
  if (id < 0) return LS_ENOMEM;
  ls_status s = push_slot(c, 1);
  if (s != LS_OK) return s;
  ((int32_t *)c->values)[c->len++] = id;
  return LS_OK;
}

int32_t ls_column_intern(ls_column *c, const char *s, size_t len) {
  return c->type == LS_TYPE_STRING ? ls_dict_intern(c->dict, s, len) : -1;
}

ls_status ls_column_push_id(ls_column *c, int32_t id) {
  if (c->type != LS_TYPE_STRING || id < 0 || (size_t)id >= ls_dict_size(c->dict)) return LS_EINVAL;
  ls_status s = push_slot(c, 1);
  if (s != LS_OK) return s;
  ((int32_t *)c->values)[c->len++] = id;
  return LS_OK;
}

const int64_t *ls_column_i64(const ls_column *c) {
  return (c->type == LS_TYPE_INT64 || c->type == LS_TYPE_TIME) ? c->values : NULL;
}
int64_t *ls_column_i64_mut(ls_column *c) {
  return (c->type == LS_TYPE_INT64 || c->type == LS_TYPE_TIME) ? c->values : NULL;
}

unsigned ls_column_flags(const ls_column *c) { return c->flags; }
void ls_column_set_flags(ls_column *c, unsigned flags) { c->flags = flags; }
const char *ls_column_currency(const ls_column *c) { return c->currency; }
void ls_column_set_currency(ls_column *c, const char *code) {
  size_t n = code ? strlen(code) : 0;
  if (n >= sizeof c->currency) n = sizeof c->currency - 1;
  memcpy(c->currency, code ? code : "", n);
  c->currency[n] = '\0';
}

const double *ls_column_f64(const ls_column *c) {
  return c->type == LS_TYPE_DOUBLE ? c->values : NULL;
}
const uint8_t *ls_column_bool(const ls_column *c) {
  return c->type == LS_TYPE_BOOL ? c->values : NULL;
}
const int32_t *ls_column_str_ids(const ls_column *c) {
  return c->type == LS_TYPE_STRING ? c->values : NULL;
}
const ls_dict *ls_column_dict(const ls_column *c) { return c->dict; }

const char *ls_column_str(const ls_column *c, size_t i, size_t *len) {
  if (c->type != LS_TYPE_STRING || !ls_column_valid(c, i)) return NULL;
  return ls_dict_str(c->dict, ((const int32_t *)c->values)[i], len);
}

double ls_column_num(const ls_column *c, size_t i) {
  if (!ls_column_valid(c, i)) return NAN;
  switch (c->type) {
    case LS_TYPE_INT64:
    case LS_TYPE_TIME: return (double)((const int64_t *)c->values)[i];
    case LS_TYPE_DOUBLE: return ((const double *)c->values)[i];
    case LS_TYPE_BOOL: return ((const uint8_t *)c->values)[i];
    default: return NAN;
  }
}

/* mask.c: tokens of personal data, per value, per column and per dataset. */
#include "privacy/mask.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "privacy/siphash.h"
#include "table/csvout.h"

typedef struct {
  char tok[LS_MASK_TOKEN_MAX];
  uint8_t len;
  int32_t id;
} entry;

struct ls_mask_col {
  const ls_column *c;
  ls_pii kind;
  uint8_t key[16];
  entry *tok;    /* STRING: the token of each dictionary id, by id */
  entry *sorted; /* the same ordered by token, once ls_mask_col_sort made it */
  size_t nd;
};

/* ---- private ---- */

static int is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

static int cmp_entry(const void *a, const void *b) {
  const entry *x = a, *y = b;
  int c = strcmp(x->tok, y->tok);
  return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* ---- API ---- */

int ls_mask_is_token(const char *s, size_t len) {
  const char *colon = s ? memchr(s, ':', len) : NULL;
  if (!colon || len - (size_t)(colon - s) - 1 != LS_MASK_HEX) return 0;
  char kind[8];
  size_t k = (size_t)(colon - s);
  if (k == 0 || k >= sizeof kind) return 0;
  memcpy(kind, s, k);
  kind[k] = '\0';
  if (ls_pii_from_name(kind) == LS_PII_NONE) return 0;
  for (size_t i = k + 1; i < len; i++)
    if (!is_lower_hex(s[i])) return 0;
  return 1;
}

size_t ls_mask_token(const uint8_t key[16], ls_pii k, const char *s, size_t len, char out[LS_MASK_TOKEN_MAX]) {
  if (ls_mask_is_token(s, len)) {
    memcpy(out, s, len);
    out[len] = '\0';
    return len;
  }
  static const char HEX[] = "0123456789abcdef";
  const char *name = k == LS_PII_NONE ? "pii" : ls_pii_name(k);
  size_t n = strlen(name);
  uint64_t h = ls_siphash24(key, s, len);
  memcpy(out, name, n);
  out[n++] = ':';
  /* the tag's bytes little-endian, as the reference prints them: hex of
   * byte 0 first */
  for (int i = 0; i < LS_MASK_HEX / 2; i++) {
    unsigned b = (unsigned)(h >> (8 * i)) & 0xff;
    out[n++] = HEX[b >> 4];
    out[n++] = HEX[b & 15];
  }
  out[n] = '\0';
  return n;
}

ls_mask_col *ls_mask_col_new(const ls_column *c, ls_pii k, const uint8_t key[16]) {
  ls_type ty = c ? ls_column_type(c) : LS_TYPE_COUNT;
  if (ty != LS_TYPE_STRING && ty != LS_TYPE_INT64) return NULL;
  ls_mask_col *m = ls_calloc(1, sizeof *m);
  if (!m) return NULL;
  m->c = c, m->kind = k;
  memcpy(m->key, key, sizeof m->key);
  if (ty == LS_TYPE_INT64) return m;
  const ls_dict *d = ls_column_dict(c);
  m->nd = ls_dict_size(d);
  m->tok = ls_malloc((m->nd ? m->nd : 1) * sizeof *m->tok);
  if (!m->tok) {
    ls_mask_col_free(m);
    return NULL;
  }
  for (size_t i = 0; i < m->nd; i++) {
    size_t len = 0;
    const char *s = ls_dict_str(d, (int32_t)i, &len);
    m->tok[i].len = (uint8_t)ls_mask_token(key, k, s, len, m->tok[i].tok);
    m->tok[i].id = (int32_t)i;
  }
  return m;
}

ls_status ls_mask_col_sort(ls_mask_col *m) {
  if (!m->tok || m->sorted) return LS_OK;
  m->sorted = ls_malloc((m->nd ? m->nd : 1) * sizeof *m->sorted);
  if (!m->sorted) return LS_ENOMEM;
  memcpy(m->sorted, m->tok, m->nd * sizeof *m->sorted);
  qsort(m->sorted, m->nd, sizeof *m->sorted, cmp_entry);
  return LS_OK;
}

void ls_mask_col_free(ls_mask_col *m) {
  if (!m) return;
  ls_free(m->tok);
  ls_free(m->sorted);
  ls_free(m);
}

const char *ls_mask_col_cell(const ls_mask_col *m, size_t i, char buf[LS_MASK_TOKEN_MAX], size_t *len) {
  *len = 0;
  if (!ls_column_valid(m->c, i)) return NULL;
  if (m->tok) {
    const entry *e = &m->tok[ls_column_str_ids(m->c)[i]];
    *len = e->len;
    return e->tok;
  }
  char digits[24];
  int n = snprintf(digits, sizeof digits, "%lld", (long long)ls_column_i64(m->c)[i]);
  *len = ls_mask_token(m->key, m->kind, digits, (size_t)n, buf);
  return buf;
}

int32_t ls_mask_col_find(const ls_mask_col *m, const char *s, size_t len) {
  if (!m->sorted || !s || len >= LS_MASK_TOKEN_MAX) return -1; /* not sorted: ls_mask_col_sort */
  char want[LS_MASK_TOKEN_MAX];
  memcpy(want, s, len);
  want[len] = '\0';
  size_t lo = 0, hi = m->nd;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(m->sorted[mid].tok, want);
    if (c == 0) return m->sorted[mid].id;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

size_t ls_mask_col_ids(const ls_mask_col *m) { return m->sorted ? m->nd : 0; }

int32_t ls_mask_col_id_at(const ls_mask_col *m, size_t k) { return m->sorted[k].id; }

ls_pii ls_mask_kind(const ls_workspace *ws, size_t i, size_t col) {
  if (!ws || i >= ls_workspace_count(ws)) return LS_PII_NONE;
  return ls_pii_column(ls_workspace_table(ws, i), ls_workspace_detection(ws, i), col);
}

int ls_mask_on(const ls_workspace *ws) { return ws && !ls_workspace_reveal(ws); }

/* 1 + the kind of dataset i's column named name; 0 when it has none */
static int kind_in(const ls_workspace *ws, size_t i, const char *name) {
  const ls_table *t = ls_workspace_table(ws, i);
  for (size_t c = 0; c < ls_table_ncols(t); c++) {
    const char *n = ls_column_name(ls_table_col(t, c));
    if (ls_ascii_ieq(n, strlen(n), name)) return 1 + (int)ls_mask_kind(ws, i, c);
  }
  return 0;
}

ls_pii ls_mask_kind_named(const ls_workspace *ws, size_t i, const char *name) {
  if (!ws || !name || i >= ls_workspace_count(ws)) return LS_PII_NONE;
  int k = kind_in(ws, i, name);
  int cj = ls_workspace_find(ws, LS_KIND_CUSTOMERS);
  if (!k && cj >= 0 && (size_t)cj != i) k = kind_in(ws, (size_t)cj, name);
  return k ? (ls_pii)(k - 1) : LS_PII_NONE;
}

ls_status ls_mask_labels(const ls_workspace *ws, size_t i, const char *name, char **labels, size_t n) {
  ls_pii k = ls_mask_on(ws) ? ls_mask_kind_named(ws, i, name) : LS_PII_NONE;
  for (size_t j = 0; k != LS_PII_NONE && j < n; j++) {
    char tok[LS_MASK_TOKEN_MAX];
    size_t len = ls_mask_token(ls_workspace_salt(ws), k, labels[j], labels[j] ? strlen(labels[j]) : 0, tok);
    char *copy = ls_malloc(len + 1);
    if (!copy) return LS_ENOMEM;
    memcpy(copy, tok, len + 1);
    ls_free(labels[j]);
    labels[j] = copy;
  }
  return LS_OK;
}

ls_status ls_mask_write_csv(const ls_workspace *ws, size_t i, FILE *f) {
  if (!ws || !f || i >= ls_workspace_count(ws)) return LS_EINVAL;
  const ls_table *t = ls_workspace_table(ws, i);
  size_t nc = ls_table_ncols(t), rows = ls_table_rows(t);
  const char **names = ls_calloc(nc ? nc : 1, sizeof *names);
  ls_type *types = ls_calloc(nc ? nc : 1, sizeof *types);
  ls_column **cols = ls_calloc(nc ? nc : 1, sizeof *cols);
  ls_table *out = NULL;
  ls_status st = names && types && cols ? LS_OK : LS_ENOMEM;
  for (size_t c = 0; st == LS_OK && c < nc; c++) {
    names[c] = ls_column_name(ls_table_col(t, c));
    types[c] = ls_column_type(ls_table_col(t, c));
  }
  if (st == LS_OK && !(out = ls_table_new_schema(ls_table_name(t), names, types, nc, 0, cols))) st = LS_ENOMEM;
  if (st == LS_OK) st = ls_table_append(out, t);
  for (size_t c = 0; st == LS_OK && c < nc; c++) {
    const ls_column *src = ls_table_col(t, c);
    ls_column_set_flags(cols[c], ls_column_flags(src));
    ls_column_set_currency(cols[c], ls_column_currency(src));
    ls_pii k = ls_mask_kind(ws, i, c);
    if (k == LS_PII_NONE) continue;
    ls_mask_col *m = ls_mask_col_new(src, k, ls_workspace_salt(ws));
    ls_column *tc = m ? ls_column_new(names[c], LS_TYPE_STRING) : NULL;
    st = tc && ls_column_reserve(tc, rows) == LS_OK ? LS_OK : LS_ENOMEM;
    for (size_t r = 0; st == LS_OK && r < rows; r++) {
      char buf[LS_MASK_TOKEN_MAX];
      size_t len;
      const char *tok = ls_mask_col_cell(m, r, buf, &len);
      st = tok ? ls_column_push_str(tc, tok, len) : ls_column_push_null(tc);
    }
    ls_mask_col_free(m);
    if (st == LS_OK) ls_column_free(ls_table_swap_col(out, c, tc));
    else ls_column_free(tc);
  }
  if (st == LS_OK) st = ls_csv_write(out, f);
  ls_table_free(out);
  ls_free(names);
  ls_free(types);
  ls_free(cols);
  return st;
}

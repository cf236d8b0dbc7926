/* report_doc.c: the report's list of blocks (report_internal.h). Out of
 * memory is remembered on the document (d->oom) and ends the report. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "report/report_internal.h"

/* ---- private ---- */

static rp_block *push(rp_doc *d, rp_block_kind kind) {
  if (d->oom) return NULL;
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 64;
    rp_block *b = ls_reallocarray(d->b, cap, sizeof *b);
    if (!b) {
      d->oom = 1;
      return NULL;
    }
    d->b = b;
    d->cap = cap;
  }
  rp_block *b = &d->b[d->n++];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  return b;
}

static void table_free(rp_table *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nrows * t->ncols; i++) ls_free(t->cell[i]);
  ls_free(t->cell);
  ls_free(t->tone);
  ls_free(t->spark);
  ls_free(t->lower);
  ls_free(t);
}

/* ---- API ---- */

void rp_doc_text(rp_doc *d, rp_block_kind kind, const char *id, int tone, const char *fmt, ...) {
  char small[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  rp_block *b = n < 0 ? NULL : push(d, kind);
  if (!b) return;
  b->id = id;
  b->tone = tone;
  b->text = ls_malloc((size_t)n + 1);
  if (!b->text) {
    d->oom = 1;
    return;
  }
  va_start(ap, fmt);
  vsnprintf(b->text, (size_t)n + 1, fmt, ap);
  va_end(ap);
}

void rp_doc_block(rp_doc *d, rp_block_kind kind) { push(d, kind); }

rp_table *rp_doc_table(rp_doc *d, size_t ncols, const char *const *head_keys, unsigned right) {
  rp_block *b = push(d, RP_B_TABLE);
  if (!b) return NULL;
  rp_table *t = ls_calloc(1, sizeof *t);
  if (!t) {
    d->oom = 1;
    return NULL;
  }
  b->table = t;
  t->ncols = ncols;
  t->right = right;
  t->change_col = t->spark_col = -1;
  for (size_t c = 0; c < ncols; c++) t->head[c] = rp_msg(d->m->lang, head_keys[c]);
  return t;
}

void rp_row(rp_doc *d, rp_table *t, int tone, ...) {
  if (d->oom || !t) return;
  size_t r = t->nrows;
  char **cell = ls_reallocarray(t->cell, (r + 1) * t->ncols, sizeof *cell);
  if (cell) t->cell = cell;
  int *tn = cell ? ls_reallocarray(t->tone, r + 1, sizeof *tn) : NULL;
  if (tn) t->tone = tn;
  const double **sp = tn ? ls_reallocarray(t->spark, r + 1, sizeof *sp) : NULL;
  if (sp) t->spark = sp;
  int *lw = sp ? ls_reallocarray(t->lower, r + 1, sizeof *lw) : NULL;
  if (lw) t->lower = lw;
  if (!lw) {
    d->oom = 1;
    return;
  }
  t->tone[r] = tone;
  t->spark[r] = NULL;
  t->lower[r] = 0;
  va_list ap;
  va_start(ap, tone);
  for (size_t c = 0; c < t->ncols; c++) {
    const char *s = va_arg(ap, const char *);
    t->cell[r * t->ncols + c] = ls_strdup(s ? s : "");
    if (!t->cell[r * t->ncols + c]) d->oom = 1;
  }
  va_end(ap);
  t->nrows = r + 1;
}

void rp_doc_free(rp_doc *d) {
  for (size_t i = 0; i < d->n; i++) {
    ls_free(d->b[i].text);
    table_free(d->b[i].table);
  }
  ls_free(d->b);
  memset(d, 0, sizeof *d);
}

/* typing.c: per-column inference options and building typed columns. */
#include "ingest/typing.h"

#include <string.h>

static const ls_infer_opts AUTO = {0, LS_TYPE_STRING, LS_DATE_AUTO, LS_DECIMAL_AUTO};

void ls_typing_default(ls_typing *p) {
  memset(p, 0, sizeof *p);
  p->all = AUTO;
}

ls_status ls_typing_force(ls_typing *p, const char *name, ls_type type) {
  size_t len = strlen(name);
  if (len >= sizeof p->cols[0].name) return LS_EINVAL;
  size_t i = 0;
  while (i < p->n && strcmp(p->cols[i].name, name) != 0) i++;
  if (i == p->n) {
    if (p->n == LS_TYPING_MAX) return LS_EINVAL;
    p->n++;
    memcpy(p->cols[i].name, name, len + 1);
  }
  p->cols[i].opts = p->all;
  p->cols[i].opts.force = 1;
  p->cols[i].opts.type = type;
  return LS_OK;
}

const ls_infer_opts *ls_typing_for(const ls_typing *p, const char *name) {
  if (!p) return &AUTO;
  for (size_t i = 0; i < p->n; i++)
    if (strcmp(p->cols[i].name, name) == 0) return &p->cols[i].opts;
  return &p->all;
}

ls_status ls_typing_build(const ls_typing *p, ls_table *t, const char *name, ls_cells *cells,
                          ls_infer_report *rep, uint64_t *repaired) {
  ls_column *c = NULL;
  ls_status st = ls_infer_column_ex(name, cells, ls_typing_for(p, name), &c, rep);
  *repaired += cells->repaired;
  ls_cells_free(cells);
  return st == LS_OK ? ls_table_adopt(t, c) : st;
}

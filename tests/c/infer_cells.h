/* infer_cells.h: what both inference tests share: a column's type, or the
 * column itself, inferred from a NULL-terminated list of cells. */
#ifndef LS_INFER_CELLS_H
#define LS_INFER_CELLS_H

#include <string.h>

#include "check.h"
#include "ingest/infer.h"

/* Fill c with the cells of a NULL-terminated list. */
static inline void fill(ls_cells *c, const char *const *v) {
  ls_cells_init(c);
  for (; *v; v++) CHECK_INT(ls_cells_push(c, *v, strlen(*v)), LS_OK);
}

/* The type inferred for a column named name holding the listed cells. */
static inline ls_type type_of(const char *name, const char *const *v) {
  ls_cells c;
  fill(&c, v);
  ls_type t = ls_infer_type(name, &c);
  ls_cells_free(&c);
  return t;
}

/* The column built from the listed cells; the caller frees it. */
static inline ls_column *column_of(const char *name, const char *const *v) {
  ls_cells c;
  ls_column *col = NULL;
  fill(&c, v);
  CHECK_INT(ls_infer_column(name, &c, &col), LS_OK);
  ls_cells_free(&c);
  return col;
}

#define CELLS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The column built with options (NULL: automatic) and its report. */
static inline ls_column *column_ex(const char *name, const char *const *v, const ls_infer_opts *o,
                            ls_infer_report *rep) {
  ls_cells c;
  ls_column *col = NULL;
  fill(&c, v);
  CHECK_INT(ls_infer_column_ex(name, &c, o, &col, rep), LS_OK);
  ls_cells_free(&c);
  return col;
}

#endif

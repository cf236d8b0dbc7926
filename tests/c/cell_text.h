/* cell_text.h: reading a string cell of a table back in reader tests. */
#ifndef LS_CELL_TEXT_H
#define LS_CELL_TEXT_H

#include <stddef.h>

#include "table/table.h"

/* The string at column col, row row, as ls_column_str gives it; NULL for a
 * null cell, a missing table, or a column or row out of range. */
static inline const char *str_at(const ls_table *t, size_t col, size_t row) {
  size_t len;
  if (!t || col >= ls_table_ncols(t) || row >= ls_table_rows(t)) return NULL;
  return ls_column_str(ls_table_col(t, col), row, &len);
}

#endif

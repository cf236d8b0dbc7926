/* table_check.h: what the reader fuzzers (CSV, JSONL) demand of a table.
 * Both abort() on a violation, as libFuzzer expects. */
#ifndef LS_TABLE_CHECK_H
#define LS_TABLE_CHECK_H

#include <stdlib.h>
#include <string.h>

#include "table/table.h"
#include "utf8_check.h"

/* Abort unless t is consistent, has columns, and its column names are
 * unique, non-empty and valid UTF-8 and its strings non-empty valid UTF-8. */
static inline void check_table(const ls_table *t) {
  if (ls_table_check(t) != LS_OK || ls_table_ncols(t) == 0) abort();
  for (size_t c = 0; c < ls_table_ncols(t); c++) {
    const ls_column *col = ls_table_col(t, c);
    const char *name = ls_column_name(col);
    if (!name[0] || !valid_utf8(name, strlen(name))) abort();
    for (size_t d = 0; d < c; d++)
      if (strcmp(name, ls_column_name(ls_table_col(t, d))) == 0) abort();
    for (size_t i = 0; i < ls_column_len(col); i++) {
      size_t len;
      const char *s = ls_column_str(col, i, &len);
      if (s && (len == 0 || !valid_utf8(s, len))) abort();
    }
  }
}

/* 1 when two tables hold the same names, types and values (numbers
 * compared bit for bit), else 0. */
static inline int same_table(const ls_table *a, const ls_table *b) {
  if (ls_table_ncols(a) != ls_table_ncols(b) || ls_table_rows(a) != ls_table_rows(b)) return 0;
  for (size_t c = 0; c < ls_table_ncols(a); c++) {
    const ls_column *x = ls_table_col(a, c), *y = ls_table_col(b, c);
    if (strcmp(ls_column_name(x), ls_column_name(y)) != 0) return 0;
    if (ls_column_type(x) != ls_column_type(y)) return 0;
    for (size_t i = 0; i < ls_column_len(x); i++) {
      if (ls_column_valid(x, i) != ls_column_valid(y, i)) return 0;
      if (ls_column_type(x) == LS_TYPE_STRING) {
        size_t lx, ly;
        const char *sx = ls_column_str(x, i, &lx), *sy = ls_column_str(y, i, &ly);
        if ((sx == NULL) != (sy == NULL) || (sx && (lx != ly || memcmp(sx, sy, lx) != 0)))
          return 0;
      } else {
        double vx = ls_column_num(x, i), vy = ls_column_num(y, i);
        if (memcmp(&vx, &vy, sizeof vx) != 0) return 0;
      }
    }
  }
  return 1;
}

#endif

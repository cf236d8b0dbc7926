/* rowlines.h: which physical line each data row of a file starts on.
 *
 * Readers mark every row in order; only rows that do not start on the line
 * after the previous row's start are stored (the first row, rows after a
 * quoted newline, a skipped blank line or a preamble), so a file of plain
 * lines costs one entry. A lookup is a binary search. */
#ifndef LS_ROWLINES_H
#define LS_ROWLINES_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct {
  uint64_t (*at)[2]; /* {row, line} where the sequence restarts, by row */
  size_t n, cap;
  uint64_t rows;      /* rows marked so far */
  uint64_t last_line; /* line of the last row marked */
} ls_rowlines;

/* Row m->rows (the next one) starts on line; LS_ENOMEM leaves m as it was. */
ls_status ls_rowlines_mark(ls_rowlines *m, uint64_t line);
/* Mark `row` (>= m->rows; rows in between follow on consecutive lines). */
ls_status ls_rowlines_mark_at(ls_rowlines *m, uint64_t row, uint64_t line);
/* The line row starts on (rows after the last marked one are taken to follow
 * on consecutive lines); 0 before the first marked row or when empty. */
uint64_t ls_rowlines_line(const ls_rowlines *m, uint64_t row);
/* Free the entries; m is then empty (a zeroed ls_rowlines is empty too). */
void ls_rowlines_free(ls_rowlines *m);

#endif

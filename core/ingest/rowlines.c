/* rowlines.c: the sparse data row → line map. */
#include "ingest/rowlines.h"

#include "base/alloc.h"

ls_status ls_rowlines_mark_at(ls_rowlines *m, uint64_t row, uint64_t line) {
  if (m->rows && row >= m->rows && line == m->last_line + (row - m->rows) + 1) {
    m->rows = row + 1;
    m->last_line = line;
    return LS_OK;
  }
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 4;
    uint64_t(*at)[2] = ls_reallocarray(m->at, cap, sizeof *at);
    if (!at) return LS_ENOMEM;
    m->at = at;
    m->cap = cap;
  }
  m->at[m->n][0] = row;
  m->at[m->n][1] = line;
  m->n++;
  m->rows = row + 1;
  m->last_line = line;
  return LS_OK;
}

ls_status ls_rowlines_mark(ls_rowlines *m, uint64_t line) { return ls_rowlines_mark_at(m, m->rows, line); }

uint64_t ls_rowlines_line(const ls_rowlines *m, uint64_t row) {
  if (!m || !m->n || row < m->at[0][0]) return 0;
  size_t lo = 0, hi = m->n; /* the last entry at or before row is in [lo, hi) */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->at[mid][0] <= row)
      lo = mid;
    else
      hi = mid;
  }
  return m->at[lo][1] + (row - m->at[lo][0]);
}

void ls_rowlines_free(ls_rowlines *m) {
  ls_free(m->at);
  *m = (ls_rowlines){0};
}

/* source.c: per-file load facts and the data row → line map. */
#include "ingest/source.h"

#include "base/alloc.h"

ls_source *ls_source_new(size_t ncols) {
  ls_source *s = ls_calloc(1, sizeof *s);
  if (!s) return NULL;
  s->files = 1;
  s->ncols = ncols;
  if (ncols && !(s->cols = ls_calloc(ncols, sizeof *s->cols))) {
    ls_free(s);
    return NULL;
  }
  return s;
}

void ls_source_free(ls_source *s) {
  if (!s) return;
  ls_free(s->cols);
  ls_free(s->breaks);
  ls_free(s);
}

ls_status ls_source_mark(ls_source *s, uint64_t row, uint64_t line) {
  if (s->nbreaks && line == ls_source_line(s, row)) return LS_OK;
  /* a power-of-two capacity: grow when the count reaches one */
  size_t n = s->nbreaks;
  if ((n & (n - 1)) == 0) {
    uint64_t(*b)[2] = ls_reallocarray(s->breaks, n ? n * 2 : 1, sizeof *b);
    if (!b) return LS_ENOMEM;
    s->breaks = b;
  }
  s->breaks[n][0] = row;
  s->breaks[n][1] = line;
  s->nbreaks = n + 1;
  return LS_OK;
}

uint64_t ls_source_line(const ls_source *s, uint64_t row) {
  if (!s || !s->nbreaks || row < s->breaks[0][0]) return 0;
  size_t lo = 0, hi = s->nbreaks; /* the last break at or before row */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->breaks[mid][0] <= row) lo = mid; else hi = mid;
  }
  return s->breaks[lo][1] + (row - s->breaks[lo][0]);
}

void ls_tally_add(ls_tally *t, uint64_t line) {
  if (t->count < LS_SOURCE_EXAMPLES) t->lines[t->count] = line;
  t->count++;
}

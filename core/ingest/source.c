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
  ls_rowlines_free(&s->lines);
  ls_free(s);
}

void ls_tally_add(ls_tally *t, uint64_t line) {
  if (t->count < LS_SOURCE_EXAMPLES) t->lines[t->count] = line;
  t->count++;
}

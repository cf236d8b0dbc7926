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

void ls_tally_merge(ls_tally *into, const ls_tally *from) {
  for (uint64_t i = 0; i < from->count && i < LS_SOURCE_EXAMPLES; i++)
    if (into->count + i < LS_SOURCE_EXAMPLES) into->lines[into->count + i] = from->lines[i];
  into->count += from->count;
}

ls_status ls_source_merge(ls_source *into, const ls_source *from, uint64_t rows) {
  into->files += from->files;
  into->bytes += from->bytes;
  into->empty_lines += from->empty_lines;
  into->replaced += from->replaced;
  ls_tally_merge(&into->padded, &from->padded);
  ls_tally_merge(&into->truncated, &from->truncated);
  ls_tally_merge(&into->dropped, &from->dropped);
  for (size_t i = 0; i < into->ncols && i < from->ncols; i++) ls_tally_merge(&into->cols[i].bad, &from->cols[i].bad);
  ls_status st = LS_OK;
  for (size_t i = 0; st == LS_OK && i < from->lines.n; i++)
    st = ls_rowlines_mark_at(&into->lines, rows + from->lines.at[i][0], from->lines.at[i][1]);
  return st;
}

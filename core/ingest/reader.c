/* reader.c: the part the streaming readers share (ingest/reader.h). */
#include "ingest/reader.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"

/* ---- API ---- */

ls_status ls_reader_init(ls_reader *b, const char *name) {
  memset(b, 0, sizeof *b);
  b->status = LS_OK;
  /* the name becomes the table's name: keep it valid UTF-8 like every cell */
  ls_cells tmp;
  ls_cells_init(&tmp);
  if (!name) name = "";
  if (ls_cells_push(&tmp, name, strlen(name)) == LS_OK)
    b->name = ls_strndup(tmp.bytes ? tmp.bytes : "", tmp.nbytes);
  ls_cells_free(&tmp);
  return b->name ? LS_OK : LS_ENOMEM;
}

void ls_reader_free(ls_reader *b) {
  if (!b) return;
  ls_free(b->name);
  b->name = NULL;
  ls_free(b->reports);
  b->reports = NULL;
  ls_rowlines_free(&b->lines);
}

ls_status ls_reader_vfail(ls_reader *b, ls_status st, const char *fmt, va_list ap) {
  const char *name = b->name ? b->name : "";
  size_t n = strlen(name);
  if (n > LS_READER_NAME_MAX) {
    n = LS_READER_NAME_MAX;
    while (n && ((unsigned char)name[n] & 0xC0) == 0x80) n--; /* keep whole characters */
  }
  int k = snprintf(b->msg, sizeof b->msg, "%.*s: ", (int)n, name);
  if (k < 0) k = 0;
  vsnprintf(b->msg + k, sizeof b->msg - (size_t)k, fmt, ap);
  b->status = st;
  return st;
}

ls_status ls_reader_fail(ls_reader *b, ls_status st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ls_reader_vfail(b, st, fmt, ap);
  va_end(ap);
  return st;
}

ls_status ls_reader_build(ls_reader *b, size_t ncols, ls_reader_column_fn col, void *ctx,
                          ls_table **out) {
  *out = NULL;
  ls_table *t = ls_table_new(b->name);
  ls_free(b->reports);
  b->reports = t && ncols ? ls_calloc(ncols, sizeof *b->reports) : NULL;
  ls_status st = t && (!ncols || b->reports) ? LS_OK : LS_ENOMEM;
  for (size_t i = 0; i < ncols && st == LS_OK; i++) {
    const char *name = NULL;
    ls_cells *cells = NULL;
    ls_infer_stream *stream = NULL;
    st = col(ctx, i, &name, &cells, &stream);
    if (st == LS_OK && stream) {
      ls_column *c = NULL;
      st = ls_infer_stream_end(stream, &c, &b->reports[i]);
      if (st == LS_OK) st = ls_table_adopt(t, c);
    } else if (st == LS_OK) {
      st = ls_typing_build(b->typing, t, name, cells, &b->reports[i], &b->repaired);
    }
    ls_infer_stream_free(stream);
  }
  if (st != LS_OK) {
    ls_table_free(t);
    return ls_reader_fail(b, st, "%s", ls_status_message(st));
  }
  assert(ls_table_check(t) == LS_OK);
  *out = t;
  return LS_OK;
}

void ls_reader_take_rowlines(ls_reader *b, ls_rowlines *out) {
  *out = b->lines;
  b->lines = (ls_rowlines){0};
}

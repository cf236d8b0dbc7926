/* csvstream.c: typing a CSV's columns as they are read (the scheme is
 * described at the top of csv.c). */
#include <string.h>

#include "base/alloc.h"
#include "ingest/csvread.h"

static ls_status reread(ls_csv *r, const unsigned char *want, uint64_t rows);

/* Note how the columns are typed now: stop keeping the input once no column
 * streams or may, and know whether every column streams. */
static void keep_less(ls_csv *r) {
  size_t text = 0, stream = 0;
  for (size_t i = 0; i < r->ncols; i++) {
    text += r->how[i].how == COL_TEXT;
    stream += r->how[i].how == COL_STREAM;
  }
  r->all_stream = stream == r->ncols;
  if (text < r->ncols) return;
  ls_spool_free(&r->kept);
  r->streaming = 0;
}

/* Column i's stream missed the cell s[0..n) (valid UTF-8; fixed repairs
 * made it so) of the record after the first rows: read its text again up to
 * that record, add the cell, and go on as text. */
static ls_status unstream(ls_csv *r, size_t i, uint64_t rows, const char *s, size_t n, uint64_t fixed) {
  csv_col *c = &r->how[i];
  ls_infer_stream_free(c->s);
  c->s = NULL;
  c->how = COL_TEXT;
  unsigned char *want = ls_calloc(r->ncols, 1);
  if (!want) return ls_csv_oom(r);
  want[i] = 1;
  ls_status st = reread(r, want, rows);
  ls_free(want);
  if (st != LS_OK) return st;
  c->repaired += fixed;
  if (ls_cells_push(&r->cols[i], s, n) != LS_OK) return ls_csv_oom(r);
  keep_less(r);
  return LS_OK;
}

/* The kept input is past its limit (at a record's end): read every streamed
 * column's text again in one pass, and type every column at finish. */
static ls_status stop_streaming(ls_csv *r) {
  unsigned char *want = ls_calloc(r->ncols, 1);
  if (!want) return ls_csv_oom(r);
  for (size_t i = 0; i < r->ncols; i++) {
    csv_col *c = &r->how[i];
    if (c->how == COL_STREAM) {
      want[i] = 1;
      ls_infer_stream_free(c->s);
      c->s = NULL;
    }
    c->how = COL_TEXT;
  }
  ls_status st = reread(r, want, r->stats.rows);
  ls_free(want);
  if (st != LS_OK) return st;
  keep_less(r);
  return LS_OK;
}

ls_status ls_csv_stream_cell(ls_csv *r, size_t i, const char *s, size_t n, uint64_t fixed) {
  switch (ls_infer_stream_push(r->how[i].s, s, n)) {
    case LS_INFER_TAKEN: r->how[i].repaired += fixed; return LS_OK;
    case LS_INFER_MISS: return unstream(r, i, r->stats.rows, s, n, fixed);
    default: return ls_csv_oom(r);
  }
}

ls_status ls_csv_stream_cells(ls_csv *r, size_t i, const ls_field *f, size_t stride, size_t count) {
  size_t k;
  switch (ls_infer_stream_push_many(r->how[i].s, f, stride, count, &k)) {
    case LS_INFER_TAKEN: return LS_OK;
    case LS_INFER_MISS: break;
    default: return ls_csv_oom(r);
  }
  const ls_field *miss = &f[k * stride];
  if (unstream(r, i, r->stats.rows + k, miss->s, miss->len, 0) != LS_OK) return r->b.status;
  for (k++; k < count; k++)
    if (ls_cells_push_ascii(&r->cols[i], f[k * stride].s, f[k * stride].len) != LS_OK) return ls_csv_oom(r);
  return LS_OK;
}

ls_status ls_csv_part_done(ls_csv *r, uint64_t before) {
  ls_field f = ls_csv_first_cell(&r->part);
  ls_status st = ls_csv_stream_cell(r, r->curi, f.s, f.len, r->part.repaired - before);
  ls_cells_clear(&r->part);
  return st;
}

ls_status ls_csv_pad_cell(ls_csv *r, size_t i) {
  if (r->how && r->how[i].s) return ls_csv_stream_cell(r, i, "", 0, 0);
  return ls_cells_push(&r->cols[i], "", 0) == LS_OK ? LS_OK : ls_csv_oom(r);
}

ls_status ls_csv_try_streams(ls_csv *r) {
  if (r->kept.total > r->keep_max) return stop_streaming(r);
  for (size_t i = 0; i < r->ncols; i++) {
    csv_col *c = &r->how[i];
    if (c->how != COL_PENDING) continue;
    const ls_infer_opts *o = ls_typing_for(r->b.typing, r->names[i]);
    if (o->force) {
      c->how = COL_TEXT;
      continue;
    }
    if (ls_infer_stream_new(r->names[i], &r->cols[i], o, &c->s) != LS_OK) return ls_csv_oom(r);
    if (!c->s) continue;
    c->how = COL_STREAM;
    c->repaired += r->cols[i].repaired;
    ls_cells_free(&r->cols[i]);
  }
  r->next_try *= 2;
  keep_less(r);
  return LS_OK;
}

/* ---- private: reading the kept input again ---- */

typedef struct {
  ls_csv *again;             /* the second reader */
  ls_csv *r;                 /* the first: its stores get the cells */
  const unsigned char *want; /* per column: read it again */
  uint64_t rows, got;        /* records */
} rereading;

static ls_status reread_record(void *ctx, uint64_t line, const ls_field *names, const ls_field *vals,
                               size_t n) {
  (void)line, (void)names;
  rereading *k = ctx;
  for (size_t i = 0; i < n; i++)
    if (k->want[i] && ls_cells_push(&k->r->cols[i], vals[i].s, vals[i].len) != LS_OK) return LS_ENOMEM;
  if (++k->got < k->rows) return LS_OK;
  for (size_t i = 0; i < n; i++)
    if (k->want[i]) k->r->how[i].repaired = k->again->cols[i].repaired;
  return LS_ERANGE; /* enough: stops the second reader */
}

/* The cells of the first rows records of each wanted column into its store
 * r->cols[i], read again from the kept input by a second reader in record
 * mode (so cells come out exactly as they did the first time), and in
 * r->how[i].repaired the invalid UTF-8 they had. */
static ls_status reread(ls_csv *r, const unsigned char *want, uint64_t rows) {
  for (size_t i = 0; i < r->ncols; i++)
    if (want[i]) r->how[i].repaired = 0;
  if (!rows) return LS_OK;
  rereading k = {ls_csv_new(r->b.name), r, want, rows, 0};
  ls_status st = k.again ? ls_csv_set_dialect(k.again, &r->d) : LS_ENOMEM;
  if (st == LS_OK) st = ls_csv_set_streaming(k.again, 0); /* keeps no copy of the input */
  if (st == LS_OK) st = ls_csv_on_record(k.again, reread_record, &k);
  for (size_t b = 0; st == LS_OK && b < r->kept.n && k.got < rows; b++)
    st = ls_csv_feed(k.again, r->kept.blocks[b].bytes, r->kept.blocks[b].len);
  if (st == LS_OK && k.got < rows) st = ls_csv_finish(k.again, NULL);
  ls_csv_free(k.again);
  if (k.got == rows) return LS_OK;
  if (st == LS_ENOMEM) return ls_csv_oom(r);
  return ls_reader_fail(&r->b, LS_EINVAL, "line %llu: reading the file again gave %llu records, not %llu",
                        (unsigned long long)r->rline, (unsigned long long)k.got, (unsigned long long)rows);
}

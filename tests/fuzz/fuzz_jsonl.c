/* fuzz_jsonl.c: libFuzzer target for the JSON Lines reader.
 *
 * The first input byte picks how the rest is fed: in one piece, in chunks of
 * 1..64 bytes, in record mode, or with one allocation made to fail. Whatever
 * the input: no crash, no leak, a status of LS_OK or LS_EPARSE (or LS_ENOMEM
 * when asked for), the same result chunked as in one piece, records that
 * match the table's rows, and every table consistent with unique, non-empty,
 * valid UTF-8 names and valid UTF-8 strings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "ingest/jsonl.h"
#include "table_check.h"
#include "utf8_check.h"

typedef struct {
  ls_status st;
  ls_table *t;
  char msg[1024];
  uint64_t records, cells; /* record mode: records and fields seen */
} parsed;

static ls_status count(void *ctx, uint64_t line, const ls_field *names, const ls_field *values,
                       size_t n) {
  parsed *p = ctx;
  if (line == 0) abort();
  for (size_t i = 0; i < n; i++) {
    if (!names[i].len || !valid_utf8(names[i].s, names[i].len)) abort();
    if (!valid_utf8(values[i].s, values[i].len)) abort();
  }
  p->records++;
  p->cells += n;
  return LS_OK;
}

static parsed parse(const uint8_t *data, size_t n, size_t chunk, int records) {
  parsed p = {LS_OK, NULL, "", 0, 0};
  ls_jsonl *r = ls_jsonl_new("fuzz.jsonl");
  if (!r) {
    p.st = LS_ENOMEM;
    return p;
  }
  if (records) p.st = ls_jsonl_on_record(r, count, &p);
  for (size_t at = 0; at < n && p.st == LS_OK;) {
    size_t k = chunk && n - at > chunk ? chunk : n - at;
    p.st = ls_jsonl_feed(r, (const char *)data + at, k);
    at += k;
  }
  if (p.st == LS_OK) p.st = ls_jsonl_finish(r, &p.t);
  if (p.t) {
    uint64_t rows = ls_table_rows(p.t);
    uint64_t last = 0;
    for (uint64_t i = 0; i < rows; i++) { /* rows come from rising lines */
      uint64_t line = ls_jsonl_row_line(r, i);
      if (line <= last) abort();
      last = line;
    }
    if (ls_jsonl_row_line(r, rows) != 0) abort();
  }
  strncpy(p.msg, ls_jsonl_errmsg(r), sizeof p.msg - 1);
  ls_jsonl_free(r);
  return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  uint8_t mode = data[0];
  data++;
  size--;
  if (mode >= 0xF0) { /* fail one allocation */
    ls_alloc_fail_after((unsigned long)(mode - 0xEF) * (size % 97 + 1));
    parsed p = parse(data, size, (size_t)(mode & 7) + 1, mode & 8);
    ls_alloc_fail_after(0);
    if (p.st != LS_OK && p.st != LS_EPARSE && p.st != LS_ENOMEM) abort();
    if (p.t) check_table(p.t);
    ls_table_free(p.t);
    return 0;
  }
  parsed whole = parse(data, size, 0, 0);
  if (whole.st != LS_OK && whole.st != LS_EPARSE) abort();
  if (whole.t) check_table(whole.t);
  parsed chunked = parse(data, size, (size_t)mode % 64 + 1, mode >= 0x80);
  if (chunked.st != whole.st || strcmp(chunked.msg, whole.msg) != 0) {
    /* record mode has no "no keys" error: records of empty objects are fine */
    if (!(mode >= 0x80 && chunked.st == LS_OK && strstr(whole.msg, "no keys in any object")))
      abort();
  }
  if (mode >= 0x80) {
    if (chunked.t) abort();
    if (whole.t) {
      size_t nonnull = 0; /* every non-null cell is a record's field */
      for (size_t c = 0; c < ls_table_ncols(whole.t); c++)
        nonnull += ls_column_len(ls_table_col(whole.t, c)) - ls_column_nulls(ls_table_col(whole.t, c));
      if (chunked.records != ls_table_rows(whole.t) || chunked.cells < nonnull) abort();
    }
  } else if (whole.t && !same_table(whole.t, chunked.t)) {
    abort();
  }
  ls_table_free(whole.t);
  ls_table_free(chunked.t);
  return 0;
}

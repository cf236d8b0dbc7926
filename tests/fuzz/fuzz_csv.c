/* fuzz_csv.c: libFuzzer target for the CSV reader and sniffer (tools/fuzz
 * builds it; it needs core/ingest/sniff.c too).
 *
 * The first input byte picks how the rest is fed: in one piece, or in chunks
 * of 1..N bytes, or with one allocation made to fail; and a dialect drawn
 * from its bits. The rest is sniffed (as one sample, and as three samples),
 * then read in the default dialect, in the drawn one and in the sniffed one.
 * Whatever the input: no crash, no leak, a status of LS_OK, LS_EPARSE (or
 * LS_ENOMEM when asked for), the same result chunked as in one piece and
 * typed as read (columns streaming after 1..3 records) as at finish, and
 * every table consistent with valid UTF-8 names and strings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "csv_twice.h"
#include "ingest/csv.h"
#include "ingest/sniff.h"
#include "table_check.h"
#include "utf8_check.h"

typedef struct {
  ls_status st;
  ls_table *t;
  char msg[1024];
} parsed;

static parsed parse(const ls_dialect *d, const uint8_t *data, size_t n, size_t chunk, uint64_t after) {
  parsed p = {LS_OK, NULL, ""};
  ls_csv *r = ls_csv_new("fuzz.csv");
  if (!r) {
    p.st = LS_ENOMEM;
    return p;
  }
  if (ls_csv_set_dialect(r, d) != LS_OK || ls_csv_set_streaming(r, after) != LS_OK) abort();
  for (size_t at = 0; at < n && p.st == LS_OK;) {
    size_t k = chunk && n - at > chunk ? chunk : n - at;
    p.st = ls_csv_feed(r, (const char *)data + at, k);
    at += k;
  }
  if (p.st == LS_OK) p.st = ls_csv_finish(r, &p.t);
  strncpy(p.msg, ls_csv_errmsg(r), sizeof p.msg - 1);
  ls_csv_free(r);
  return p;
}

/* A dialect from the bits of mode. */
static ls_dialect drawn(uint8_t mode) {
  static const char delims[] = {',', ';', '|', '\t'}, quotes[] = {'"', '\'', 0, '"'},
                    escapes[] = {'"', '\\', 0, '\''};
  ls_dialect d = {delims[mode & 3], quotes[(mode >> 2) & 3], escapes[(mode >> 4) & 3], (mode >> 6) & 1,
                  (uint32_t)(mode >> 7) * 2, (mode >> 5) & 1 ? LS_RAGGED_FIX : LS_RAGGED_ERROR, 0};
  if (d.escape == '\'' && d.quote != '\'') d.escape = d.quote;
  return d;
}

/* The sniffer's dialect for the input as one sample, after checking that
 * three samples of it are sniffed as well. */
static ls_status sniffed(const uint8_t *data, size_t n, ls_dialect *d) {
  const char *s = (const char *)data;
  ls_sniff_result r;
  ls_sample three[3] = {{s, n / 3, 1, 0}, {s + n / 3, n / 3, 0, 0}, {s + 2 * (n / 3), n - 2 * (n / 3), 0, 1}};
  ls_status st = ls_sniff_csv(three, 3, &r);
  if (st != LS_OK) return st;
  if (r.reason[sizeof r.reason - 1] || !valid_utf8(r.reason, strlen(r.reason))) abort();
  ls_sample one = {s, n, 1, 1};
  st = ls_sniff_csv(&one, 1, &r);
  *d = r.dialect;
  return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  uint8_t mode = data[0];
  data++;
  size--;
  ls_dialect dialects[3];
  ls_dialect_default(&dialects[0]);
  dialects[1] = drawn(mode);
  if (mode >= 0xF0) { /* fail one allocation */
    ls_alloc_fail_after((unsigned long)(mode - 0xEF) * (size % 97 + 1));
    ls_status st = sniffed(data, size, &dialects[2]);
    if (st != LS_OK && st != LS_ENOMEM) abort();
    for (int i = 0; i < 2; i++) {
      parsed p = parse(&dialects[i], data, size, (size_t)(mode & 7) + 1, (uint64_t)i + 1);
      if (p.st != LS_OK && p.st != LS_EPARSE && p.st != LS_ENOMEM) abort();
      if (p.t) check_table(p.t);
      ls_table_free(p.t);
    }
    ls_alloc_fail_after(0);
    return 0;
  }
  if (sniffed(data, size, &dialects[2]) != LS_OK) abort();
  for (int i = 0; i < 3; i++) {
    parsed whole = parse(&dialects[i], data, size, 0, LS_CSV_STREAM_AFTER);
    if (whole.st != LS_OK && whole.st != LS_EPARSE) abort();
    if (whole.t) check_table(whole.t);
    parsed chunked = parse(&dialects[i], data, size, (size_t)mode % 64 + 1, LS_CSV_STREAM_AFTER);
    if (chunked.st != whole.st || strcmp(chunked.msg, whole.msg) != 0) abort();
    if (whole.t && !same_table(whole.t, chunked.t)) abort();
    ls_table_free(whole.t);
    ls_table_free(chunked.t);
    reading at_end = read_csv((const char *)data, size, &dialects[i], NULL, 0, 0);
    /* every other input: keeping at most 0 to 127 bytes (then all turns text) */
    uint64_t keep = mode & 0x80 ? (uint64_t)(size > 1 ? data[1] : 0) % 128 : LS_CSV_KEEP_MAX;
    reading streamed = read_csv_keep((const char *)data, size, &dialects[i], NULL, (uint64_t)mode % 3 + 1,
                                     (size_t)(mode >> 2) % 32, keep);
    if (at_end.st == LS_ENOMEM || !same_reading(&at_end, &streamed)) abort();
    reading_free(&at_end);
    reading_free(&streamed);
  }
  return 0;
}

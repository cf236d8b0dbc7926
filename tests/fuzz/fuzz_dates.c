/* fuzz_dates.c: libFuzzer target for the number and date parsers and column
 * inference (tools/fuzz builds it).
 *
 * The first input byte picks the options: bit 0-1 the decimal mode, bits 2-3
 * the date order, bits 4-6 a forced type (0: none, 1..5: int, float, time,
 * bool, string), and 0xF0 and above make one allocation fail. The rest is
 * cut at '\n' into cells; the first line is the column's name. Whatever the
 * input: no crash, no leak, no read past a cell (each is copied to a block of
 * its own length), and these hold:
 *   numbers  an int's double is its value; a float is finite; a percentage
 *            names no currency; a currency id has a 3-letter code;
 *   dates    an instant lies within the years 1899..2201 (zones move it by
 *            less than a day); the order flags are honest: LS_DATE_MD means
 *            MDY reads it, LS_DATE_DM means DMY does, and AUTO reads it when
 *            either does;
 *   columns  one row per cell, the report's type is the column's, automatic
 *            inference agrees with ls_infer_type, and no more cells are bad
 *            than there are. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "ingest/dateparse.h"
#include "ingest/infer.h"
#include "ingest/numparse.h"

static void check_num(const char *s, size_t n, int comma) {
  ls_num v;
  ls_num_kind k = ls_num_parse(s, n, comma, &v);
  if (k == LS_NUM_NONE) return;
  if (k == LS_NUM_INT && (v.d != (double)v.i || v.percent)) abort();
  if (!isfinite(v.d)) abort();
  if (v.percent && v.currency) abort();
  if (v.currency && strlen(ls_num_currency(v.currency)) != 3) abort();
}

static void check_date(const char *s, size_t n) {
  static const int64_t lo = INT64_C(-25933) * 86400000, hi = INT64_C(84737) * 86400000; /* 1899, 2202 */
  int64_t ms[4];
  unsigned fl[4];
  int ok[4];
  for (int o = 0; o < 4; o++) {
    ok[o] = ls_date_parse(s, n, (ls_date_order)o, &ms[o], &fl[o]);
    if (ok[o] && (ms[o] < lo || ms[o] > hi)) abort();
    if (o && fl[o] != fl[0]) abort(); /* the flags do not depend on the order */
  }
  if ((fl[0] & LS_DATE_MD) && !ok[LS_DATE_MDY]) abort();
  if ((fl[0] & LS_DATE_DM) && !ok[LS_DATE_DMY]) abort();
  if (fl[0] & (LS_DATE_MD | LS_DATE_DM)) {
    if (ok[LS_DATE_YMD] || ok[LS_DATE_AUTO] != (ok[LS_DATE_MDY] || ok[LS_DATE_DMY])) abort();
  } else if (ok[0] != ok[1] || ok[0] != ok[2] || ok[0] != ok[3]) {
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  uint8_t mode = data[0];
  const char *p = (const char *)data + 1, *end = (const char *)data + size;
  char name[64] = "";
  ls_cells cells;
  ls_cells_init(&cells);
  int first = 1;
  while (p <= end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)((nl ? nl : end) - p);
    char *copy = malloc(n ? n : 1);
    if (!copy) abort();
    memcpy(copy, p, n);
    check_num(copy, n, 0);
    check_num(copy, n, 1);
    check_date(copy, n);
    ls_type t = ls_infer_cell(copy, n);
    if ((unsigned)t > LS_TYPE_COUNT) abort();
    if (first) {
      size_t k = n < sizeof name - 1 ? n : sizeof name - 1;
      memcpy(name, copy, k);
      name[k] = '\0';
      first = 0;
    } else if (ls_cells_push(&cells, copy, n) != LS_OK) {
      abort();
    }
    free(copy);
    if (!nl) break;
    p = nl + 1;
  }
  ls_infer_opts o = {0, LS_TYPE_STRING, (ls_date_order)(mode >> 2 & 3), (ls_decimal)(mode & 3)};
  static const ls_type forced[] = {LS_TYPE_INT64, LS_TYPE_DOUBLE, LS_TYPE_TIME, LS_TYPE_BOOL,
                                   LS_TYPE_STRING};
  unsigned f = mode >> 4 & 7;
  if (f >= 1 && f <= 5) {
    o.force = 1;
    o.type = forced[f - 1];
  }
  ls_column *col = NULL;
  ls_infer_report r;
  if (mode >= 0xF0) ls_alloc_fail_after((unsigned long)(mode - 0xEF) * (size % 13 + 1));
  ls_status st = ls_infer_column_ex(name, &cells, &o, &col, &r);
  ls_alloc_fail_after(0);
  if (st == LS_ENOMEM && mode >= 0xF0 && !col) {
    ls_cells_free(&cells);
    return 0;
  }
  if (st != LS_OK || !col) abort();
  if (ls_column_len(col) != cells.n || ls_column_type(col) != r.type) abort();
  if (r.bad > cells.n || r.nulls > cells.n || ls_column_nulls(col) < r.nulls) abort();
  if (!o.force && o.date_order == LS_DATE_AUTO && o.decimal == LS_DECIMAL_AUTO &&
      ls_infer_type(name, &cells) != r.type)
    abort();
  if (r.type == LS_TYPE_STRING) {
    for (size_t i = 0; i < ls_column_len(col); i++) {
      size_t len;
      const char *s = ls_column_str(col, i, &len);
      if (s && len == 0) abort();
    }
  }
  ls_column_free(col);
  ls_cells_free(&cells);
  return 0;
}

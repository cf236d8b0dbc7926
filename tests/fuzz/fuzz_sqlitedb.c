/* fuzz_sqlitedb.c: libFuzzer target for the SQLite database reader.
 *
 * The first input byte picks the mode, the rest is the file:
 *   0x00-0xEF  read it as it is (seed the corpus with the fixture shop.sqlite);
 *   0xF0-0xFF  the same with one of our allocations made to fail.
 * Whatever the input: no crash, no leak, a status of LS_OK, LS_EPARSE or
 * LS_EIO (LS_ENOMEM when asked for), a message naming the file on error, and
 * every table consistent with valid UTF-8 names and strings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "ingest/sqlitedb.h"
#include "utf8_check.h"

static void check_table(const ls_table *t) {
  if (ls_table_check(t) != LS_OK) abort();
  const char *tname = ls_table_name(t);
  if (!valid_utf8(tname, strlen(tname))) abort();
  for (size_t c = 0; c < ls_table_ncols(t); c++) {
    const ls_column *col = ls_table_col(t, c);
    const char *name = ls_column_name(col);
    if (!name[0] || !valid_utf8(name, strlen(name))) abort();
    for (size_t i = 0; i < ls_column_len(col); i++) {
      size_t len;
      const char *s = ls_column_str(col, i, &len);
      if (s && (len == 0 || !valid_utf8(s, len))) abort();
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  uint8_t mode = data[0];
  data++;
  size--;
  int oom = mode >= 0xF0;
  if (oom) ls_alloc_fail_after((unsigned long)(mode - 0xEF) * (size % 97 + 1));
  ls_table **tables = NULL;
  size_t n = 0;
  char msg[1024];
  ls_status st = ls_sqlitedb_read("fuzz.db", data, size, &tables, &n, msg, sizeof msg);
  ls_alloc_fail_after(0);
  if (st == LS_OK) {
    if (n == 0 || !tables) abort();
  } else {
    if (st != LS_EPARSE && st != LS_EIO && !(st == LS_ENOMEM && oom)) abort();
    if (tables || n || strncmp(msg, "fuzz.db: ", 9) != 0) abort();
  }
  for (size_t i = 0; i < n; i++) {
    check_table(tables[i]);
    ls_table_free(tables[i]);
  }
  ls_free(tables);
  return 0;
}

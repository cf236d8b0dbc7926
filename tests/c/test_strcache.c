/* test_strcache.c: the short-text cache's key tells texts apart exactly, and
 * string columns typed through it read as at finish. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "csv_twice.h"
#include "ingest/strcache.h"
#include "strbuf.h"

/* 1 when the keys of x[0..n) and y[0..m) are equal */
static int same_key(const char *x, size_t n, const char *y, size_t m) {
  uint64_t a1, b1, a2, b2;
  ls_strcache_key(x, n, &a1, &b1);
  ls_strcache_key(y, m, &a2, &b2);
  return n == m && a1 == a2 && b1 == b2;
}

/* Every text of length 1 to 16 over the alphabet {a, b} differing from
 * another in a single byte (every position) must have another key: the
 * words cover every byte. 2 letters, each length, each position flipped. */
TEST(texts_differing_in_any_one_byte_should_have_other_keys) {
  int bad = 0;
  for (size_t len = 1; len <= LS_STRCACHE_LEN; len++)
    for (unsigned pattern = 0; pattern < 64; pattern++) {
      char x[LS_STRCACHE_LEN], y[LS_STRCACHE_LEN];
      for (size_t i = 0; i < len; i++) x[i] = (pattern >> (i % 6)) & 1 ? 'b' : 'a';
      CHECK(same_key(x, len, x, len));
      for (size_t at = 0; at < len; at++) {
        memcpy(y, x, len);
        y[at] = y[at] == 'a' ? 'b' : 'a';
        if (same_key(x, len, y, len) && bad++ < 3) printf("  len %zu, byte %zu\n", len, at);
      }
    }
  CHECK_INT(bad, 0);
  CHECK(!same_key("ab", 2, "ab\0", 3)); /* the length is part of the key */
  CHECK(!same_key("abc", 3, "abcd", 4));
}

/* A string column of short texts alike but for one byte, many of them (the
 * cache grows and entries are replaced), nulls, spaces and null tokens
 * among them, read streamed and at finish. */
TEST(a_column_of_short_texts_should_read_as_at_finish) {
  strbuf b = {0};
  putf(&b, "%s", "k,s\n");
  for (int i = 0; i < 3000; i++) {
    int v = (i * 7919) % 997;
    const char *odd = i % 50 == 0 ? "NA" : i % 51 == 0 ? " x" : i % 53 == 0 ? "" : NULL;
    if (odd)
      putf(&b, "%d,%s\n", i, odd);
    else
      putf(&b, "%d,%s%03d\n", i, i % 3 ? "usr_000" : "u", v);
  }
  reading base = read_csv(b.s, b.len, NULL, NULL, 0, 0);
  reading streamed = read_csv(b.s, b.len, NULL, NULL, 2, 0);
  CHECK(base.t != NULL);
  CHECK(same_reading(&base, &streamed));
  if (streamed.t) CHECK_INT(ls_column_type(ls_table_col(streamed.t, 1)), LS_TYPE_STRING);
  reading_free(&base);
  reading_free(&streamed);
  free(b.s);
}

int main(void) {
  RUN(texts_differing_in_any_one_byte_should_have_other_keys);
  RUN(a_column_of_short_texts_should_read_as_at_finish);
  return check_done();
}

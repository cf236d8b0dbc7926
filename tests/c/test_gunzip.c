/* test_gunzip.c: the streaming gzip decoder. */
#include <stdint.h>

#include "base/alloc.h"
#include "check.h"
#include "ingest/gunzip.h"
#include "source_file.h"

#ifdef LS_HAVE_ZLIB
#include <zlib.h>
#endif

/* ---- helpers ---- */

typedef struct {
  unsigned char *s;
  size_t len, cap;
} bytes;

static void put(bytes *b, const void *s, size_t n) {
  if (b->len + n > b->cap) {
    b->cap = (b->len + n) * 2 + 16;
    b->s = realloc(b->s, b->cap);
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
}

/* What a decoder handed out: the bytes, the number and largest size of the
 * pieces, and a status to return from the nth piece on (0: never). */
typedef struct {
  bytes out;
  size_t pieces, largest;
  size_t stop_at;
  ls_status stop_with;
} sink;

static ls_status collect(void *ctx, const char *buf, size_t n) {
  sink *k = ctx;
  k->pieces++;
  if (n > k->largest) k->largest = n;
  if (n == 0) CHECK_FAIL_("a piece of 0 bytes");
  if (k->stop_at && k->pieces >= k->stop_at) return k->stop_with;
  put(&k->out, buf, n);
  return LS_OK;
}

/* ---- magic ---- */

TEST(gunzip_is_should_recognize_the_gzip_magic_only) {
  CHECK_INT(ls_gunzip_is("\x1f\x8b\x08", 3), 1);
  CHECK_INT(ls_gunzip_is("\x1f\x8b", 2), 1);
  CHECK_INT(ls_gunzip_is("\x1f", 1), 0);
  CHECK_INT(ls_gunzip_is("\x1f\x8c", 2), 0);
  CHECK_INT(ls_gunzip_is("PK\x03\x04", 4), 0);
  CHECK_INT(ls_gunzip_is(NULL, 2), 0);
}

#ifdef LS_HAVE_ZLIB

/* A fixture's bytes; a failed check when it cannot be read. */
static bytes slurp(const char *rel) {
  bytes b = {0};
  b.s = source_file(rel, &b.len);
  b.cap = b.len;
  if (!b.s) CHECK_FAIL_("cannot read %s (set LS_SOURCE_DIR)", rel);
  return b;
}

typedef struct {
  ls_status st;
  char msg[1024];
  sink got;
} decoded;

/* Decode n bytes fed in chunks of at most chunk bytes (0: whole). */
static decoded decode_with(const void *data, size_t n, size_t chunk, sink k) {
  decoded d;
  d.st = LS_OK;
  d.msg[0] = '\0';
  d.got = k;
  ls_gunzip *z = ls_gunzip_new("events.csv.gz", collect, &d.got);
  if (!z) {
    d.st = LS_ENOMEM;
    return d;
  }
  const unsigned char *p = data;
  for (size_t at = 0; at < n && d.st == LS_OK;) {
    size_t step = chunk && n - at > chunk ? chunk : n - at;
    d.st = ls_gunzip_feed(z, p + at, step);
    at += step;
  }
  if (d.st == LS_OK) d.st = ls_gunzip_finish(z);
  snprintf(d.msg, sizeof d.msg, "%s", ls_gunzip_errmsg(z));
  ls_gunzip_free(z);
  return d;
}

static decoded decode(const void *data, size_t n, size_t chunk) {
  sink k = {{0}, 0, 0, 0, LS_OK};
  return decode_with(data, n, chunk, k);
}

static int same_bytes(const bytes *a, const unsigned char *b, size_t n) {
  return a->len == n && (n == 0 || memcmp(a->s, b, n) == 0);
}

/* gzip members of text made with zlib itself, level 6 */
static bytes gzip_of(const unsigned char *text, size_t n) {
  bytes b = {0};
  z_stream s;
  memset(&s, 0, sizeof s);
  if (deflateInit2(&s, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) abort();
  b.cap = deflateBound(&s, (uLong)n);
  b.s = malloc(b.cap);
  s.next_in = (Bytef *)text;
  s.avail_in = (uInt)n;
  s.next_out = b.s;
  s.avail_out = (uInt)b.cap;
  if (deflate(&s, Z_FINISH) != Z_STREAM_END) abort();
  b.len = b.cap - s.avail_out;
  deflateEnd(&s);
  return b;
}

/* ---- decoding ---- */

TEST(gunzip_should_restore_the_fixture_byte_for_byte) {
  bytes gz = slurp("data/fixtures/events_small.csv.gz"), csv = slurp("data/events_small.csv");
  size_t chunks[] = {0, 1, 2, 3, 7, 64};
  for (size_t i = 0; gz.len && csv.len && i < sizeof chunks / sizeof *chunks; i++) {
    decoded d = decode(gz.s, gz.len, chunks[i]);
    CHECK_INT(d.st, LS_OK);
    CHECK_STR(d.msg, "");
    if (!same_bytes(&d.got.out, csv.s, csv.len)) CHECK_FAIL_("output differs, chunk %zu", chunks[i]);
    CHECK_INT(d.got.pieces, 1); /* 406 bytes: one piece, at finish */
    free(d.got.out.s);
  }
  free(gz.s);
  free(csv.s);
}

TEST(gunzip_should_count_bytes_in_and_out) {
  bytes gz = slurp("data/fixtures/events_small.csv.gz");
  sink k = {{0}, 0, 0, 0, LS_OK};
  ls_gunzip *z = ls_gunzip_new("e.gz", collect, &k);
  CHECK(z != NULL);
  if (!z || !gz.len) return;
  CHECK_INT(ls_gunzip_feed(z, gz.s, gz.len), LS_OK);
  CHECK_INT(ls_gunzip_bytes_in(z), gz.len);
  CHECK_INT(ls_gunzip_bytes_out(z), 0); /* still in the buffer */
  CHECK_INT(ls_gunzip_finish(z), LS_OK);
  CHECK_INT(ls_gunzip_bytes_out(z), 406);
  ls_gunzip_free(z);
  free(k.out.s);
  free(gz.s);
}

TEST(gunzip_should_join_concatenated_members) {
  bytes gz = slurp("data/fixtures/events_small.csv.gz"), csv = slurp("data/events_small.csv");
  bytes two = {0}, want = {0};
  put(&two, gz.s, gz.len);
  put(&two, gz.s, gz.len);
  put(&want, csv.s, csv.len);
  put(&want, csv.s, csv.len);
  for (size_t chunk = 0; chunk < 4; chunk++) {
    decoded d = decode(two.s, two.len, chunk);
    CHECK_INT(d.st, LS_OK);
    if (!same_bytes(&d.got.out, want.s, want.len)) CHECK_FAIL_("output differs, chunk %zu", chunk);
    free(d.got.out.s);
  }
  free(gz.s);
  free(csv.s);
  free(two.s);
  free(want.s);
}

TEST(gunzip_should_hand_out_large_output_in_full_buffers) {
  size_t n = 3 * LS_GUNZIP_CHUNK + 12345;
  unsigned char *text = malloc(n);
  for (size_t i = 0; i < n; i++) text[i] = (unsigned char)("0123456789,abc\n"[(i * 7 + i / 100) % 15]);
  bytes gz = gzip_of(text, n);
  size_t chunks[] = {0, 1, 4093};
  for (size_t i = 0; i < sizeof chunks / sizeof *chunks; i++) {
    decoded d = decode(gz.s, gz.len, chunks[i]);
    CHECK_INT(d.st, LS_OK);
    if (!same_bytes(&d.got.out, text, n)) CHECK_FAIL_("output differs, chunk %zu", chunks[i]);
    CHECK_INT(d.got.pieces, 4);
    CHECK_INT(d.got.largest, LS_GUNZIP_CHUNK);
    free(d.got.out.s);
  }
  free(gz.s);
  free(text);
}

TEST(gunzip_should_decode_an_empty_member_to_nothing) {
  bytes gz = gzip_of((const unsigned char *)"", 0);
  decoded d = decode(gz.s, gz.len, 1);
  CHECK_INT(d.st, LS_OK);
  CHECK_INT(d.got.out.len, 0);
  CHECK_INT(d.got.pieces, 0);
  free(gz.s);
}

/* ---- bad input ---- */

TEST(gunzip_should_call_every_cut_short_member_truncated) {
  bytes gz = slurp("data/fixtures/events_small.csv.gz");
  for (size_t n = 1; n < gz.len; n++) {
    decoded d = decode(gz.s, n, n % 5);
    CHECK_INT(d.st, LS_EPARSE);
    if (strcmp(d.msg, "events.csv.gz: truncated gzip file") != 0)
      CHECK_FAIL_("cut at %zu: %s", n, d.msg);
    free(d.got.out.s);
  }
  free(gz.s);
}

TEST(gunzip_should_call_a_cut_short_second_member_truncated) {
  bytes gz = slurp("data/fixtures/events_small.csv.gz");
  bytes two = {0};
  put(&two, gz.s, gz.len);
  put(&two, gz.s, 1);
  decoded d = decode(two.s, two.len, 0);
  CHECK_INT(d.st, LS_EPARSE);
  CHECK_STR(d.msg, "events.csv.gz: truncated gzip file");
  free(d.got.out.s);
  free(gz.s);
  free(two.s);
}

TEST(gunzip_should_name_the_byte_of_a_bad_header) {
  /* the magic is read two bytes at a time, method and flags likewise */
  decoded d = decode("id,name\n1,a\n", 12, 0);
  CHECK_INT(d.st, LS_EPARSE);
  CHECK_STR(d.msg, "events.csv.gz: corrupt gzip data at byte 2: incorrect header check");
  d = decode("\x1f\x8b\x07\x00\x00\x00\x00\x00\x00\x03", 10, 1);
  CHECK_STR(d.msg, "events.csv.gz: corrupt gzip data at byte 4: unknown compression method");
  d = decode("PK\x03\x04\x14\x00\x00\x00", 8, 0);
  CHECK_INT(d.st, LS_EPARSE);
  CHECK_HAS(d.msg, "corrupt gzip data at byte 2");
}

TEST(gunzip_should_name_the_byte_of_a_bad_checksum_or_length) {
  bytes gz = slurp("data/fixtures/events_small.csv.gz");
  if (gz.len < 8) return;
  /* the trailer: CRC-32 then the length, four bytes each */
  gz.s[gz.len - 8] ^= 1;
  decoded d = decode(gz.s, gz.len, 0);
  CHECK_INT(d.st, LS_EPARSE);
  char want[128];
  snprintf(want, sizeof want, "events.csv.gz: corrupt gzip data at byte %zu: incorrect data check",
           gz.len - 4);
  CHECK_STR(d.msg, want);
  free(d.got.out.s);
  gz.s[gz.len - 8] ^= 1;
  gz.s[gz.len - 1] ^= 1;
  d = decode(gz.s, gz.len, 3);
  snprintf(want, sizeof want, "events.csv.gz: corrupt gzip data at byte %zu: incorrect length check",
           gz.len);
  CHECK_STR(d.msg, want);
  free(d.got.out.s);
  free(gz.s);
}

TEST(gunzip_should_refuse_trailing_garbage_after_a_member) {
  bytes gz = slurp("data/fixtures/events_small.csv.gz");
  put(&gz, "\0\0\0\0", 4);
  decoded d = decode(gz.s, gz.len, 0);
  CHECK_INT(d.st, LS_EPARSE);
  char want[128];
  snprintf(want, sizeof want, "events.csv.gz: corrupt gzip data at byte %zu: incorrect header check",
           gz.len - 2);
  CHECK_STR(d.msg, want);
  free(d.got.out.s);
  free(gz.s);
}

TEST(gunzip_should_survive_every_single_byte_change) {
  /* any byte of the fixture changed: an error or some output, never a crash */
  bytes gz = slurp("data/fixtures/events_small.csv.gz");
  size_t errors = 0;
  for (size_t i = 0; i < gz.len; i++) {
    for (unsigned bit = 0; bit < 8; bit++) {
      gz.s[i] ^= (unsigned char)(1u << bit);
      decoded d = decode(gz.s, gz.len, i % 3);
      if (d.st != LS_OK && d.st != LS_EPARSE) CHECK_FAIL_("byte %zu bit %u: %d", i, bit, d.st);
      if (d.st == LS_EPARSE) errors++;
      if (d.st != LS_OK && !d.msg[0]) CHECK_FAIL_("byte %zu bit %u: no message", i, bit);
      gz.s[i] ^= (unsigned char)(1u << bit);
      free(d.got.out.s);
    }
  }
  /* the CRC catches a change in the data; some header bits (flags' text bit,
   * time, extra flags, OS) are free */
  CHECK(errors > gz.len * 8 / 2);
  free(gz.s);
}

TEST(gunzip_should_refuse_an_empty_file) {
  decoded d = decode("", 0, 0);
  CHECK_INT(d.st, LS_EPARSE);
  CHECK_STR(d.msg, "events.csv.gz: empty file");
}

/* ---- the handle ---- */

TEST(gunzip_should_stop_with_the_consumers_status) {
  size_t n = 2 * LS_GUNZIP_CHUNK + 10;
  unsigned char *text = calloc(n, 1);
  bytes gz = gzip_of(text, n);
  sink k = {{0}, 0, 0, 2, LS_EPARSE};
  ls_gunzip *z = ls_gunzip_new("e.gz", collect, &k);
  CHECK(z != NULL);
  if (!z) return;
  CHECK_INT(ls_gunzip_feed(z, gz.s, gz.len), LS_EPARSE);
  CHECK_STR(ls_gunzip_errmsg(z), "");
  CHECK_INT(k.pieces, 2);
  CHECK_INT(k.out.len, LS_GUNZIP_CHUNK);
  CHECK_INT(ls_gunzip_feed(z, gz.s, 1), LS_EPARSE);
  CHECK_INT(ls_gunzip_finish(z), LS_EPARSE);
  ls_gunzip_free(z);
  free(k.out.s);
  free(gz.s);
  free(text);
}

TEST(gunzip_should_keep_its_first_error) {
  sink k = {{0}, 0, 0, 0, LS_OK};
  ls_gunzip *z = ls_gunzip_new("e.gz", collect, &k);
  CHECK(z != NULL);
  if (!z) return;
  CHECK_INT(ls_gunzip_feed(z, "xx", 2), LS_EPARSE);
  CHECK_INT(ls_gunzip_feed(z, "\x1f\x8b", 2), LS_EPARSE);
  CHECK_INT(ls_gunzip_finish(z), LS_EPARSE);
  CHECK_STR(ls_gunzip_errmsg(z), "e.gz: corrupt gzip data at byte 2: incorrect header check");
  ls_gunzip_free(z);
}

TEST(gunzip_should_refuse_input_after_finish_and_bad_arguments) {
  bytes gz = slurp("data/fixtures/events_small.csv.gz");
  sink k = {{0}, 0, 0, 0, LS_OK};
  CHECK(ls_gunzip_new("e.gz", NULL, NULL) == NULL);
  CHECK_INT(ls_gunzip_feed(NULL, "x", 1), LS_EINVAL);
  CHECK_INT(ls_gunzip_finish(NULL), LS_EINVAL);
  CHECK_STR(ls_gunzip_errmsg(NULL), "");
  ls_gunzip_free(NULL);
  ls_gunzip *z = ls_gunzip_new(NULL, collect, &k);
  CHECK(z != NULL);
  if (!z || !gz.len) return;
  CHECK_INT(ls_gunzip_feed(z, NULL, 0), LS_OK);
  CHECK_INT(ls_gunzip_feed(z, gz.s, gz.len), LS_OK);
  CHECK_INT(ls_gunzip_finish(z), LS_OK);
  CHECK_INT(ls_gunzip_feed(z, gz.s, 1), LS_EINVAL);
  CHECK_STR(ls_gunzip_errmsg(z), ": input after the end of input");
  ls_gunzip_free(z);
  z = ls_gunzip_new("e.gz", collect, &k);
  if (!z) return;
  CHECK_INT(ls_gunzip_feed(z, NULL, 1), LS_EINVAL);
  ls_gunzip_free(z);
  free(k.out.s);
  free(gz.s);
}

TEST(gunzip_should_fail_cleanly_when_memory_runs_out) {
  bytes gz = slurp("data/fixtures/events_small.csv.gz"), csv = slurp("data/events_small.csv");
  int ok = 0;
  for (unsigned long k = 1; k < 100 && !ok && gz.len; k++) {
    ls_alloc_fail_after(k);
    decoded d = decode(gz.s, gz.len, 5);
    ls_alloc_fail_after(0);
    if (d.st == LS_OK) {
      ok = 1;
      CHECK(same_bytes(&d.got.out, csv.s, csv.len));
    } else {
      CHECK_INT(d.st, LS_ENOMEM);
    }
    free(d.got.out.s);
  }
  CHECK(ok);
  free(gz.s);
  free(csv.s);
}

#else /* no zlib */

TEST(gunzip_should_leave_gzip_to_the_page_without_zlib) {
  sink k = {{0}, 0, 0, 0, LS_OK};
  ls_gunzip *z = ls_gunzip_new("events.csv.gz", collect, &k);
  CHECK(z != NULL);
  if (!z) return;
  CHECK_INT(ls_gunzip_feed(z, "\x1f\x8b", 2), LS_EINVAL);
  CHECK_STR(ls_gunzip_errmsg(z), "events.csv.gz: gzip input is decompressed by the page");
  CHECK_INT(ls_gunzip_finish(z), LS_EINVAL);
  ls_gunzip_free(z);
}

#endif

int main(void) {
  RUN(gunzip_is_should_recognize_the_gzip_magic_only);
#ifdef LS_HAVE_ZLIB
  RUN(gunzip_should_restore_the_fixture_byte_for_byte);
  RUN(gunzip_should_count_bytes_in_and_out);
  RUN(gunzip_should_join_concatenated_members);
  RUN(gunzip_should_hand_out_large_output_in_full_buffers);
  RUN(gunzip_should_decode_an_empty_member_to_nothing);
  RUN(gunzip_should_call_every_cut_short_member_truncated);
  RUN(gunzip_should_call_a_cut_short_second_member_truncated);
  RUN(gunzip_should_name_the_byte_of_a_bad_header);
  RUN(gunzip_should_name_the_byte_of_a_bad_checksum_or_length);
  RUN(gunzip_should_refuse_trailing_garbage_after_a_member);
  RUN(gunzip_should_survive_every_single_byte_change);
  RUN(gunzip_should_refuse_an_empty_file);
  RUN(gunzip_should_stop_with_the_consumers_status);
  RUN(gunzip_should_keep_its_first_error);
  RUN(gunzip_should_refuse_input_after_finish_and_bad_arguments);
  RUN(gunzip_should_fail_cleanly_when_memory_runs_out);
#else
  RUN(gunzip_should_leave_gzip_to_the_page_without_zlib);
#endif
  return check_done();
}

/* test_encoding.c: encoding names, detection and the streaming decoders. */
#define _POSIX_C_SOURCE 200809L /* iconv */

#include <iconv.h>
#include <stdint.h>

#include "base/alloc.h"
#include "check.h"
#include "ingest/csv.h"
#include "ingest/encoding.h"
#include "source_file.h"
#include "utf8_check.h"

/* ---- helpers ---- */

typedef struct {
  ls_status st;
  char *s; /* the decoded text, NUL-terminated; caller frees with free */
  size_t n;
  uint64_t replaced;
  size_t max_out; /* the longest output of one call */
} decoded;

static void append(decoded *r, const char *s, size_t n) {
  if (n > r->max_out) r->max_out = n;
  r->s = realloc(r->s, r->n + n + 1);
  memcpy(r->s + r->n, s, n);
  r->n += n;
  r->s[r->n] = '\0';
}

/* Decode n bytes fed in two parts split at cut, each in chunks of at most
 * chunk bytes (0: no limit). */
static decoded decode_cut(ls_encoding enc, const void *bytes, size_t n, size_t cut, size_t chunk) {
  decoded r = {LS_OK, calloc(1, 1), 0, 0, 0};
  ls_decoder *d = ls_decoder_new(enc);
  if (!d) {
    r.st = LS_ENOMEM;
    return r;
  }
  const char *in = bytes, *out;
  size_t at = 0, outn;
  for (int part = 0; part < 2 && r.st == LS_OK; part++) {
    size_t stop = part == 0 ? cut : n;
    while (at < stop && r.st == LS_OK) {
      size_t k = stop - at;
      if (chunk && k > chunk) k = chunk;
      r.st = ls_decoder_feed(d, in + at, k, &out, &outn);
      if (r.st == LS_OK) append(&r, out, outn);
      at += k;
    }
  }
  if (r.st == LS_OK) r.st = ls_decoder_finish(d, &out, &outn);
  if (r.st == LS_OK) append(&r, out, outn);
  r.replaced = ls_decoder_replaced(d);
  ls_decoder_free(d);
  return r;
}

static decoded decode_chunks(ls_encoding enc, const void *bytes, size_t n, size_t chunk) {
  return decode_cut(enc, bytes, n, 0, chunk);
}

/* The text decoded in one piece must be want, with that many replacements. */
/* A string literal's bytes, without its NUL. */
#define LIT(s) s, sizeof(s) - 1

/* Decoding the literal bytes in one piece must give want, with nrep
 * replacements. */
#define CHECK_DECODES(enc, bytes, want, nrep)                           \
  do {                                                                  \
    decoded r_ = decode_chunks(enc, LIT(bytes), 0);                     \
    CHECK_INT(r_.st, LS_OK);                                            \
    CHECK_STR(r_.s, want);                                              \
    CHECK_INT(r_.n, strlen(want));                                      \
    CHECK_INT(r_.replaced, nrep);                                       \
    free(r_.s);                                                         \
  } while (0)

/* Every way of cutting bytes gives the text of the one-piece decode. */
static void check_splits(ls_encoding enc, const char *bytes, size_t n) {
  decoded whole = decode_chunks(enc, bytes, n, 0);
  CHECK_INT(whole.st, LS_OK);
  for (size_t cut = 0; cut <= n; cut++) {
    decoded r = decode_cut(enc, bytes, n, cut, 0);
    if (r.n != whole.n || memcmp(r.s, whole.s, r.n) != 0 || r.replaced != whole.replaced)
      CHECK_FAIL_("%s: cut at %zu differs", ls_encoding_name(enc), cut);
    free(r.s);
  }
  for (size_t chunk = 1; chunk <= 9; chunk++) {
    decoded r = decode_chunks(enc, bytes, n, chunk);
    if (r.n != whole.n || memcmp(r.s, whole.s, r.n) != 0 || r.replaced != whole.replaced)
      CHECK_FAIL_("%s: chunks of %zu differ", ls_encoding_name(enc), chunk);
    if (r.max_out > 3 * chunk + 8) CHECK_FAIL_("output of %zu bytes for chunks of %zu", r.max_out, chunk);
    free(r.s);
  }
  free(whole.s);
}

static ls_encoding_guess detect(const void *s, size_t n, int whole) {
  ls_encoding_guess g;
  ls_encoding_detect(s, n, whole, &g);
  return g;
}

/* The next code point of UTF-8 s (valid), advancing *i. */
static uint32_t next_cp(const char *str, size_t *i) {
  const unsigned char *s = (const unsigned char *)str + *i;
  if (s[0] < 0x80) return *i += 1, s[0];
  if (s[0] < 0xE0) return *i += 2, (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
  if (s[0] < 0xF0)
    return *i += 3, (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
  return *i += 4, (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
                      (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
}

/* What glibc's iconv makes of one GB18030 code: its code point, or 0xFFFD. */
static uint32_t iconv_cp(iconv_t cd, const unsigned char *b, size_t n) {
  char in[4], out[16];
  memcpy(in, b, n);
  char *ip = in, *op = out;
  size_t il = n, ol = sizeof out;
  iconv(cd, NULL, NULL, NULL, NULL);
  if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0 || ol != sizeof out - 4) return 0xFFFD;
  const unsigned char *u = (const unsigned char *)out;
  return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

static void four_bytes(uint32_t linear, unsigned char *b) {
  b[0] = (unsigned char)(0x81 + linear / 12600);
  b[1] = (unsigned char)(0x30 + linear / 1260 % 10);
  b[2] = (unsigned char)(0x81 + linear / 10 % 126);
  b[3] = (unsigned char)(0x30 + linear % 10);
}

/* Decode codes (each of len bytes, count of them, one character each) in one
 * piece and compare each code point with iconv's. */
static void check_against_iconv(const unsigned char *codes, size_t len, size_t count) {
  iconv_t cd = iconv_open("UTF-32LE", "GB18030");
  CHECK(cd != (iconv_t)-1);
  if (cd == (iconv_t)-1) return;
  decoded r = decode_chunks(LS_ENC_GB18030, codes, len * count, 0);
  CHECK_INT(r.st, LS_OK);
  size_t at = 0, differ = 0;
  for (size_t i = 0; i < count && at < r.n; i++) {
    uint32_t got = next_cp(r.s, &at), want = iconv_cp(cd, codes + i * len, len);
    if (got != want && differ++ < 5)
      CHECK_FAIL_("code %02X%02X%s: U+%04X, iconv says U+%04X", codes[i * len], codes[i * len + 1],
                  len == 4 ? ".." : "", (unsigned)got, (unsigned)want);
  }
  CHECK_INT(at, r.n);
  CHECK_INT(differ, 0);
  free(r.s);
  iconv_close(cd);
}

/* ---- names ---- */

TEST(encoding_name_should_name_every_encoding) {
  CHECK_STR(ls_encoding_name(LS_ENC_UTF8), "utf-8");
  CHECK_STR(ls_encoding_name(LS_ENC_UTF16LE), "utf-16le");
  CHECK_STR(ls_encoding_name(LS_ENC_UTF16BE), "utf-16be");
  CHECK_STR(ls_encoding_name(LS_ENC_GB18030), "gb18030");
  CHECK_STR(ls_encoding_name(LS_ENC_BINARY), "binary");
  CHECK_STR(ls_encoding_name((ls_encoding)42), "?");
}

TEST(encoding_parse_should_accept_aliases_in_any_case) {
  static const struct {
    const char *name;
    ls_encoding enc;
  } cases[] = {{"UTF-8", LS_ENC_UTF8},       {"utf8", LS_ENC_UTF8},         {"us-ascii", LS_ENC_UTF8},
               {"UTF-16LE", LS_ENC_UTF16LE}, {"utf_16", LS_ENC_UTF16LE},    {"Unicode", LS_ENC_UTF16LE},
               {"utf-16be", LS_ENC_UTF16BE}, {"UCS-2BE", LS_ENC_UTF16BE},   {"GBK", LS_ENC_GB18030},
               {"gb2312", LS_ENC_GB18030},   {"GB 18030", LS_ENC_GB18030},  {"cp936", LS_ENC_GB18030},
               {"EUC-CN", LS_ENC_GB18030},   {"binary", LS_ENC_BINARY}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ls_encoding e = LS_ENC_BINARY;
    CHECK_INT(ls_encoding_parse(cases[i].name, &e), 1);
    CHECK_INT(e, cases[i].enc);
  }
  for (int e = LS_ENC_UTF8; e <= LS_ENC_BINARY; e++) { /* every name parses to itself */
    ls_encoding back = (ls_encoding)-1;
    CHECK_INT(ls_encoding_parse(ls_encoding_name((ls_encoding)e), &back), 1);
    CHECK_INT(back, e);
  }
}

TEST(encoding_parse_should_reject_unknown_names_and_leave_out_alone) {
  ls_encoding e = LS_ENC_UTF16BE;
  CHECK_INT(ls_encoding_parse("latin1", &e), 0);
  CHECK_INT(ls_encoding_parse("", &e), 0);
  CHECK_INT(ls_encoding_parse("utf-8-and-a-very-long-tail", &e), 0);
  CHECK_INT(ls_encoding_parse(NULL, &e), 0);
  CHECK_INT(ls_encoding_parse("utf8", NULL), 0);
  CHECK_INT(e, LS_ENC_UTF16BE);
}

/* ---- detection ---- */

TEST(detect_should_trust_a_byte_order_mark) {
  ls_encoding_guess g = detect(LIT("\xEF\xBB\xBF\xC4\xE3"), 1); /* GBK after a UTF-8 mark */
  CHECK_INT(g.enc, LS_ENC_UTF8);
  CHECK_INT(g.bom, 3);
  CHECK_STR(g.reason, "byte order mark");
  CHECK_STR(g.code, "bom");
  g = detect(LIT("\xFF\xFE" "a"), 0);
  CHECK_INT(g.enc, LS_ENC_UTF16LE);
  CHECK_INT(g.bom, 2);
  g = detect(LIT("\xFE\xFF\x00" "a"), 1);
  CHECK_INT(g.enc, LS_ENC_UTF16BE);
  CHECK_INT(g.bom, 2);
  g = detect(LIT("\x84\x31\x95\x33" "a"), 1);
  CHECK_INT(g.enc, LS_ENC_GB18030);
  CHECK_INT(g.bom, 4);
}

TEST(detect_should_call_an_empty_sample_utf8) {
  ls_encoding_guess g = detect("", 0, 1);
  CHECK_INT(g.enc, LS_ENC_UTF8);
  CHECK_INT(g.bom, 0);
  CHECK_STR(g.reason, "empty");
  CHECK_STR(g.code, "empty");
  g = detect(NULL, 0, 0);
  CHECK_INT(g.enc, LS_ENC_UTF8);
}

TEST(detect_should_find_utf16_without_bom_by_its_zero_bytes) {
  /* "id\t名字\r\n1\t张三\r\n" */
  static const char le[] = "i\0d\0\t\0\x0D\x54\x57\x5B\r\0\n\0" "1\0\t\0\x20\x5F\x09\x4E\r\0\n\0";
  ls_encoding_guess g = detect(le, sizeof le - 1, 1);
  CHECK_INT(g.enc, LS_ENC_UTF16LE);
  CHECK_INT(g.bom, 0);
  CHECK_STR(g.reason, "zero bytes at alternate positions (UTF-16)");
  CHECK_STR(g.code, "utf16_pattern");
  static const char be[] = "\0i\0d\0\t\x54\x0D\x5B\x57\0\r\0\n";
  g = detect(be, sizeof be - 2, 0); /* cut inside the last unit */
  CHECK_INT(g.enc, LS_ENC_UTF16BE);
}

TEST(detect_should_accept_utf8_with_a_cut_last_character) {
  static const char text[] = "订单号,金额\n1,12.5\n订"; /* the last 订 is E8 AE A2 */
  size_t n = sizeof text - 1;
  ls_encoding_guess g = detect(text, n, 1);
  CHECK_INT(g.enc, LS_ENC_UTF8);
  CHECK_STR(g.reason, "valid UTF-8");
  CHECK_STR(g.code, "utf8");
  g = detect(text, n - 1, 0);
  CHECK_INT(g.enc, LS_ENC_UTF8);
  CHECK_STR(g.reason, "valid UTF-8");
  CHECK_STR(g.code, "utf8");
  g = detect(text, n - 1, 1); /* a whole file may not end inside a character */
  CHECK_INT(g.enc, LS_ENC_UTF8);
  CHECK_STR(g.reason, "mostly valid UTF-8");
  CHECK_STR(g.code, "mostly_utf8");
}

TEST(detect_should_read_gbk_text_as_gb18030) {
  /* "订单号,金额\n你好,12\n中文,3\n" in GBK */
  static const char gbk[] = "\xB6\xA9\xB5\xA5\xBA\xC5,\xBD\xF0\xB6\xEE\n\xC4\xE3\xBA\xC3,12\n\xD6\xD0\xCE\xC4,3\n";
  ls_encoding_guess g = detect(gbk, sizeof gbk - 1, 1);
  CHECK_INT(g.enc, LS_ENC_GB18030);
  CHECK_INT(g.bom, 0);
  CHECK_STR(g.reason, "not valid UTF-8; reads as GB18030");
  CHECK_STR(g.code, "gb18030");
  g = detect(gbk, 3, 0); /* 订 and half of 单 */
  CHECK_INT(g.enc, LS_ENC_GB18030);
}

TEST(detect_should_call_nul_bytes_and_control_bytes_binary) {
  static const char zip[] = "PK\x03\x04\x14\0\0\0\x08\0\x21\x6B\x85\x5A\x8F\x32\xA1\x0B";
  ls_encoding_guess g = detect(zip, sizeof zip - 1, 0);
  CHECK_INT(g.enc, LS_ENC_BINARY);
  CHECK_STR(g.reason, "contains NUL bytes");
  CHECK_STR(g.code, "binary_nul");
  g = detect(LIT("a,b\n1,\0\n"), 1);
  CHECK_INT(g.enc, LS_ENC_BINARY);
  g = detect(LIT("\x01\x02\x03\x04xyz\x05\x06\x07\x08"), 1);
  CHECK_INT(g.enc, LS_ENC_BINARY);
  CHECK_STR(g.reason, "many control bytes");
  CHECK_STR(g.code, "binary_control");
  g = detect(LIT("a\tb\r\n\f\x1B[1mc\n"), 1); /* tab, CR, LF, FF and ESC are text */
  CHECK_INT(g.enc, LS_ENC_UTF8);
}

TEST(detect_should_fall_back_to_utf8_for_other_encodings) {
  ls_encoding_guess g = detect(LIT("name;city\nJos\xE9;K\xF6ln\n"), 1); /* Latin-1 */
  CHECK_INT(g.enc, LS_ENC_UTF8);
  CHECK_STR(g.reason, "not valid UTF-8 nor GB18030; bad bytes replaced");
  CHECK_STR(g.code, "fallback_utf8");
}

TEST(detect_should_read_the_fixtures_right) {
  size_t n;
  char *s = source_text("data/fixtures/orders_gbk.csv", &n);
  ls_encoding_guess g = detect(s, n, 1);
  CHECK_INT(g.enc, LS_ENC_GB18030);
  for (size_t cut = 90; cut < 100; cut++) { /* samples ending anywhere, inside characters too */
    g = detect(s, cut, 0);
    CHECK_INT(g.enc, LS_ENC_GB18030);
  }
  free(s);
  s = source_text("data/fixtures/orders_gbk.utf8.csv", &n);
  g = detect(s, n, 1);
  CHECK_INT(g.enc, LS_ENC_UTF8);
  CHECK_STR(g.reason, "valid UTF-8");
  CHECK_STR(g.code, "utf8");
  free(s);
  s = source_text("data/fixtures/excel_unicode.txt", &n);
  g = detect(s, n, 1);
  CHECK_INT(g.enc, LS_ENC_UTF16LE);
  CHECK_INT(g.bom, 2);
  g = detect(s + 2, n - 2 - 41, 0); /* without its mark, cut at an odd offset */
  CHECK_INT(g.enc, LS_ENC_UTF16LE);
  CHECK_INT(g.bom, 0);
  free(s);
}

/* ---- UTF-8 ---- */

TEST(utf8_decoder_should_pass_input_through_without_copying) {
  ls_decoder *d = ls_decoder_new(LS_ENC_UTF8);
  const char *text = "a,b\n订单,2\n", *out;
  size_t outn;
  CHECK_INT(ls_decoder_feed(d, text, 5, &out, &outn), LS_OK);
  CHECK(out == text);
  CHECK_INT(outn, 5);
  CHECK_INT(ls_decoder_feed(d, text + 5, strlen(text) - 5, &out, &outn), LS_OK);
  CHECK(out == text + 5);
  CHECK_INT(ls_decoder_feed(d, "\xFF", 1, &out, &outn), LS_OK); /* left to the reader */
  CHECK_INT(outn, 1);
  CHECK_INT(ls_decoder_finish(d, &out, &outn), LS_OK);
  CHECK_INT(outn, 0);
  CHECK_INT(ls_decoder_replaced(d), 0);
  ls_decoder_free(d);
}

TEST(utf8_decoder_should_drop_a_bom_even_fed_byte_by_byte) {
  CHECK_DECODES(LS_ENC_UTF8, "\xEF\xBB\xBF" "a,b", "a,b", 0);
  CHECK_DECODES(LS_ENC_UTF8, "\xEF\xBB\xBF", "", 0);
  decoded r = decode_chunks(LS_ENC_UTF8, "\xEF\xBB\xBF" "\xEF\xBB\xBF" "x", 7, 1);
  CHECK_STR(r.s, "\xEF\xBB\xBF" "x"); /* only the first mark goes */
  free(r.s);
  check_splits(LS_ENC_UTF8, LIT("\xEF\xBB\xBF" "id,名\n"));
}

TEST(utf8_decoder_should_keep_a_partial_bom_as_text) {
  CHECK_DECODES(LS_ENC_UTF8, "\xEF\xBB" "x", "\xEF\xBB" "x", 0);
  CHECK_DECODES(LS_ENC_UTF8, "\xEF\xBB", "\xEF\xBB", 0);
  CHECK_DECODES(LS_ENC_UTF8, "\xEF", "\xEF", 0);
  check_splits(LS_ENC_UTF8, LIT("\xEF\xBB" "xy"));
  check_splits(LS_ENC_UTF8, LIT("\xEF\xBB"));
}

/* ---- UTF-16 ---- */

TEST(utf16_decoders_should_decode_pairs_and_drop_the_bom) {
  /* BOM, "A€😀\n" */
  CHECK_DECODES(LS_ENC_UTF16LE, "\xFF\xFE" "A\0\xAC\x20\x3D\xD8\x00\xDE\n\0", "A€😀\n", 0);
  CHECK_DECODES(LS_ENC_UTF16BE, "\xFE\xFF\0A\x20\xAC\xD8\x3D\xDE\x00\0\n", "A€😀\n", 0);
  CHECK_DECODES(LS_ENC_UTF16LE, "A\0\xFF\xFE", "A\xEF\xBB\xBF", 0); /* U+FEFF later is kept */
  check_splits(LS_ENC_UTF16LE, LIT("\xFF\xFE" "A\0\xAC\x20\x3D\xD8\x00\xDE\n\0"));
  check_splits(LS_ENC_UTF16BE, LIT("\xFE\xFF\0A\x20\xAC\xD8\x3D\xDE\x00\0\n"));
}

TEST(utf16_decoders_should_replace_lone_surrogates) {
  /* high surrogate then 'a'; a low surrogate alone; high surrogate then another high pair */
  CHECK_DECODES(LS_ENC_UTF16LE, "\x3D\xD8" "a\0" "\x00\xDE" "b\0" "\x3D\xD8\x3D\xD8\x00\xDE",
                "\xEF\xBF\xBD" "a" "\xEF\xBF\xBD" "b" "\xEF\xBF\xBD😀", 3);
  CHECK_DECODES(LS_ENC_UTF16BE, "\xD8\x3D\0a\xDE\x00", "\xEF\xBF\xBD" "a" "\xEF\xBF\xBD", 2);
  check_splits(LS_ENC_UTF16LE, LIT("\x3D\xD8" "a\0" "\x00\xDE" "b\0" "\x3D\xD8\x3D\xD8\x00\xDE"));
}

TEST(utf16_decoders_should_flush_a_cut_unit_as_one_replacement) {
  CHECK_DECODES(LS_ENC_UTF16LE, "a\0b", "a\xEF\xBF\xBD", 1);
  CHECK_DECODES(LS_ENC_UTF16LE, "a\0\x3D\xD8", "a\xEF\xBF\xBD", 1);
  CHECK_DECODES(LS_ENC_UTF16LE, "a\0\x3D\xD8\x00", "a\xEF\xBF\xBD", 1);
  CHECK_DECODES(LS_ENC_UTF16BE, "\xFE", "\xEF\xBF\xBD", 1);
  check_splits(LS_ENC_UTF16LE, LIT("a\0\x3D\xD8\x00"));
}

/* ---- GB18030 ---- */

TEST(gb18030_decoder_should_decode_one_two_and_four_byte_codes) {
  CHECK_DECODES(LS_ENC_GB18030, "\xC4\xE3\xBA\xC3,\xA2\xE3!", "你好,€!", 0);
  CHECK_DECODES(LS_ENC_GB18030, "\x81\x30\x81\x30|\x81\x30\x84\x36|\x84\x31\xA4\x39",
                "\xC2\x80|¥|\xEF\xBF\xBF", 0);
  CHECK_DECODES(LS_ENC_GB18030, "\x90\x30\x81\x30\x94\x39\xFC\x36\xE3\x32\x9A\x35",
                "\xF0\x90\x80\x80😀\xF4\x8F\xBF\xBF", 0);
  CHECK_DECODES(LS_ENC_GB18030, "\xFE\x51", "𠂇", 0); /* a two-byte code beyond the BMP */
  CHECK_DECODES(LS_ENC_GB18030, "\x84\x31\x95\x33" "a\x84\x31\x95\x33", "a\xEF\xBB\xBF", 0);
}

TEST(gb18030_decoder_should_replace_invalid_sequences_like_browsers) {
  static const char *const R = "\xEF\xBF\xBD";
  char want[64];
  /* 0x80 and 0xFF are never characters */
  snprintf(want, sizeof want, "%sa%s", R, R);
  CHECK_DECODES(LS_ENC_GB18030, "\x80" "a\xFF", want, 2);
  /* a lead byte before a byte that cannot follow it: that byte is read again */
  snprintf(want, sizeof want, "%s,%s\x7F%s%s", R, R, R, R);
  CHECK_DECODES(LS_ENC_GB18030, "\x81," "\x81\x7F" "\x81\xFF", want, 4);
  snprintf(want, sizeof want, "%s0 %s7%s ", R, R, R);
  CHECK_DECODES(LS_ENC_GB18030, "\x81\x30 " "\x81\x37\x81\x20", want, 3);
  snprintf(want, sizeof want, "%s0%s,", R, R);
  CHECK_DECODES(LS_ENC_GB18030, "\x81\x30\x81,", want, 2);
  /* well formed but unassigned: one replacement for all four bytes */
  snprintf(want, sizeof want, "%s%s%s.", R, R, R);
  CHECK_DECODES(LS_ENC_GB18030, "\x84\x31\xA5\x30" "\xE3\x32\x9A\x36" "\xFE\x39\xFE\x39.", want, 3);
  check_splits(LS_ENC_GB18030, LIT("\x81\x30 " "\x81\x37\x81\x20" "\x84\x31\xA5\x30" "\x80" "a\xFF"));
}

TEST(gb18030_decoder_should_flush_a_cut_sequence_at_finish) {
  CHECK_DECODES(LS_ENC_GB18030, "a\xC4", "a\xEF\xBF\xBD", 1);
  CHECK_DECODES(LS_ENC_GB18030, "a\x81\x30", "a\xEF\xBF\xBD", 1);
  CHECK_DECODES(LS_ENC_GB18030, "a\x81\x30\x81", "a\xEF\xBF\xBD", 1);
  check_splits(LS_ENC_GB18030, LIT("\xC4\xE3\x81\x30\x84\x36\x94\x39\xFC\x36\xFE\x51\x81\x30\x81"));
}

TEST(gb18030_decoder_should_agree_with_iconv_on_every_two_byte_code) {
  static unsigned char codes[126 * 190 * 2];
  size_t count = 0;
  for (unsigned lead = 0x81; lead <= 0xFE; lead++)
    for (unsigned trail = 0x40; trail <= 0xFE; trail++)
      if (trail != 0x7F) {
        codes[2 * count] = (unsigned char)lead;
        codes[2 * count++ + 1] = (unsigned char)trail;
      }
  CHECK_INT(count, 126 * 190);
  check_against_iconv(codes, 2, count);
}

TEST(gb18030_decoder_should_agree_with_iconv_on_four_byte_codes) {
  /* every code of the BMP part, every 7th of the unassigned gap after it, and
   * every 13th of the supplementary planes and past them */
  size_t cap = 39420 + (189000 - 39420) / 7 + (1237576 + 50 - 189000) / 13 + 16;
  unsigned char *codes = malloc(4 * cap);
  size_t count = 0;
  for (uint32_t i = 0; i < 39420; i++) four_bytes(i, codes + 4 * count++);
  for (uint32_t i = 39420; i < 189000; i += 7) four_bytes(i, codes + 4 * count++);
  for (uint32_t i = 189000; i < 1237576 + 50; i += 13) four_bytes(i, codes + 4 * count++);
  four_bytes(1237575, codes + 4 * count++); /* U+10FFFF */
  four_bytes(1237576, codes + 4 * count++); /* past it */
  CHECK(count <= cap);
  check_against_iconv(codes, 4, count);
  free(codes);
}

/* ---- fixtures ---- */

static void check_fixture(ls_encoding enc, const char *path, const char *twin_path) {
  size_t n, tn;
  char *bytes = source_text(path, &n), *twin = source_text(twin_path, &tn);
  if (!bytes || !twin) {
    free(bytes);
    free(twin);
    return;
  }
  static const size_t chunks[] = {0, 1, 2, 3, 5, 7, 64, 4096};
  for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
    decoded r = decode_chunks(enc, bytes, n, chunks[i]);
    CHECK_INT(r.st, LS_OK);
    CHECK_INT(r.replaced, 0);
    CHECK_INT(r.n, tn);
    if (r.n != tn || memcmp(r.s, twin, tn) != 0) CHECK_FAIL_("%s in chunks of %zu differs from %s", path, chunks[i], twin_path);
    free(r.s);
  }
  free(bytes);
  free(twin);
}

TEST(gbk_fixture_should_decode_to_its_utf8_twin) {
  check_fixture(LS_ENC_GB18030, "data/fixtures/orders_gbk.csv", "data/fixtures/orders_gbk.utf8.csv");
}

TEST(excel_unicode_fixture_should_decode_to_its_utf8_twin) {
  check_fixture(LS_ENC_UTF16LE, "data/fixtures/excel_unicode.txt", "data/fixtures/excel_unicode.utf8.txt");
}

TEST(gbk_fixture_should_read_as_csv_after_decoding) {
  size_t n;
  char *bytes = source_text("data/fixtures/orders_gbk.csv", &n);
  ls_decoder *d = ls_decoder_new(LS_ENC_GB18030);
  ls_csv *r = ls_csv_new("orders_gbk.csv");
  const char *out;
  size_t outn;
  for (size_t at = 0; at < n; at += 100) {
    CHECK_INT(ls_decoder_feed(d, bytes + at, n - at < 100 ? n - at : 100, &out, &outn), LS_OK);
    CHECK_INT(ls_csv_feed(r, out, outn), LS_OK);
  }
  CHECK_INT(ls_decoder_finish(d, &out, &outn), LS_OK);
  CHECK_INT(ls_csv_feed(r, out, outn), LS_OK);
  ls_table *t = NULL;
  CHECK_INT(ls_csv_finish(r, &t), LS_OK);
  if (t) {
    CHECK_INT(ls_table_rows(t), 20);
    CHECK_INT(ls_table_ncols(t), 8);
    CHECK_STR(ls_column_name(ls_table_col(t, 0)), "订单号");
    CHECK_STR(ls_column_name(ls_table_col(t, 4)), "渠道");
    size_t len;
    const char *s = ls_column_str(ls_table_col(t, 6), 7, &len);
    CHECK(s && len == strlen("笔记本电脑支架 \"铝合金\"") && memcmp(s, "笔记本电脑支架 \"铝合金\"", len) == 0);
  }
  ls_table_free(t);
  ls_csv_free(r);
  ls_decoder_free(d);
  free(bytes);
}

/* ---- bounds, arguments, memory ---- */

TEST(decoder_output_should_stay_within_three_bytes_per_input_byte) {
  static char bad[4000];
  memset(bad, 0x80, sizeof bad); /* the worst case: each byte a U+FFFD */
  decoded r = decode_chunks(LS_ENC_GB18030, bad, sizeof bad, 1000);
  CHECK_INT(r.n, 3 * sizeof bad);
  CHECK_INT(r.max_out, 3000);
  CHECK_INT(r.replaced, sizeof bad);
  CHECK(valid_utf8(r.s, r.n));
  free(r.s);
}

TEST(decoder_should_reject_bad_arguments) {
  CHECK(ls_decoder_new(LS_ENC_BINARY) == NULL);
  CHECK(ls_decoder_new((ls_encoding)-1) == NULL);
  ls_decoder_free(NULL);
  CHECK_INT(ls_decoder_replaced(NULL), 0);
  const char *out = NULL;
  size_t outn = 9;
  CHECK_INT(ls_decoder_feed(NULL, "a", 1, &out, &outn), LS_EINVAL);
  CHECK_STR(out, "");
  CHECK_INT(outn, 0);
  CHECK_INT(ls_decoder_finish(NULL, &out, &outn), LS_EINVAL);
  ls_decoder *d = ls_decoder_new(LS_ENC_UTF16LE);
  CHECK_INT(ls_decoder_feed(d, "a", 1, NULL, &outn), LS_EINVAL);
  CHECK_INT(ls_decoder_feed(d, NULL, 0, &out, &outn), LS_OK); /* nothing is fine */
  CHECK_INT(outn, 0);
  CHECK_INT(ls_decoder_finish(d, &out, &outn), LS_OK);
  CHECK_INT(ls_decoder_feed(d, "a\0", 2, &out, &outn), LS_EINVAL); /* after finish */
  CHECK_INT(ls_decoder_finish(d, &out, &outn), LS_EINVAL);
  ls_decoder_free(d);
  d = ls_decoder_new(LS_ENC_GB18030);
  CHECK_INT(ls_decoder_feed(d, NULL, 3, &out, &outn), LS_EINVAL);
  CHECK_INT(ls_decoder_feed(d, "a", 1, &out, &outn), LS_EINVAL); /* errors stick */
  ls_decoder_free(d);
}

/* Fail each allocation in turn: every failure is LS_ENOMEM or NULL from new,
 * sticks, and leaks nothing; some k lets the whole decode through. */
TEST(decoder_should_report_out_of_memory_and_stay_failed) {
  static char text[300];
  memcpy(text, "\xEF\xBB", 2); /* a cut UTF-8 mark, held and then copied */
  for (size_t i = 2; i + 9 <= sizeof text; i += 9) memcpy(text + i, "\xC4\xE3\xBA\xC3,\x3D\xD8\x00\xDE", 9);
  for (int enc = LS_ENC_UTF8; enc <= LS_ENC_GB18030; enc++) {
    for (unsigned long k = 1;; k++) {
      ls_alloc_fail_after(k);
      decoded r = decode_cut((ls_encoding)enc, text, sizeof text, 1, 0); /* 1 byte, then 299 */
      ls_alloc_fail_after(0);
      free(r.s);
      if (r.st == LS_OK) break;
      CHECK_INT(r.st, LS_ENOMEM);
      if (k > 100) {
        CHECK_FAIL_("no end to allocations");
        break;
      }
    }
  }
  ls_decoder *d = ls_decoder_new(LS_ENC_UTF16LE);
  const char *out;
  size_t outn;
  ls_alloc_fail_after(1);
  CHECK_INT(ls_decoder_feed(d, "a\0b\0c\0d\0e\0f\0g\0h\0i\0j\0k\0l\0m\0n\0o\0p\0q\0r\0s\0t\0u\0v\0", 44, &out, &outn), LS_ENOMEM);
  ls_alloc_fail_after(0);
  CHECK_STR(out, "");
  CHECK_INT(ls_decoder_feed(d, "a\0", 2, &out, &outn), LS_ENOMEM);
  CHECK_INT(ls_decoder_finish(d, &out, &outn), LS_ENOMEM);
  ls_decoder_free(d);
}

int main(void) {
  RUN(encoding_name_should_name_every_encoding);
  RUN(encoding_parse_should_accept_aliases_in_any_case);
  RUN(encoding_parse_should_reject_unknown_names_and_leave_out_alone);
  RUN(detect_should_trust_a_byte_order_mark);
  RUN(detect_should_call_an_empty_sample_utf8);
  RUN(detect_should_find_utf16_without_bom_by_its_zero_bytes);
  RUN(detect_should_accept_utf8_with_a_cut_last_character);
  RUN(detect_should_read_gbk_text_as_gb18030);
  RUN(detect_should_call_nul_bytes_and_control_bytes_binary);
  RUN(detect_should_fall_back_to_utf8_for_other_encodings);
  RUN(detect_should_read_the_fixtures_right);
  RUN(utf8_decoder_should_pass_input_through_without_copying);
  RUN(utf8_decoder_should_drop_a_bom_even_fed_byte_by_byte);
  RUN(utf8_decoder_should_keep_a_partial_bom_as_text);
  RUN(utf16_decoders_should_decode_pairs_and_drop_the_bom);
  RUN(utf16_decoders_should_replace_lone_surrogates);
  RUN(utf16_decoders_should_flush_a_cut_unit_as_one_replacement);
  RUN(gb18030_decoder_should_decode_one_two_and_four_byte_codes);
  RUN(gb18030_decoder_should_replace_invalid_sequences_like_browsers);
  RUN(gb18030_decoder_should_flush_a_cut_sequence_at_finish);
  RUN(gb18030_decoder_should_agree_with_iconv_on_every_two_byte_code);
  RUN(gb18030_decoder_should_agree_with_iconv_on_four_byte_codes);
  RUN(gbk_fixture_should_decode_to_its_utf8_twin);
  RUN(excel_unicode_fixture_should_decode_to_its_utf8_twin);
  RUN(gbk_fixture_should_read_as_csv_after_decoding);
  RUN(decoder_output_should_stay_within_three_bytes_per_input_byte);
  RUN(decoder_should_reject_bad_arguments);
  RUN(decoder_should_report_out_of_memory_and_stay_failed);
  return check_done();
}

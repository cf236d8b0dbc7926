/* test_infer.c: cell stores, UTF-8 repair and column type inference. */
#include <stdint.h>

#include "base/alloc.h"
#include "check.h"
#include "ingest/infer.h"

/* ---- helpers ---- */

/* Fill c with the cells of a NULL-terminated list. */
static void fill(ls_cells *c, const char *const *v) {
  ls_cells_init(c);
  for (; *v; v++) CHECK_INT(ls_cells_push(c, *v, strlen(*v)), LS_OK);
}

/* The type inferred for a column named name holding the listed cells. */
static ls_type type_of(const char *name, const char *const *v) {
  ls_cells c;
  fill(&c, v);
  ls_type t = ls_infer_type(name, &c);
  ls_cells_free(&c);
  return t;
}

/* The column built from the listed cells; the caller frees it. */
static ls_column *column_of(const char *name, const char *const *v) {
  ls_cells c;
  ls_column *col = NULL;
  fill(&c, v);
  CHECK_INT(ls_infer_column(name, &c, &col), LS_OK);
  ls_cells_free(&c);
  return col;
}

#define CELLS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The column built with options (NULL: automatic) and its report. */
static ls_column *column_ex(const char *name, const char *const *v, const ls_infer_opts *o,
                            ls_infer_report *rep) {
  ls_cells c;
  ls_column *col = NULL;
  fill(&c, v);
  CHECK_INT(ls_infer_column_ex(name, &c, o, &col, rep), LS_OK);
  ls_cells_free(&c);
  return col;
}

#define DAY INT64_C(86400000)
#define D20250105 (INT64_C(20093) * DAY) /* 55 * 365 + 14 leap days + 4 */

/* The single cell stored for the given bytes, as a NUL-terminated copy in out. */
static void stored(const char *in, size_t n, char *out, size_t cap) {
  ls_cells c;
  ls_cells_init(&c);
  CHECK_INT(ls_cells_push(&c, in, n), LS_OK);
  ls_cells_cursor k;
  const char *s;
  size_t len = 0;
  ls_cells_begin(&c, &k);
  CHECK(ls_cells_next(&k, &s, &len));
  CHECK(len < cap);
  memcpy(out, s, len < cap ? len : 0);
  out[len < cap ? len : 0] = '\0';
  ls_cells_free(&c);
}

/* ---- cells ---- */

TEST(cells_should_give_back_cells_in_order_with_their_lengths) {
  ls_cells c;
  ls_cells_init(&c);
  static char big[70000];
  memset(big, 'x', sizeof big);
  CHECK_INT(ls_cells_push(&c, "ab", 2), LS_OK);
  CHECK_INT(ls_cells_push(&c, "", 0), LS_OK);
  CHECK_INT(ls_cells_append(&c, "c", 1), LS_OK);
  CHECK_INT(ls_cells_append(&c, "de", 2), LS_OK);
  CHECK_INT(ls_cells_end(&c), LS_OK);
  CHECK_INT(ls_cells_push(&c, big, 200), LS_OK);
  CHECK_INT(ls_cells_push(&c, big, sizeof big), LS_OK);
  CHECK_INT(c.n, 5);
  ls_cells_cursor k;
  const char *s;
  size_t len;
  ls_cells_begin(&c, &k);
  CHECK(ls_cells_next(&k, &s, &len) && len == 2 && memcmp(s, "ab", 2) == 0);
  CHECK(ls_cells_next(&k, &s, &len) && len == 0);
  CHECK(ls_cells_next(&k, &s, &len) && len == 3 && memcmp(s, "cde", 3) == 0);
  CHECK(ls_cells_next(&k, &s, &len) && len == 200 && s[199] == 'x');
  CHECK(ls_cells_next(&k, &s, &len) && len == sizeof big && s[0] == 'x');
  CHECK(!ls_cells_next(&k, &s, &len));
  ls_cells_clear(&c);
  CHECK_INT(c.n, 0);
  ls_cells_begin(&c, &k);
  CHECK(!ls_cells_next(&k, &s, &len));
  ls_cells_free(&c);
  ls_cells_free(&c);
}

TEST(cells_should_keep_valid_utf8_as_it_is) {
  char out[64];
  const char *text = "h\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF";
  stored(text, strlen(text), out, sizeof out);
  CHECK_STR(out, "h\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF");
}

TEST(cells_should_replace_each_maximal_invalid_subpart_with_one_replacement_character) {
  char out[128];
#define FFFD "\xEF\xBF\xBD"
  stored("a\xFF" "b", 3, out, sizeof out);
  CHECK_STR(out, "a" FFFD "b");
  stored("\x80\x80", 2, out, sizeof out); /* two lone continuation bytes */
  CHECK_STR(out, FFFD FFFD);
  stored("\xE2\x82" "A", 3, out, sizeof out); /* a truncated sequence is one */
  CHECK_STR(out, FFFD "A");
  stored("\xC0\x80", 2, out, sizeof out); /* overlong: C0 never starts one */
  CHECK_STR(out, FFFD FFFD);
  stored("\xED\xA0\x80", 3, out, sizeof out); /* a surrogate */
  CHECK_STR(out, FFFD FFFD FFFD);
  stored("\xF4\x90\x80\x80", 4, out, sizeof out); /* beyond U+10FFFF */
  CHECK_STR(out, FFFD FFFD FFFD FFFD);
  stored("ok\xF0\x9F\x98", 5, out, sizeof out); /* cut at the end */
  CHECK_STR(out, "ok" FFFD);
  stored("\xEF\xBB", 2, out, sizeof out);
  CHECK_STR(out, FFFD);
  stored("12345678\xF8", 9, out, sizeof out); /* after the eight-byte ASCII skip */
  CHECK_STR(out, "12345678" FFFD);
#undef FFFD
}

/* ---- types ---- */

TEST(infer_should_read_true_and_false_in_any_case_as_bool) {
  CHECK_INT(type_of("x", CELLS("true", "FALSE", "True", " false ")), LS_TYPE_BOOL);
  CHECK_INT(type_of("x", CELLS("true", "maybe")), LS_TYPE_STRING);
  ls_column *c = column_of("x", CELLS("TRUE", "", "false"));
  CHECK_INT(ls_column_type(c), LS_TYPE_BOOL);
  CHECK_INT(ls_column_bool(c)[0], 1);
  CHECK_INT(ls_column_valid(c, 1), 0);
  CHECK_INT(ls_column_bool(c)[2], 0);
  ls_column_free(c);
}

TEST(infer_should_read_signed_digits_as_int) {
  ls_column *c = column_of("n", CELLS("0", "-12", "+7", " 42 ", "-0"));
  CHECK_INT(ls_column_type(c), LS_TYPE_INT64);
  const int64_t *v = ls_column_i64(c);
  CHECK_INT(v[0], 0);
  CHECK_INT(v[1], -12);
  CHECK_INT(v[2], 7);
  CHECK_INT(v[3], 42);
  CHECK_INT(v[4], 0);
  ls_column_free(c);
}

TEST(infer_should_read_the_int64_limits_and_no_further) {
  ls_column *c = column_of("n", CELLS("9223372036854775807", "-9223372036854775808"));
  CHECK_INT(ls_column_type(c), LS_TYPE_INT64);
  CHECK(ls_column_i64(c)[0] == INT64_MAX);
  CHECK(ls_column_i64(c)[1] == INT64_MIN);
  ls_column_free(c);
  CHECK_INT(type_of("n", CELLS("9223372036854775808")), LS_TYPE_STRING);
  CHECK_INT(type_of("n", CELLS("-9223372036854775809")), LS_TYPE_STRING);
  CHECK_INT(type_of("n", CELLS("123456789012345678901234567890")), LS_TYPE_STRING);
}

TEST(infer_should_keep_zero_padded_numbers_as_strings) {
  CHECK_INT(type_of("zip", CELLS("007", "12345")), LS_TYPE_STRING);
  CHECK_INT(type_of("x", CELLS("00.5")), LS_TYPE_STRING);
  CHECK_INT(type_of("x", CELLS("-01")), LS_TYPE_STRING);
  ls_column *c = column_of("zip", CELLS("007", " 01 "));
  size_t len;
  CHECK_STR(ls_column_str(c, 0, &len), "007");
  CHECK_STR(ls_column_str(c, 1, &len), " 01 ");
  ls_column_free(c);
}

TEST(infer_should_read_decimal_forms_as_float) {
  ls_column *c = column_of("x", CELLS("-1.5", ".5", "5.", "1e-3", "2.5E+10", "0.1", "-.25e2", "0e0"));
  CHECK_INT(ls_column_type(c), LS_TYPE_DOUBLE);
  const double *v = ls_column_f64(c);
  CHECK(v[0] == -1.5);
  CHECK(v[1] == 0.5);
  CHECK(v[2] == 5.0);
  CHECK(v[3] == 1e-3);
  CHECK(v[4] == 2.5e10);
  CHECK(v[5] == 0.1);
  CHECK(v[6] == -25.0);
  CHECK(v[7] == 0.0);
  ls_column_free(c);
}

TEST(infer_should_read_floats_exactly_as_strtod_does) {
  static const char *const v[] = {
      "0.1",  "3.14159265358979323846", "123456789.123456789", "1e22", "1e23",
      "9007199254740993", "9007199254740993.0", "4.9e-324", "1.7976931348623157e308",
      "2.2250738585072014e-308", "0.30000000000000004", "12345678901234567890.5",
      "1.00000000000000000000000000000000000001", "0.000000000000000000000000000001234",
  };
  for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
    const char *cells[] = {v[i], "0.5", NULL};
    ls_column *c = column_of("x", cells);
    CHECK_INT(ls_column_type(c), LS_TYPE_DOUBLE);
    if (ls_column_f64(c) && ls_column_f64(c)[0] != strtod(v[i], NULL))
      CHECK_FAIL_("%s read as %.17g", v[i], ls_column_f64(c)[0]);
    ls_column_free(c);
  }
  /* many short decimals, the fast path */
  uint32_t x = 12345;
  for (int i = 0; i < 20000; i++) {
    char buf[48];
    x = x * 1664525u + 1013904223u;
    snprintf(buf, sizeof buf, "%u.%0*u", x >> 12, (int)(x % 9) + 1, (x >> 3) % 100000000u % 1000000u);
    const char *cells[] = {buf, NULL};
    ls_column *c = column_of("x", cells);
    if (!c || !ls_column_f64(c) || ls_column_f64(c)[0] != strtod(buf, NULL)) {
      CHECK_FAIL_("%s misread", buf);
      ls_column_free(c);
      break;
    }
    ls_column_free(c);
  }
}

TEST(infer_should_widen_ints_mixed_with_floats_to_float) {
  ls_column *c = column_of("x", CELLS("1", "2.5", "-3"));
  CHECK_INT(ls_column_type(c), LS_TYPE_DOUBLE);
  CHECK(ls_column_f64(c)[0] == 1.0);
  CHECK(ls_column_f64(c)[2] == -3.0);
  ls_column_free(c);
}

TEST(infer_should_not_read_nan_inf_or_overflowing_values_as_float) {
  CHECK_INT(type_of("x", CELLS("1.5", "nan")), LS_TYPE_STRING);
  CHECK_INT(type_of("x", CELLS("inf")), LS_TYPE_STRING);
  CHECK_INT(type_of("x", CELLS("-Infinity")), LS_TYPE_STRING);
  CHECK_INT(type_of("x", CELLS("1e400")), LS_TYPE_STRING);
  CHECK_INT(type_of("x", CELLS("1e-400")), LS_TYPE_DOUBLE); /* underflows to 0, still a number */
}

TEST(infer_should_reject_malformed_numbers) {
  static const char *const bad[] = {".", "-", "+", "1e", "e5", "1.2.3", "1e+", "--1", "1,5.",
                                    "0x10", "1 2", "1_000", "١٢"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    const char *cells[] = {bad[i], NULL};
    if (type_of("x", cells) != LS_TYPE_STRING) CHECK_FAIL_("\"%s\" read as a number", bad[i]);
  }
}

TEST(infer_should_read_timestamps_that_time_parse_accepts) {
  ls_column *c = column_of("when", CELLS("2024-01-02T03:04:05Z", "2024-01-02", " 2024-01-02 03:04 ",
                                         "2024-01-02T03:04:05.250+08:00"));
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  const int64_t *v = ls_column_i64(c);
  CHECK_INT(v[0], INT64_C(1704164645000));
  CHECK_INT(v[1], INT64_C(1704153600000));
  CHECK_INT(v[2], INT64_C(1704164640000));
  CHECK_INT(v[3], INT64_C(1704164645250) - INT64_C(8) * 3600000);
  ls_column_free(c);
  CHECK_INT(type_of("when", CELLS("2024-01-02", "2024-02-30")), LS_TYPE_STRING);
}

TEST(infer_should_read_epoch_seconds_in_a_time_named_column) {
  ls_column *c = column_of("created_at", CELLS("1700000000", "", "1000000000"));
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  CHECK_INT(ls_column_i64(c)[0], INT64_C(1700000000000));
  CHECK_INT(ls_column_valid(c, 1), 0);
  CHECK_INT(ls_column_i64(c)[2], INT64_C(1000000000000));
  ls_column_free(c);
}

TEST(infer_should_keep_milliseconds_of_fractional_epoch_seconds) {
  ls_column *c = column_of("ts", CELLS("1700000000.1234", "1700000000.5", "1700000001"));
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  CHECK_INT(ls_column_i64(c)[0], INT64_C(1700000000123));
  CHECK_INT(ls_column_i64(c)[1], INT64_C(1700000000500));
  CHECK_INT(ls_column_i64(c)[2], INT64_C(1700000001000));
  ls_column_free(c);
}

TEST(infer_should_read_epoch_milliseconds_in_a_time_named_column) {
  ls_column *c = column_of("eventTime", CELLS("1700000000123", "631152000000"));
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  CHECK_INT(ls_column_i64(c)[0], INT64_C(1700000000123));
  CHECK_INT(ls_column_i64(c)[1], INT64_C(631152000000)); /* 1990-01-01, the first instant read */
  ls_column_free(c);
  c = column_of("updatedAt", CELLS("1700000000123.6"));
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  CHECK_INT(ls_column_i64(c)[0], INT64_C(1700000000124));
  ls_column_free(c);
}

TEST(infer_should_leave_epoch_like_numbers_alone_without_a_time_name) {
  CHECK_INT(type_of("user_id", CELLS("1700000000", "1700000001")), LS_TYPE_INT64);
  CHECK_INT(type_of("amount", CELLS("1700000000.5")), LS_TYPE_DOUBLE);
}

TEST(infer_should_leave_numbers_outside_one_epoch_range_as_numbers) {
  CHECK_INT(type_of("time", CELLS("1700000000", "1700000000123")), LS_TYPE_INT64); /* s and ms */
  CHECK_INT(type_of("time", CELLS("1700000000", "631151999")), LS_TYPE_INT64); /* 1989 */
  CHECK_INT(type_of("time", CELLS("4102444800")), LS_TYPE_INT64);               /* 2100 */
  CHECK_INT(type_of("time", CELLS("100000000000000")), LS_TYPE_INT64);          /* 1e14: 1973 in us */
  CHECK_INT(type_of("date", CELLS("99999999999")), LS_TYPE_INT64);              /* 5138 in s */
  CHECK_INT(type_of("date", CELLS("-1700000000")), LS_TYPE_INT64);
}

TEST(infer_should_recognize_names_that_suggest_a_time) {
  static const char *const yes[] = {"time", "Timestamp", "event_time", "Start Date (UTC)", "date",
                                    "ts", "TS", "created", "Updated", "created_at", "Paid At",
                                    "createdAt", "deleted_AT", "update-date"};
  static const char *const no[] = {"", "status", "tsv", "created_by", "createdat", "AT", "_at",
                                   "format", "CAT", "amount", "ts_id", "ATTACHMENT"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    if (!ls_infer_time_name(yes[i])) CHECK_FAIL_("\"%s\" should suggest a time", yes[i]);
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    if (ls_infer_time_name(no[i])) CHECK_FAIL_("\"%s\" should not suggest a time", no[i]);
  CHECK(!ls_infer_time_name(NULL));
}

TEST(infer_should_trim_spaces_for_every_type_but_string) {
  CHECK_INT(type_of("x", CELLS(" 1", "2 ", "\t3\t")), LS_TYPE_INT64);
  CHECK_INT(type_of("x", CELLS(" true ")), LS_TYPE_BOOL);
  CHECK_INT(type_of("x", CELLS(" 1.5 ")), LS_TYPE_DOUBLE);
  CHECK_INT(type_of("x", CELLS("   ")), LS_TYPE_STRING);
  ls_column *c = column_of("x", CELLS(" a ", "b"));
  size_t len;
  CHECK_STR(ls_column_str(c, 0, &len), " a ");
  CHECK_INT(len, 3);
  ls_column_free(c);
}

TEST(infer_should_ignore_null_cells) {
  ls_column *c = column_of("x", CELLS("", "5", ""));
  CHECK_INT(ls_column_type(c), LS_TYPE_INT64);
  CHECK_INT(ls_column_len(c), 3);
  CHECK_INT(ls_column_nulls(c), 2);
  CHECK_INT(ls_column_i64(c)[1], 5);
  ls_column_free(c);
}

TEST(infer_should_read_a_column_without_values_as_strings) {
  ls_column *c = column_of("x", CELLS("", ""));
  CHECK_INT(ls_column_type(c), LS_TYPE_STRING);
  CHECK_INT(ls_column_len(c), 2);
  CHECK_INT(ls_column_nulls(c), 2);
  ls_column_free(c);
  ls_cells empty;
  ls_cells_init(&empty);
  CHECK_INT(ls_infer_type("x", &empty), LS_TYPE_STRING);
  CHECK_INT(ls_infer_column("x", &empty, &c), LS_OK);
  CHECK_INT(ls_column_len(c), 0);
  ls_column_free(c);
}

TEST(infer_should_fall_back_to_string_for_mixed_kinds) {
  CHECK_INT(type_of("x", CELLS("1", "true")), LS_TYPE_STRING);
  CHECK_INT(type_of("x", CELLS("2024-01-01", "5")), LS_TYPE_STRING);
  CHECK_INT(type_of("x", CELLS("1.5", "abc")), LS_TYPE_STRING);
  ls_column *c = column_of("x", CELLS("1", "x", ""));
  size_t len;
  CHECK_STR(ls_column_str(c, 0, &len), "1");
  CHECK_STR(ls_column_str(c, 1, &len), "x");
  CHECK(ls_column_str(c, 2, &len) == NULL);
  ls_column_free(c);
}

TEST(infer_column_should_return_enomem_without_leaks) {
  static const char *const kinds[][4] = {
      {"1", "2", "", NULL}, {"a", "b", "a", NULL}, {"1.5", "", "2", NULL},
      {"2024-01-01", "", "2024-01-02", NULL}, {"true", "false", "", NULL}};
  for (size_t kind = 0; kind < sizeof kinds / sizeof *kinds; kind++) {
    ls_cells c;
    fill(&c, kinds[kind]);
    for (unsigned long n = 1; n < 100; n++) {
      ls_column *col = (ls_column *)&c; /* must be reset */
      ls_alloc_fail_after(n);
      ls_status st = ls_infer_column("x", &c, &col);
      ls_alloc_fail_after(0);
      if (st == LS_OK) {
        CHECK_INT(ls_column_len(col), 3);
        ls_column_free(col);
        break;
      }
      CHECK_INT(st, LS_ENOMEM);
      CHECK(col == NULL);
    }
    ls_cells_free(&c);
  }
  /* a cell store out of memory keeps what it had */
  ls_cells c;
  ls_cells_init(&c);
  ls_alloc_fail_after(1);
  CHECK_INT(ls_cells_push(&c, "abc", 3), LS_ENOMEM);
  ls_alloc_fail_after(0);
  CHECK_INT(c.n, 0);
  ls_cells_free(&c);
}

/* ---- null tokens and bools ---- */

TEST(infer_should_read_null_tokens_as_null_in_every_type) {
  ls_infer_report r;
  ls_column *c = column_ex("n", CELLS("1", "NULL", "null", "N/A", "n/a", "NA", "None", "-",
                                      "\xE2\x80\x94", "\\N", " ", "2"), NULL, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_INT64);
  CHECK_INT(r.nulls, 10);
  CHECK_INT(ls_column_nulls(c), 10);
  CHECK_INT(ls_column_i64(c)[11], 2);
  ls_column_free(c);
  c = column_ex("s", CELLS("a", "NULL", " none ", "b"), NULL, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_STRING);
  CHECK_INT(r.nulls, 2);
  CHECK_INT(ls_column_valid(c, 1), 0);
  CHECK_INT(ls_column_valid(c, 2), 0);
  ls_column_free(c);
  /* NA is a token in capitals only; "na" and "--" are values */
  CHECK_INT(type_of("x", CELLS("1", "na")), LS_TYPE_STRING);
  CHECK_INT(type_of("x", CELLS("1", "--")), LS_TYPE_STRING);
  CHECK_INT(type_of("x", CELLS("NULL", "N/A")), LS_TYPE_STRING); /* no value at all */
}

TEST(infer_should_read_yes_no_t_f_and_chinese_bools_but_keep_ones_and_zeros_ints) {
  ls_column *c = column_of("x", CELLS("yes", "No", "t", "F", "\xE6\x98\xAF", "\xE5\x90\xA6", "TRUE"));
  CHECK_INT(ls_column_type(c), LS_TYPE_BOOL);
  const uint8_t *v = ls_column_bool(c);
  CHECK(v[0] == 1 && v[1] == 0 && v[2] == 1 && v[3] == 0 && v[4] == 1 && v[5] == 0 && v[6] == 1);
  ls_column_free(c);
  CHECK_INT(type_of("x", CELLS("1", "0", "1")), LS_TYPE_INT64);
  CHECK_INT(type_of("x", CELLS("y", "n")), LS_TYPE_STRING);
}

/* ---- numbers ---- */

TEST(infer_should_keep_ints_with_thousands_groups_exact) {
  ls_infer_report r;
  ls_column *c = column_ex("n", CELLS("1,234", "9,007,199,254,740,993", "-12"), NULL, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_INT64);
  CHECK_INT(ls_column_i64(c)[0], 1234);
  CHECK_INT(ls_column_i64(c)[1], INT64_C(9007199254740993));
  CHECK_INT(r.decimal, LS_DECIMAL_POINT);
  ls_column_free(c);
}

TEST(infer_should_remember_the_one_currency_of_a_column) {
  ls_infer_report r;
  ls_column *c = column_ex("amount", CELLS("$1,234.50", "(12.50)", "0", "-$3", "US$4"), NULL, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_DOUBLE);
  CHECK_STR(ls_column_currency(c), "USD");
  CHECK_STR(r.currency, "USD");
  const double *v = ls_column_f64(c);
  CHECK(v[0] == 1234.5 && v[1] == -12.5 && v[2] == 0 && v[3] == -3 && v[4] == 4);
  ls_column_free(c);
  c = column_of("amount", CELLS("\xC2\xA5" "12", "\xEF\xBF\xA5" "3", "5\xE5\x85\x83", "RMB 7"));
  CHECK_INT(ls_column_type(c), LS_TYPE_INT64);
  CHECK_STR(ls_column_currency(c), "CNY");
  ls_column_free(c);
  c = column_of("amount", CELLS("12.50 EUR", "3 EUR"));
  CHECK_STR(ls_column_currency(c), "EUR");
  ls_column_free(c);
  c = column_of("amount", CELLS("12", "3"));
  CHECK_STR(ls_column_currency(c), "");
  ls_column_free(c);
}

TEST(infer_should_leave_a_column_of_two_currencies_as_strings_and_say_so) {
  ls_infer_report r;
  ls_column *c = column_ex("amount", CELLS("$12", "\xE2\x82\xAC" "3", "4"), NULL, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_STRING);
  CHECK_INT(r.mixed_currency, 1);
  CHECK_STR(r.currency, "");
  size_t len;
  CHECK_STR(ls_column_str(c, 1, &len), "\xE2\x82\xAC" "3");
  ls_column_free(c);
  c = column_ex("x", CELLS("$12", "abc"), NULL, &r);
  CHECK_INT(r.mixed_currency, 0);
  ls_column_free(c);
}

TEST(infer_should_read_percentages_as_fractions_and_flag_the_column) {
  ls_infer_report r;
  ls_column *c = column_ex("rate", CELLS("12%", "0.5%", "-3 %", "100%"), NULL, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_DOUBLE);
  CHECK_INT(ls_column_flags(c), LS_COL_PERCENT);
  CHECK_INT(r.flags, LS_COL_PERCENT);
  const double *v = ls_column_f64(c);
  CHECK(v[0] == 0.12 && v[1] == 0.005 && v[2] == -0.03 && v[3] == 1.0);
  ls_column_free(c);
  CHECK_INT(type_of("rate", CELLS("12%", "0.5")), LS_TYPE_STRING);
  CHECK_INT(type_of("rate", CELLS("12", "5%")), LS_TYPE_STRING);
}

TEST(infer_should_choose_a_decimal_comma_only_when_the_values_need_it) {
  ls_infer_report r;
  ls_column *c = column_ex("x", CELLS("1,234", "12,5", "3"), NULL, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_DOUBLE);
  CHECK_INT(r.decimal, LS_DECIMAL_COMMA);
  const double *v = ls_column_f64(c);
  CHECK(v[0] == 1.234 && v[1] == 12.5 && v[2] == 3.0);
  ls_column_free(c);
  c = column_ex("x", CELLS("1.234,50", "\xE2\x82\xAC" "7,25", "2.000"), NULL, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_DOUBLE);
  CHECK(ls_column_f64(c)[0] == 1234.5 && ls_column_f64(c)[1] == 7.25 && ls_column_f64(c)[2] == 2000);
  CHECK_STR(ls_column_currency(c), "EUR");
  ls_column_free(c);
  /* both readings fit: the point wins */
  c = column_ex("x", CELLS("1,234", "5,678"), NULL, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_INT64);
  CHECK_INT(ls_column_i64(c)[0], 1234);
  CHECK_INT(r.decimal, LS_DECIMAL_POINT);
  ls_column_free(c);
  /* neither fits every value */
  CHECK_INT(type_of("x", CELLS("1.5", "12,5")), LS_TYPE_STRING);
}

TEST(infer_should_follow_the_decimal_option) {
  ls_infer_opts o = {0, LS_TYPE_STRING, LS_DATE_AUTO, LS_DECIMAL_AUTO_COMMA};
  ls_infer_report r;
  ls_column *c = column_ex("x", CELLS("1,234", "5,678"), &o, &r); /* a ';' file */
  CHECK_INT(ls_column_type(c), LS_TYPE_DOUBLE);
  CHECK(ls_column_f64(c)[0] == 1.234);
  CHECK_INT(r.decimal, LS_DECIMAL_COMMA);
  ls_column_free(c);
  c = column_ex("x", CELLS("1.5", "2.25"), &o, &r); /* still a point when only that fits */
  CHECK_INT(ls_column_type(c), LS_TYPE_DOUBLE);
  CHECK(ls_column_f64(c)[1] == 2.25);
  CHECK_INT(r.decimal, LS_DECIMAL_POINT);
  ls_column_free(c);
  o.decimal = LS_DECIMAL_POINT;
  c = column_ex("x", CELLS("12,5"), &o, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_STRING);
  ls_column_free(c);
  o.decimal = LS_DECIMAL_COMMA;
  c = column_ex("x", CELLS("1.234"), &o, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_INT64);
  CHECK_INT(ls_column_i64(c)[0], 1234);
  ls_column_free(c);
}

/* ---- times ---- */

TEST(infer_should_read_the_date_and_time_forms_of_dateparse) {
  ls_column *c = column_of("x", CELLS("2025-01-05 13:22", "2025/1/5 1:22:05", "1/5/2025 1:22 PM",
                                      "2025\xE5\xB9\xB4" "1\xE6\x9C\x88" "5\xE6\x97\xA5 13:22",
                                      "Jan 5, 2025", "05.01.2025", "2025-01-05T13:22:05.5Z"));
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  const int64_t *v = ls_column_i64(c);
  CHECK_INT(v[0], D20250105 + 13 * 3600000 + 22 * 60000);
  CHECK_INT(v[1], D20250105 + 1 * 3600000 + 22 * 60000 + 5000);
  CHECK_INT(v[2], D20250105 + 13 * 3600000 + 22 * 60000);
  CHECK_INT(v[3], D20250105 + 13 * 3600000 + 22 * 60000);
  CHECK_INT(v[4], D20250105);
  CHECK_INT(v[5], D20250105);
  CHECK_INT(v[6], D20250105 + 13 * 3600000 + 22 * 60000 + 5500);
  CHECK_INT(ls_column_flags(c), 0); /* naive and zoned values mixed: not local */
  ls_column_free(c);
}

TEST(infer_should_flag_date_columns_and_naive_times) {
  ls_infer_report r;
  ls_column *c = column_ex("d", CELLS("2025-01-05", "", "2025-01-06"), NULL, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  CHECK_INT(ls_column_flags(c), LS_COL_DATE | LS_COL_LOCAL);
  CHECK_INT(r.flags, LS_COL_DATE | LS_COL_LOCAL);
  CHECK_INT(ls_column_i64(c)[2], D20250105 + DAY);
  ls_column_free(c);
  c = column_of("t", CELLS("2025-01-05 13:22", "2025-01-06"));
  CHECK_INT(ls_column_flags(c), LS_COL_LOCAL);
  ls_column_free(c);
  c = column_of("t", CELLS("2025-01-05T13:22Z", "2025-01-06T00:00+08:00"));
  CHECK_INT(ls_column_flags(c), 0);
  CHECK_INT(ls_column_i64(c)[1], D20250105 + DAY - 8 * 3600000);
  ls_column_free(c);
  c = column_of("t", CELLS("2025-01-05T13:22Z", "2025-01-05 13:22"));
  CHECK_INT(ls_column_flags(c), 0); /* mixed: the naive one read as UTC */
  CHECK_INT(ls_column_i64(c)[1], ls_column_i64(c)[0]);
  ls_column_free(c);
}

TEST(infer_should_settle_day_and_month_order_by_the_data) {
  ls_infer_report r;
  const int64_t may1 = D20250105 + 116 * DAY;
  /* a first number over 12, even late in the column: day first */
  ls_column *c = column_ex("d", CELLS("1/5/2025", "2/5/2025", "13/5/2025"), NULL, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  CHECK_INT(ls_column_i64(c)[0], may1);
  CHECK_INT(ls_column_i64(c)[2], may1 + 12 * DAY);
  CHECK_INT(r.date_order, LS_DATE_DMY);
  CHECK_INT(r.ambiguous_dates, 0);
  ls_column_free(c);
  /* a second over 12: month first */
  c = column_ex("d", CELLS("1/5/2025", "5/13/2025"), NULL, &r);
  CHECK_INT(ls_column_i64(c)[0], D20250105);
  CHECK_INT(r.date_order, LS_DATE_MDY);
  CHECK_INT(r.ambiguous_dates, 0);
  ls_column_free(c);
  /* nothing decides: month first, reported */
  c = column_ex("d", CELLS("1/5/2025", "2/3/2025 10:00"), NULL, &r);
  CHECK_INT(ls_column_i64(c)[0], D20250105);
  CHECK_INT(r.date_order, LS_DATE_MDY);
  CHECK_INT(r.ambiguous_dates, 1);
  ls_column_free(c);
  /* both: not dates */
  CHECK_INT(type_of("d", CELLS("13/1/2025", "1/13/2025")), LS_TYPE_STRING);
  /* year-first values decide nothing and are never ambiguous */
  c = column_ex("d", CELLS("2025-01-05"), NULL, &r);
  CHECK_INT(r.ambiguous_dates, 0);
  CHECK_INT(r.date_order, LS_DATE_AUTO);
  ls_column_free(c);
}

TEST(infer_should_follow_the_date_order_option) {
  ls_infer_opts o = {0, LS_TYPE_STRING, LS_DATE_DMY, LS_DECIMAL_AUTO};
  ls_infer_report r;
  ls_column *c = column_ex("d", CELLS("1/5/2025", "2/3/2025"), &o, &r);
  CHECK_INT(ls_column_i64(c)[0], D20250105 + 116 * DAY);
  CHECK_INT(r.ambiguous_dates, 0);
  ls_column_free(c);
  c = column_ex("d", CELLS("1/13/2025"), &o, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_STRING);
  ls_column_free(c);
  o.date_order = LS_DATE_YMD;
  CHECK_INT(ls_column_type(c = column_ex("d", CELLS("1/5/2025"), &o, &r)), LS_TYPE_STRING);
  ls_column_free(c);
}

TEST(infer_should_not_read_plain_numbers_as_dates_without_a_time_name) {
  CHECK_INT(type_of("order_no", CELLS("20250105", "20250106")), LS_TYPE_INT64);
  ls_column *c = column_of("event_date", CELLS("20250105", "20241231"));
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  CHECK_INT(ls_column_flags(c), LS_COL_DATE | LS_COL_LOCAL);
  CHECK_INT(ls_column_i64(c)[0], D20250105);
  CHECK_INT(ls_column_i64(c)[1], D20250105 - 5 * DAY);
  ls_column_free(c);
  CHECK_INT(type_of("event_date", CELLS("20250105", "20250230")), LS_TYPE_INT64); /* no Feb 30 */
}

TEST(infer_should_read_epoch_micro_and_nanoseconds_by_magnitude) {
  /* GA4's event_timestamp: microseconds */
  ls_column *c = column_of("event_timestamp", CELLS("1736083325123456", "1736083325123500"));
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  CHECK_INT(ls_column_flags(c), 0);
  CHECK_INT(ls_column_i64(c)[0], INT64_C(1736083325123));
  CHECK_INT(ls_column_i64(c)[1], INT64_C(1736083325124)); /* rounded to the nearest ms */
  ls_column_free(c);
  c = column_of("ts", CELLS("1736083325123456789"));
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  CHECK_INT(ls_column_i64(c)[0], INT64_C(1736083325123));
  ls_column_free(c);
  c = column_of("\xE5\x88\x9B\xE5\xBB\xBA\xE6\x97\xB6\xE9\x97\xB4", CELLS("1736083325")); /* 创建时间 */
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  CHECK_INT(ls_column_i64(c)[0], INT64_C(1736083325000));
  ls_column_free(c);
  /* seconds and microseconds mixed: numbers */
  CHECK_INT(type_of("ts", CELLS("1736083325", "1736083325123456")), LS_TYPE_INT64);
  /* money is no time */
  CHECK_INT(type_of("ts", CELLS("$1736083325")), LS_TYPE_INT64);
}

/* ---- forced types and the report ---- */

TEST(infer_should_null_and_report_the_cells_a_forced_type_cannot_read) {
  ls_infer_opts o = {1, LS_TYPE_INT64, LS_DATE_AUTO, LS_DECIMAL_AUTO};
  ls_infer_report r;
  ls_column *c = column_ex("n", CELLS("1", "x", "2.5", "", "3", "N/A"), &o, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_INT64);
  CHECK_INT(ls_column_len(c), 6);
  CHECK_INT(ls_column_i64(c)[0], 1);
  CHECK_INT(ls_column_valid(c, 1), 0);
  CHECK_INT(ls_column_valid(c, 2), 0);
  CHECK_INT(ls_column_i64(c)[4], 3);
  CHECK_INT(r.bad, 2);
  CHECK_INT(r.bad_at[0], 1);
  CHECK_INT(r.bad_at[1], 2);
  CHECK_INT(r.nulls, 2);
  ls_column_free(c);
  c = column_ex("n", CELLS("12%", "5"), &o, &r); /* a percentage is no int, and decides nothing */
  CHECK_INT(ls_column_valid(c, 0), 0);
  CHECK_INT(ls_column_i64(c)[1], 5);
  CHECK_INT(r.bad, 1);
  ls_column_free(c);
  o.type = LS_TYPE_DOUBLE;
  c = column_ex("n", CELLS("1", "x", "2.5"), &o, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_DOUBLE);
  CHECK(ls_column_f64(c)[0] == 1.0 && ls_column_f64(c)[2] == 2.5);
  CHECK_INT(r.bad, 1);
  ls_column_free(c);
  o.type = LS_TYPE_BOOL;
  c = column_ex("b", CELLS("true", "maybe", "no"), &o, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_BOOL);
  CHECK_INT(r.bad, 1);
  CHECK_INT(r.bad_at[0], 1);
  ls_column_free(c);
  o.type = LS_TYPE_STRING;
  c = column_ex("s", CELLS("1", "2"), &o, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_STRING);
  CHECK_INT(r.bad, 0);
  ls_column_free(c);
}

TEST(infer_should_force_times_from_dates_or_epochs_whatever_the_name) {
  ls_infer_opts o = {1, LS_TYPE_TIME, LS_DATE_AUTO, LS_DECIMAL_AUTO};
  ls_infer_report r;
  ls_column *c = column_ex("x", CELLS("1736083325", "1736083326"), &o, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  CHECK_INT(ls_column_i64(c)[0], INT64_C(1736083325000));
  ls_column_free(c);
  c = column_ex("x", CELLS("13/1/2025", "junk", "14/1/2025", "1/13/2025"), &o, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_TIME);
  CHECK_INT(r.date_order, LS_DATE_DMY); /* the order that fails fewer cells */
  CHECK_INT(ls_column_i64(c)[0], D20250105 + 8 * DAY);
  CHECK_INT(r.bad, 2);
  CHECK_INT(r.bad_at[0], 1);
  CHECK_INT(r.bad_at[1], 3);
  ls_column_free(c);
}

TEST(infer_should_report_the_near_type_of_a_string_column_with_the_first_failures) {
  const char *v[203];
  char buf[200][12];
  for (int i = 0; i < 200; i++) {
    snprintf(buf[i], sizeof buf[i], "%d", i);
    v[i] = buf[i];
  }
  v[3] = "n/a?";
  v[150] = "abc";
  v[200] = "";
  v[201] = "NULL";
  v[202] = NULL;
  ls_infer_report r;
  ls_column *c = column_ex("amount", v, NULL, &r);
  CHECK_INT(ls_column_type(c), LS_TYPE_STRING);
  CHECK_INT(r.near_type, LS_TYPE_INT64);
  CHECK_INT(r.bad, 2);
  CHECK_INT(r.bad_at[0], 3);
  CHECK_INT(r.bad_at[1], 150);
  CHECK_INT(r.nulls, 2);
  ls_column_free(c);
  /* three failures in 200 values are over 1% */
  v[4] = "x";
  c = column_ex("amount", v, NULL, &r);
  CHECK_INT(r.near_type, LS_TYPE_COUNT);
  CHECK_INT(r.bad, 0);
  ls_column_free(c);
  /* dates */
  static char days[200][16];
  for (int i = 0; i < 200; i++) {
    snprintf(days[i], sizeof days[i], "2025-01-%02d", i % 28 + 1);
    v[i] = days[i];
  }
  v[7] = "soon";
  c = column_ex("when", v, NULL, &r);
  CHECK_INT(r.near_type, LS_TYPE_TIME);
  CHECK_INT(r.near_flags, LS_COL_DATE);
  CHECK_INT(r.bad, 1);
  CHECK_INT(r.bad_at[0], 7);
  ls_column_free(c);
  /* a column of one type has no near type */
  c = column_ex("x", CELLS("1", "2"), NULL, &r);
  CHECK_INT(r.near_type, LS_TYPE_COUNT);
  ls_column_free(c);
}

TEST(infer_type_should_agree_with_the_built_column) {
  static const char *const cols[][5] = {
      {"1", "2", NULL},           {"1.5", "x", NULL},          {"$1", "2", NULL},
      {"13/1/2025", "1/1/2025", NULL}, {"yes", "no", NULL},    {"1,5", "2", NULL},
      {"1736083325123", NULL},    {"20250105", NULL},          {"", "", NULL}};
  for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
    ls_cells c;
    ls_column *col;
    fill(&c, cols[i]);
    CHECK_INT(ls_infer_column("created_at", &c, &col), LS_OK);
    CHECK_INT(ls_infer_type("created_at", &c), ls_column_type(col));
    ls_column_free(col);
    ls_cells_free(&c);
  }
}

TEST(infer_column_ex_should_reject_bad_arguments) {
  ls_cells c;
  ls_column *col = (ls_column *)&c;
  fill(&c, CELLS("1"));
  ls_infer_opts o = {1, LS_TYPE_COUNT, LS_DATE_AUTO, LS_DECIMAL_AUTO};
  CHECK_INT(ls_infer_column_ex("x", &c, &o, &col, NULL), LS_EINVAL);
  CHECK(col == NULL);
  o = (ls_infer_opts){0, LS_TYPE_STRING, (ls_date_order)9, LS_DECIMAL_AUTO};
  CHECK_INT(ls_infer_column_ex("x", &c, &o, &col, NULL), LS_EINVAL);
  o = (ls_infer_opts){0, LS_TYPE_STRING, LS_DATE_AUTO, (ls_decimal)9};
  CHECK_INT(ls_infer_column_ex("x", &c, &o, &col, NULL), LS_EINVAL);
  CHECK_INT(ls_infer_column_ex("x", NULL, NULL, &col, NULL), LS_EINVAL);
  CHECK_INT(ls_infer_column_ex("x", &c, NULL, NULL, NULL), LS_EINVAL);
  CHECK_INT(ls_infer_column_ex(NULL, &c, NULL, &col, NULL), LS_OK); /* a nameless column */
  CHECK_STR(ls_column_name(col), "");
  ls_column_free(col);
  ls_cells_free(&c);
}

TEST(infer_cell_should_type_one_cell_alone) {
  CHECK_INT(ls_infer_cell("", 0), LS_TYPE_COUNT);
  CHECK_INT(ls_infer_cell(" NULL ", 6), LS_TYPE_COUNT);
  CHECK_INT(ls_infer_cell("true", 4), LS_TYPE_BOOL);
  CHECK_INT(ls_infer_cell("1,234", 5), LS_TYPE_INT64);
  CHECK_INT(ls_infer_cell("12,5", 4), LS_TYPE_DOUBLE);
  CHECK_INT(ls_infer_cell("12%", 3), LS_TYPE_DOUBLE);
  CHECK_INT(ls_infer_cell("13/1/2025", 9), LS_TYPE_TIME);
  CHECK_INT(ls_infer_cell("amount", 6), LS_TYPE_STRING);
  CHECK_INT(ls_infer_cell("007", 3), LS_TYPE_STRING);
  CHECK_INT(ls_infer_cell(NULL, 3), LS_TYPE_COUNT);
}

TEST(cells_should_count_repaired_sequences_and_keep_the_count_when_cleared) {
  ls_cells c;
  ls_cells_init(&c);
  CHECK_INT(ls_cells_push(&c, "a\xFF\xFE" "b", 4), LS_OK);
  CHECK_INT(ls_cells_push(&c, "ok", 2), LS_OK);
  CHECK_INT(ls_cells_push(&c, "\xE2\x82", 2), LS_OK);
  CHECK_INT(c.repaired, 3);
  ls_cells_clear(&c);
  CHECK_INT(c.repaired, 3);
  ls_cells_free(&c);
  CHECK_INT(c.repaired, 0);
}

TEST(cells_fed_byte_by_byte_should_type_as_cells_fed_whole) {
  static const char *const v[] = {"$1,234.50", "", "2025-01-05T13:22:05Z", "12,5",
                                  "\xE2\x82\xAC" "7", "caf\xC3", "\xA9", NULL};
  for (size_t i = 0; v[i]; i++) {
    ls_cells whole, bytes;
    fill(&whole, (const char *const[]){v[i], "1", NULL});
    ls_cells_init(&bytes);
    for (size_t k = 0; v[i][k]; k++) CHECK_INT(ls_cells_append(&bytes, v[i] + k, 1), LS_OK);
    CHECK_INT(ls_cells_end(&bytes), LS_OK);
    CHECK_INT(ls_cells_push(&bytes, "1", 1), LS_OK);
    CHECK_INT(bytes.nbytes, whole.nbytes);
    CHECK(memcmp(bytes.bytes, whole.bytes, whole.nbytes) == 0);
    CHECK_INT(bytes.repaired, whole.repaired);
    CHECK_INT(ls_infer_type("x", &bytes), ls_infer_type("x", &whole));
    ls_cells_free(&whole);
    ls_cells_free(&bytes);
  }
}

TEST(infer_column_ex_should_return_enomem_without_leaks_on_every_path) {
  static const char *const kinds[][5] = {
      {"x", "1", "2.5", NULL},             /* int turned float */
      {"created", "1736083325", "", NULL}, /* epoch seconds (name in the first cell) */
      {"event_date", "20250105", "", NULL},
      {"x", "1/5/2025", "13/5/2025", NULL}, /* day first after a restart */
      {"x", "$1,234.50", "(3)", NULL},
      {"x", "1,5", "2", NULL},              /* decimal comma after a restart */
      {"x", "$1", "\xE2\x82\xAC" "2", NULL}};
  static const ls_infer_opts forced[] = {{0, LS_TYPE_STRING, 0, 0},
                                         {1, LS_TYPE_INT64, 0, 0},
                                         {1, LS_TYPE_DOUBLE, 0, 0},
                                         {1, LS_TYPE_TIME, 0, 0},
                                         {1, LS_TYPE_BOOL, 0, 0},
                                         {1, LS_TYPE_STRING, 0, 0}};
  for (size_t kind = 0; kind < sizeof kinds / sizeof *kinds; kind++)
    for (size_t f = 0; f < sizeof forced / sizeof *forced; f++) {
      ls_cells c;
      fill(&c, kinds[kind] + 1);
      for (unsigned long n = 1; n < 200; n++) {
        ls_column *col = (ls_column *)&c; /* must be reset */
        ls_infer_report r;
        ls_alloc_fail_after(n);
        ls_status st = ls_infer_column_ex(kinds[kind][0], &c, &forced[f], &col, &r);
        ls_alloc_fail_after(0);
        if (st == LS_OK) {
          CHECK_INT(ls_column_len(col), 2);
          ls_column_free(col);
          break;
        }
        CHECK_INT(st, LS_ENOMEM);
        CHECK(col == NULL);
      }
      ls_cells_free(&c);
    }
}

int main(void) {
  RUN(cells_should_give_back_cells_in_order_with_their_lengths);
  RUN(cells_should_keep_valid_utf8_as_it_is);
  RUN(cells_should_replace_each_maximal_invalid_subpart_with_one_replacement_character);
  RUN(infer_should_read_true_and_false_in_any_case_as_bool);
  RUN(infer_should_read_signed_digits_as_int);
  RUN(infer_should_read_the_int64_limits_and_no_further);
  RUN(infer_should_keep_zero_padded_numbers_as_strings);
  RUN(infer_should_read_decimal_forms_as_float);
  RUN(infer_should_read_floats_exactly_as_strtod_does);
  RUN(infer_should_widen_ints_mixed_with_floats_to_float);
  RUN(infer_should_not_read_nan_inf_or_overflowing_values_as_float);
  RUN(infer_should_reject_malformed_numbers);
  RUN(infer_should_read_timestamps_that_time_parse_accepts);
  RUN(infer_should_read_epoch_seconds_in_a_time_named_column);
  RUN(infer_should_keep_milliseconds_of_fractional_epoch_seconds);
  RUN(infer_should_read_epoch_milliseconds_in_a_time_named_column);
  RUN(infer_should_leave_epoch_like_numbers_alone_without_a_time_name);
  RUN(infer_should_leave_numbers_outside_one_epoch_range_as_numbers);
  RUN(infer_should_recognize_names_that_suggest_a_time);
  RUN(infer_should_trim_spaces_for_every_type_but_string);
  RUN(infer_should_ignore_null_cells);
  RUN(infer_should_read_a_column_without_values_as_strings);
  RUN(infer_should_fall_back_to_string_for_mixed_kinds);
  RUN(infer_column_should_return_enomem_without_leaks);
  RUN(infer_should_read_null_tokens_as_null_in_every_type);
  RUN(infer_should_read_yes_no_t_f_and_chinese_bools_but_keep_ones_and_zeros_ints);
  RUN(infer_should_keep_ints_with_thousands_groups_exact);
  RUN(infer_should_remember_the_one_currency_of_a_column);
  RUN(infer_should_leave_a_column_of_two_currencies_as_strings_and_say_so);
  RUN(infer_should_read_percentages_as_fractions_and_flag_the_column);
  RUN(infer_should_choose_a_decimal_comma_only_when_the_values_need_it);
  RUN(infer_should_follow_the_decimal_option);
  RUN(infer_should_read_the_date_and_time_forms_of_dateparse);
  RUN(infer_should_flag_date_columns_and_naive_times);
  RUN(infer_should_settle_day_and_month_order_by_the_data);
  RUN(infer_should_follow_the_date_order_option);
  RUN(infer_should_not_read_plain_numbers_as_dates_without_a_time_name);
  RUN(infer_should_read_epoch_micro_and_nanoseconds_by_magnitude);
  RUN(infer_should_null_and_report_the_cells_a_forced_type_cannot_read);
  RUN(infer_should_force_times_from_dates_or_epochs_whatever_the_name);
  RUN(infer_should_report_the_near_type_of_a_string_column_with_the_first_failures);
  RUN(infer_type_should_agree_with_the_built_column);
  RUN(infer_column_ex_should_reject_bad_arguments);
  RUN(infer_cell_should_type_one_cell_alone);
  RUN(cells_should_count_repaired_sequences_and_keep_the_count_when_cleared);
  RUN(cells_fed_byte_by_byte_should_type_as_cells_fed_whole);
  RUN(infer_column_ex_should_return_enomem_without_leaks_on_every_path);
  return check_done();
}

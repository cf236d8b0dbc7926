/* test_infer.c: cell stores, UTF-8 repair and column type inference of
 * bools, numbers, nulls and strings, forced types and the report. */
#include <stdint.h>

#include "base/alloc.h"
#include "check.h"
#include "infer_cells.h"
#include "ingest/infer.h"

/* ---- helpers ---- */

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

TEST(infer_should_keep_an_id_with_a_fraction_as_text) {
  /* GA4's user_pseudo_id: 20 digits, two ids one double apart */
  const char *const *ga = CELLS("1000000001.1772400000", "1000000001.1772400001");
  CHECK_INT(type_of("user_pseudo_id", ga), LS_TYPE_STRING);
  CHECK_INT(type_of("User ID", ga), LS_TYPE_STRING);
  CHECK_INT(type_of("visitorId", ga), LS_TYPE_STRING);
  CHECK_INT(type_of("id", ga), LS_TYPE_STRING);
  ls_column *c = column_of("user_pseudo_id", ga);
  size_t len;
  const char *s = ls_column_str(c, 1, &len);
  CHECK(len == 21 && memcmp(s, "1000000001.1772400001", 21) == 0);
  ls_column_free(c);
  /* integer ids stay integers; "id" ending a word is no id */
  CHECK_INT(type_of("user_id", CELLS("17", "42")), LS_TYPE_INT64);
  CHECK_INT(type_of("amount paid", CELLS("1.5", "2")), LS_TYPE_DOUBLE);
  CHECK_INT(type_of("valid", CELLS("0.5")), LS_TYPE_DOUBLE);
  CHECK_INT(type_of("PAID", CELLS("0.5")), LS_TYPE_DOUBLE);
}

TEST(infer_stream_should_type_an_id_again_when_a_fraction_comes_late) {
  ls_cells first;
  fill(&first, CELLS("17", "42"));
  ls_infer_stream *s = NULL;
  CHECK_INT(ls_infer_stream_new("user_pseudo_id", &first, NULL, &s), LS_OK);
  CHECK(s != NULL);
  if (s) {
    CHECK_INT(ls_infer_stream_push(s, "43", 2), LS_INFER_TAKEN);
    CHECK_INT(ls_infer_stream_push(s, "1000000001.5", 12), LS_INFER_MISS);
    ls_infer_stream_free(s);
  }
  ls_cells_free(&first);
  /* a number column of another name goes on */
  fill(&first, CELLS("17", "42"));
  CHECK_INT(ls_infer_stream_new("amount", &first, NULL, &s), LS_OK);
  if (s) {
    CHECK_INT(ls_infer_stream_push(s, "1000000001.5", 12), LS_INFER_TAKEN);
    ls_infer_stream_free(s);
  }
  ls_cells_free(&first);
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
  RUN(infer_should_null_and_report_the_cells_a_forced_type_cannot_read);
  RUN(infer_should_report_the_near_type_of_a_string_column_with_the_first_failures);
  RUN(infer_type_should_agree_with_the_built_column);
  RUN(infer_should_keep_an_id_with_a_fraction_as_text);
  RUN(infer_stream_should_type_an_id_again_when_a_fraction_comes_late);
  RUN(infer_column_ex_should_reject_bad_arguments);
  RUN(infer_cell_should_type_one_cell_alone);
  RUN(cells_should_count_repaired_sequences_and_keep_the_count_when_cleared);
  RUN(cells_fed_byte_by_byte_should_type_as_cells_fed_whole);
  RUN(infer_column_ex_should_return_enomem_without_leaks_on_every_path);
  return check_done();
}

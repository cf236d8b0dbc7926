/* test_numparse.c: numbers with groups, currencies, percentages and signs. */
#include <stdint.h>

#include "check.h"
#include "ingest/numparse.h"

/* ---- helpers ---- */

/* Parse a copy of s in a block of exactly its length, so that ASan catches
 * any read past the end. */
static ls_num_kind parse(const char *s, int comma, ls_num *v) {
  size_t n = strlen(s);
  char *copy = malloc(n ? n : 1);
  memcpy(copy, s, n);
  memset(v, 0, sizeof *v);
  ls_num_kind k = ls_num_parse(copy, n, comma, v);
  free(copy);
  return k;
}

/* s reads (with a point, or a comma when comma) as the int want, currency cur */
static void check_int(const char *s, int comma, int64_t want, const char *cur, int line) {
  ls_num v;
  ls_num_kind k = parse(s, comma, &v);
  if (k != LS_NUM_INT || v.i != want || v.d != (double)want || strcmp(ls_num_currency(v.currency), cur))
    CHECK_FAIL_("line %d: \"%s\" read as kind %d, %lld, %s", line, s, (int)k, (long long)v.i,
                ls_num_currency(v.currency));
}

static void check_float(const char *s, int comma, double want, const char *cur, int line) {
  ls_num v;
  ls_num_kind k = parse(s, comma, &v);
  if (k != LS_NUM_FLOAT || v.d != want || strcmp(ls_num_currency(v.currency), cur))
    CHECK_FAIL_("line %d: \"%s\" read as kind %d, %.17g, %s", line, s, (int)k, v.d,
                ls_num_currency(v.currency));
}

static void check_none(const char *s, int comma, int line) {
  ls_num v;
  if (parse(s, comma, &v) != LS_NUM_NONE) CHECK_FAIL_("line %d: \"%s\" read as a number", line, s);
}

#define INT_IS(s, want, cur) check_int(s, 0, want, cur, __LINE__)
#define FLOAT_IS(s, want, cur) check_float(s, 0, want, cur, __LINE__)
#define NONE(s) check_none(s, 0, __LINE__)
#define INT_IS_C(s, want, cur) check_int(s, 1, want, cur, __LINE__)
#define FLOAT_IS_C(s, want, cur) check_float(s, 1, want, cur, __LINE__)
#define NONE_C(s) check_none(s, 1, __LINE__)

/* ---- tests ---- */

TEST(parse_should_read_plain_ints_exactly) {
  INT_IS("0", 0, "");
  INT_IS("-0", 0, "");
  INT_IS("+7", 7, "");
  INT_IS("-12", -12, "");
  INT_IS("9223372036854775807", INT64_MAX, "");
  INT_IS("-9223372036854775808", INT64_MIN, "");
  NONE("9223372036854775808");
  NONE("-9223372036854775809");
  NONE("123456789012345678901234567890");
}

TEST(parse_should_read_thousands_groups_of_three_only) {
  INT_IS("1,234", 1234, "");
  INT_IS("12,345,678", 12345678, "");
  INT_IS("-1,000", -1000, "");
  INT_IS("9,223,372,036,854,775,807", INT64_MAX, "");
  NONE("9,223,372,036,854,775,808");
  FLOAT_IS("1,234.50", 1234.5, "");
  NONE("1,23");
  NONE("1,2345");
  NONE("1234,567");   /* a group after more than 3 digits */
  NONE("0,123");      /* a group after a leading zero */
  NONE(",123");
  NONE("1,234,5");
  NONE("1,,234");
  NONE("1.234,5");
}

TEST(parse_should_keep_codes_with_leading_zeros_out) {
  NONE("007");
  NONE("00.5");
  NONE("-01");
  NONE("$007");
  FLOAT_IS("0.5", 0.5, "");
  FLOAT_IS(".5", 0.5, "");
  FLOAT_IS("5.", 5.0, "");
}

TEST(parse_should_read_decimals_and_exponents_as_strtod_does) {
  static const char *const v[] = {"0.1", "3.14159265358979323846", "123456789.123456789", "1e22",
                                  "1e23", "9007199254740993.0", "4.9e-324", "1.7976931348623157e308",
                                  "2.2250738585072014e-308", "0.30000000000000004",
                                  "12345678901234567890.5", "-.25e2", "2.5E+10", "1e-400",
                                  "0.000000000000000000000000000001234"};
  for (size_t i = 0; i < sizeof v / sizeof *v; i++) check_float(v[i], 0, strtod(v[i], NULL), "", __LINE__);
  NONE("1e400");
  NONE("nan");
  NONE("inf");
  NONE("0x10");
  NONE("1e");
  NONE("1e+");
  NONE(".");
  NONE("-");
  NONE("1.2.3");
  NONE("--1");
  NONE("1 2");
  NONE("1_000");
  NONE("\xD9\xA1\xD9\xA2"); /* Arabic-Indic digits */
}

TEST(parse_should_read_short_plain_numbers_like_strtod_and_strtoll) {
  /* the fast path: up to 18 digits, any point position, either sign */
  uint64_t x = 88172645463325252u;
  for (int n = 0; n < 50000; n++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    int digits = (int)(x % 20) + 1, point = (int)((x >> 8) % (uint64_t)(digits + 2)) - 1, neg = (x >> 20) & 1;
    char buf[40];
    size_t o = 0;
    if (neg) buf[o++] = '-';
    for (int d = 0; d < digits; d++) {
      if (d == point && d > 0) buf[o++] = '.';
      buf[o++] = (char)('0' + (d == 0 ? (x >> (24 + d)) % 9 + 1 : (x >> (d * 3 % 60)) % 10));
    }
    buf[o] = '\0';
    ls_num v;
    ls_num_kind k = parse(buf, 0, &v);
    int is_int = !strchr(buf, '.');
    if (is_int && digits <= 18) {
      if (k != LS_NUM_INT || v.i != strtoll(buf, NULL, 10)) CHECK_FAIL_("\"%s\" misread", buf);
    } else if (!is_int && (k != LS_NUM_FLOAT || v.d != strtod(buf, NULL))) {
      CHECK_FAIL_("\"%s\" read as %.17g", buf, v.d);
    }
    if (check_current_failed) break;
  }
}

TEST(parse_should_read_groups_and_decimals_exactly_like_their_plain_form) {
  FLOAT_IS("123,456,789.123456789", strtod("123456789.123456789", NULL), "");
  FLOAT_IS("1,234.5e3", 1234500.0, "");
  /* beyond 19 digits the slow path sees the digits without separators */
  FLOAT_IS("1,234,567,890,123,456,789,012.5", strtod("1234567890123456789012.5", NULL), "");
}

TEST(parse_should_read_currency_symbols_and_codes_on_either_side) {
  FLOAT_IS("$1,234.50", 1234.5, "USD");
  INT_IS("US$12", 12, "USD");
  FLOAT_IS("\xC2\xA5" "1,234.50", 1234.5, "CNY");  /* ¥ */
  INT_IS("\xEF\xBF\xA5" "12", 12, "CNY");           /* ￥ */
  INT_IS("12\xE5\x85\x83", 12, "CNY");              /* 元 */
  INT_IS("JP\xC2\xA5" "500", 500, "JPY");
  INT_IS("500\xE5\x86\x86", 500, "JPY");            /* 円 */
  INT_IS("\xE2\x82\xAC" "12", 12, "EUR");           /* € */
  INT_IS("12 \xE2\x82\xAC", 12, "EUR");
  INT_IS("\xC2\xA3" "3", 3, "GBP");                 /* £ */
  INT_IS("HK$5", 5, "HKD");
  INT_IS("NT$7", 7, "TWD");
  INT_IS("A$7", 7, "AUD");
  FLOAT_IS("12.50 USD", 12.5, "USD");
  INT_IS("CNY 12", 12, "CNY");
  INT_IS("RMB 12", 12, "CNY");
  INT_IS("rmb12", 12, "CNY");
  INT_IS("12usd", 12, "USD");
  INT_IS("12EUR", 12, "EUR");                       /* E not an exponent without digits */
  INT_IS("$\xC2\xA0" "12", 12, "USD");              /* a no-break space */
  NONE("USDT 12");
  NONE("XYZ 12");
  NONE("$12 USD");                                  /* one currency at most */
  NONE("$");
  NONE("12 ");
  NONE("$ ");
}

TEST(parse_should_read_the_decimal_comma_mode) {
  FLOAT_IS_C("\xE2\x82\xAC" "12,50", 12.5, "EUR");
  FLOAT_IS_C("12,5", 12.5, "");
  FLOAT_IS_C("1.234,50", 1234.5, "");
  INT_IS_C("1.234", 1234, "");
  INT_IS_C("1.234.567", 1234567, "");
  FLOAT_IS_C(",5", 0.5, "");
  FLOAT_IS_C("12,50 \xE2\x82\xAC", 12.5, "EUR");
  FLOAT_IS_C("0,1", 0.1, "");
  NONE_C("1,234.50");
  NONE_C("1.5");
  NONE("12,5");
  NONE("\xE2\x82\xAC" "12,50");
}

TEST(parse_should_read_percentages_divided_by_a_hundred_exactly) {
  ls_num v;
  CHECK_INT(parse("12%", 0, &v), LS_NUM_FLOAT);
  CHECK(v.d == 0.12);
  CHECK_INT(v.percent, 1);
  CHECK_INT(parse("0.1%", 0, &v), LS_NUM_FLOAT);
  CHECK(v.d == 0.001); /* not 0.1 / 100, which is 0.0010000000000000002 */
  CHECK_INT(parse("-3.5 %", 0, &v), LS_NUM_FLOAT);
  CHECK(v.d == -0.035);
  CHECK_INT(parse("12,5%", 1, &v), LS_NUM_FLOAT);
  CHECK(v.d == 0.125);
  CHECK_INT(parse("(5%)", 0, &v), LS_NUM_FLOAT);
  CHECK(v.d == -0.05);
  CHECK_INT(parse("1,234.5678901234567890%", 0, &v), LS_NUM_FLOAT); /* slow path */
  CHECK(v.d == strtod("12.345678901234567890", NULL));
  NONE("$12%");
  NONE("%12");
  NONE("12%%");
}

TEST(parse_should_read_accounting_and_signed_negatives) {
  FLOAT_IS("(12.50)", -12.5, "");
  FLOAT_IS("($1,234.50)", -1234.5, "USD");
  INT_IS("(12 USD)", -12, "USD");
  FLOAT_IS("-$12.50", -12.5, "USD");
  FLOAT_IS("$-12.50", -12.5, "USD");
  INT_IS("+$3", 3, "USD");
  INT_IS("CNY -12", -12, "CNY");
  INT_IS("-12\xE5\x85\x83", -12, "CNY");
  INT_IS("(0)", 0, "");
  NONE("-$-12");
  NONE("(-12)");
  NONE("-(12)");
  NONE("(12");
  NONE("12)");
  NONE("()");
  NONE("( 12 )");
}

TEST(parse_should_say_when_a_reading_depends_on_the_decimal_mode) {
  ls_num v;
  CHECK_INT(parse("1234", 0, &v), LS_NUM_INT);
  CHECK_INT(v.seps, 0);
  CHECK_INT(parse("$1,234", 0, &v), LS_NUM_INT);
  CHECK_INT(v.seps, 1);
  CHECK_INT(parse("1.5", 0, &v), LS_NUM_FLOAT);
  CHECK_INT(v.seps, 1);
  CHECK_INT(parse("1e5", 0, &v), LS_NUM_FLOAT);
  CHECK_INT(v.seps, 0);
}

TEST(currency_should_name_codes_and_nothing_for_unknown_ids) {
  CHECK_STR(ls_num_currency(0), "");
  CHECK_STR(ls_num_currency(-1), "");
  CHECK_STR(ls_num_currency(255), "");
  ls_num v;
  CHECK_INT(parse("chf 1", 0, &v), LS_NUM_INT);
  CHECK_STR(ls_num_currency(v.currency), "CHF");
}

TEST(parse_should_never_read_past_the_given_length) {
  /* the bytes after len would make a number; they must not be looked at */
  ls_num v;
  CHECK_INT(ls_num_parse("12,345", 3, 0, &v), LS_NUM_NONE);
  CHECK_INT(ls_num_parse("(12)", 3, 0, &v), LS_NUM_NONE);
  CHECK_INT(ls_num_parse("1e5", 2, 0, &v), LS_NUM_NONE);
  CHECK_INT(ls_num_parse("15", 1, 0, &v), LS_NUM_INT);
  CHECK_INT(v.i, 1);
  CHECK_INT(ls_num_parse("", 0, 0, &v), LS_NUM_NONE);
}

int main(void) {
  RUN(parse_should_read_plain_ints_exactly);
  RUN(parse_should_read_thousands_groups_of_three_only);
  RUN(parse_should_keep_codes_with_leading_zeros_out);
  RUN(parse_should_read_decimals_and_exponents_as_strtod_does);
  RUN(parse_should_read_short_plain_numbers_like_strtod_and_strtoll);
  RUN(parse_should_read_groups_and_decimals_exactly_like_their_plain_form);
  RUN(parse_should_read_currency_symbols_and_codes_on_either_side);
  RUN(parse_should_read_the_decimal_comma_mode);
  RUN(parse_should_read_percentages_divided_by_a_hundred_exactly);
  RUN(parse_should_read_accounting_and_signed_negatives);
  RUN(parse_should_say_when_a_reading_depends_on_the_decimal_mode);
  RUN(currency_should_name_codes_and_nothing_for_unknown_ids);
  RUN(parse_should_never_read_past_the_given_length);
  return check_done();
}

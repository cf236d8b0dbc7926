/* test_dateparse.c: dates and times in the forms exports write. */
#include <stdint.h>

#include "check.h"
#include "ingest/dateparse.h"

/* ---- helpers ---- */

/* Hand-computed instants: 2025-01-05 is day 20093 since 1970-01-01
 * (55 years with 14 leap days: 55 * 365 + 14 = 20089, plus 4 days). */
#define DAY INT64_C(86400000)
#define D20250105 (INT64_C(20093) * DAY)
#define HMS(h, m, s) ((int64_t)(h) * 3600000 + (int64_t)(m) * 60000 + (int64_t)(s) * 1000)

/* Parse a copy of s in a block of exactly its length (ASan sees over-reads). */
static int parse(const char *s, ls_date_order order, int64_t *ms, unsigned *flags) {
  size_t n = strlen(s);
  char *copy = malloc(n ? n : 1);
  memcpy(copy, s, n);
  *ms = INT64_MIN;
  int ok = ls_date_parse(copy, n, order, ms, flags);
  free(copy);
  return ok;
}

static void check_at(const char *s, ls_date_order order, int64_t want, unsigned want_flags, int line) {
  int64_t ms;
  unsigned fl;
  if (!parse(s, order, &ms, &fl) || ms != want || fl != want_flags)
    CHECK_FAIL_("line %d: \"%s\" read as %lld flags %u, expected %lld flags %u", line, s,
                (long long)ms, fl, (long long)want, want_flags);
}

static void check_none(const char *s, ls_date_order order, int line) {
  int64_t ms;
  unsigned fl;
  if (parse(s, order, &ms, &fl)) CHECK_FAIL_("line %d: \"%s\" read as a date", line, s);
}

#define AT(s, want, fl) check_at(s, LS_DATE_AUTO, want, fl, __LINE__)
#define NONE(s) check_none(s, LS_DATE_AUTO, __LINE__)
#define T LS_DATE_TIME
#define Z LS_DATE_ZONE

/* ---- tests ---- */

TEST(parse_should_read_iso_8601_with_t_or_space_fractions_and_zones) {
  AT("2025-01-05T13:22:05Z", D20250105 + HMS(13, 22, 5), T | Z);
  AT("2025-01-05 13:22:05", D20250105 + HMS(13, 22, 5), T);
  AT("2025-01-05T13:22", D20250105 + HMS(13, 22, 0), T);
  AT("2025-01-05 13:22:05.123456789", D20250105 + HMS(13, 22, 5) + 123, T);
  AT("2025-01-05T13:22:05,5Z", D20250105 + HMS(13, 22, 5) + 500, T | Z);
  AT("2025-01-05T13:22:05+08:00", D20250105 + HMS(5, 22, 5), T | Z);
  AT("2025-01-05T13:22:05+0800", D20250105 + HMS(5, 22, 5), T | Z);
  AT("2025-01-05T13:22:05+08", D20250105 + HMS(5, 22, 5), T | Z);
  AT("2025-01-05T13:22:05-05:30", D20250105 + HMS(18, 52, 5), T | Z);
  AT("2025-01-05 13:22:05 +0800", D20250105 + HMS(5, 22, 5), T | Z);
  AT("2025-01-05 13:22:05 UTC", D20250105 + HMS(13, 22, 5), T | Z);
  AT("2025-01-05 13:22:05 GMT", D20250105 + HMS(13, 22, 5), T | Z);
  AT("2025-01-05T13:22:60Z", D20250105 + HMS(13, 22, 59), T | Z); /* a leap second */
  AT("2025-01-05", D20250105, 0);
  AT("20250105T132205Z", D20250105 + HMS(13, 22, 5), T | Z);
  AT("20250105T1322+0100", D20250105 + HMS(12, 22, 0), T | Z);
}

TEST(parse_should_read_year_first_dates_with_slashes_dots_and_short_fields) {
  AT("2025/1/5 1:22", D20250105 + HMS(1, 22, 0), T);
  AT("2025/01/05 13:22:05", D20250105 + HMS(13, 22, 5), T);
  AT("2025-1-5", D20250105, 0);
  AT("2025.01.05", D20250105, 0);
  NONE("2025-01/05");
  NONE("2025-001-05");
  NONE("2025/1/5T13:22"); /* 'T' only after Y-M-D */
}

TEST(parse_should_read_european_dotted_dates_day_first) {
  AT("05.01.2025", D20250105, 0);
  AT("5.1.2025 13:22", D20250105 + HMS(13, 22, 0), T);
  NONE("13.13.2025");
}

TEST(parse_should_read_chinese_dates_with_or_without_a_time) {
  AT("2025\xE5\xB9\xB4" "1\xE6\x9C\x88" "5\xE6\x97\xA5", D20250105, 0);
  AT("2025\xE5\xB9\xB4" "01\xE6\x9C\x88" "05\xE6\x97\xA5 13:22", D20250105 + HMS(13, 22, 0), T);
  AT("2025\xE5\xB9\xB4" "1\xE6\x9C\x88" "5\xE6\x97\xA5" "13:22:05", D20250105 + HMS(13, 22, 5), T);
  NONE("2025\xE5\xB9\xB4" "1\xE6\x9C\x88" "5");
}

TEST(parse_should_read_english_month_names) {
  AT("Jan 5, 2025", D20250105, 0);
  AT("January 5 2025", D20250105, 0);
  AT("jan. 5, 2025, 1:22 PM", D20250105 + HMS(13, 22, 0), T);
  AT("5 Jan 2025", D20250105, 0);
  AT("05-JAN-2025 13:22:05", D20250105 + HMS(13, 22, 5), T);
  AT("Sept 5, 2025", INT64_C(20336) * DAY, 0); /* 2025-09-05: 243 days after 2025-01-05 */
  NONE("Janu 5, 2025");
  NONE("Foo 5, 2025");
  NONE("Jan 5,2025x");
}

TEST(parse_should_read_am_and_pm_with_hours_1_to_12) {
  AT("1/5/2025 12:00 AM", D20250105, T | LS_DATE_MD | LS_DATE_DM);
  AT("1/5/2025 12:30 PM", D20250105 + HMS(12, 30, 0), T | LS_DATE_MD | LS_DATE_DM);
  AT("1/5/2025 1:22:05 pm", D20250105 + HMS(13, 22, 5), T | LS_DATE_MD | LS_DATE_DM);
  AT("1/5/2025 11:59PM", D20250105 + HMS(23, 59, 0), T | LS_DATE_MD | LS_DATE_DM);
  NONE("1/5/2025 13:00 PM");
  NONE("1/5/2025 0:30 AM");
}

TEST(parse_should_order_day_and_month_as_asked_and_say_which_orders_fit) {
  int64_t ms;
  unsigned fl;
  const int64_t may1 = D20250105 + 116 * DAY; /* 2025-05-01 */
  check_at("1/5/2025", LS_DATE_MDY, D20250105, LS_DATE_MD | LS_DATE_DM, __LINE__);
  check_at("1/5/2025", LS_DATE_DMY, may1, LS_DATE_MD | LS_DATE_DM, __LINE__);
  check_at("01-05-2025", LS_DATE_DMY, may1, LS_DATE_MD | LS_DATE_DM, __LINE__);
  check_none("1/5/2025", LS_DATE_YMD, __LINE__);
  /* a first number over 12: only day first; the flags say so even on failure */
  CHECK(!parse("13/1/2025", LS_DATE_MDY, &ms, &fl));
  CHECK_INT(fl, LS_DATE_DM);
  check_at("13/1/2025", LS_DATE_DMY, D20250105 + 8 * DAY, LS_DATE_DM, __LINE__);
  check_at("13/1/2025", LS_DATE_AUTO, D20250105 + 8 * DAY, LS_DATE_DM, __LINE__);
  /* a second over 12: only month first */
  CHECK(!parse("1/13/2025 1:00", LS_DATE_DMY, &ms, &fl));
  CHECK_INT(fl, LS_DATE_MD | T);
  /* neither */
  CHECK(!parse("13/13/2025", LS_DATE_AUTO, &ms, &fl));
  CHECK_INT(fl, 0);
  /* 2/30 fits neither; 30/2 neither */
  CHECK(!parse("2/30/2025", LS_DATE_AUTO, &ms, &fl));
  CHECK_INT(fl, 0);
  /* year-first dates ignore the order */
  check_at("2025-01-05", LS_DATE_DMY, D20250105, 0, __LINE__);
  check_at("2025-01-05", LS_DATE_YMD, D20250105, 0, __LINE__);
}

TEST(parse_should_reject_impossible_dates_and_times) {
  NONE("2025-02-29");
  AT("2024-02-29", D20250105 - 311 * DAY, 0); /* a leap day: 2024-02-29 is 311 days before */
  NONE("1900-02-29");
  AT("2000-02-29", INT64_C(11016) * DAY, 0);
  NONE("2025-13-01");
  NONE("2025-00-10");
  NONE("2025-01-32");
  NONE("2025-01-00");
  NONE("2025-01-05 24:00");
  NONE("2025-01-05 23:60");
  NONE("2025-01-05 23:59:61");
  NONE("2025-01-05T13:22:05+24:00");
  NONE("2025-01-05T13:22:05+08:60");
}

TEST(parse_should_keep_years_between_1900_and_2200) {
  AT("1900-01-01", INT64_C(-25567) * DAY, 0);
  AT("2200-12-31", INT64_C(84370) * DAY, 0); /* 231 years, 56 leap days, less one */
  NONE("1899-12-31");
  NONE("2201-01-01");
  NONE("0001-01-01");
  NONE("1/5/25"); /* two-digit years are not read */
}

TEST(parse_should_reject_malformed_text) {
  static const char *const bad[] = {"", "2025", "20250105", "2025-01", "2025-01-05T", "2025-01-05 ",
                                    "2025-01-05x", "2025-01-05T13", "2025-01-05T13:2",
                                    "2025-01-05T13:22:", "2025-01-05T13:22:05.",
                                    "2025-01-05T13:22:05+", "2025-01-05T13:22:05+8",
                                    "2025-01-05T13:22:05+08:", "2025-01-05T13:22:05+08:0",
                                    "2025-01-05T13:22:05ZZ", "2025-01-05  T13:22", "1/5", "1/5/",
                                    "123/5/2025", "1//2025", "20250105T13", "20250105T132",
                                    "Jan", "Jan 5", "5 Jan", "5-Jan 2025", "abc", "12:00",
                                    "2025-01-05 13:22 AM", "2025-01-05 13:22 XM"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) check_none(bad[i], LS_DATE_AUTO, __LINE__);
}

/* the common full form takes a shortcut: it must agree with the general rules */
TEST(parse_should_read_the_common_full_form_like_every_other) {
  AT("2025-01-05T13:22:05Z", D20250105 + HMS(13, 22, 5), T | Z);
  AT("2025-01-05 13:22:05", D20250105 + HMS(13, 22, 5), T);
  AT("2024-02-29T23:59:60Z", INT64_C(19782) * DAY + HMS(23, 59, 59), T | Z); /* a leap second */
  AT("2025-01-05T13:22:05+08:00", D20250105 + HMS(5, 22, 5), T | Z);        /* 25 bytes: general */
  NONE("2025-02-29T00:00:00Z");
  NONE("1899-12-31T00:00:00Z");
  NONE("2025-01-05T24:00:00Z");
  NONE("2025-01-05x13:22:05Z");
  NONE("2025-01-0513:22:05Z ");
}

int main(void) {
  RUN(parse_should_read_iso_8601_with_t_or_space_fractions_and_zones);
  RUN(parse_should_read_the_common_full_form_like_every_other);
  RUN(parse_should_read_year_first_dates_with_slashes_dots_and_short_fields);
  RUN(parse_should_read_european_dotted_dates_day_first);
  RUN(parse_should_read_chinese_dates_with_or_without_a_time);
  RUN(parse_should_read_english_month_names);
  RUN(parse_should_read_am_and_pm_with_hours_1_to_12);
  RUN(parse_should_order_day_and_month_as_asked_and_say_which_orders_fit);
  RUN(parse_should_reject_impossible_dates_and_times);
  RUN(parse_should_keep_years_between_1900_and_2200);
  RUN(parse_should_reject_malformed_text);
  return check_done();
}

/* test_timeutil.c: civil dates, timestamp parsing, formatting and periods. */
#include <stdint.h>

#include "base/timeutil.h"
#include "check.h"

/* ---- helpers ---- */

/* The instant of s, or INT64_MIN when it does not parse. */
static int64_t parse(const char *s) {
  int64_t t = 0;
  return ls_time_parse(s, strlen(s), &t) ? t : INT64_MIN;
}

static int64_t utc(int64_t y, int mo, int d, int h, int mi, int s, int ms) {
  return ls_time_from_civil(y, mo, d, h, mi, s, ms);
}

#define HOUR INT64_C(3600000)

/* ---- civil dates ---- */

TEST(days_from_civil_should_count_from_1970) {
  CHECK_INT(ls_days_from_civil(1970, 1, 1), 0);
  CHECK_INT(ls_days_from_civil(1970, 1, 2), 1);
  CHECK_INT(ls_days_from_civil(1969, 12, 31), -1);
  CHECK_INT(ls_days_from_civil(2000, 3, 1), 11017);
  CHECK_INT(ls_days_from_civil(2024, 2, 29), 19782);
  CHECK_INT(ls_days_from_civil(1600, 1, 1), -135140);
}

TEST(civil_from_days_should_invert_days_from_civil_over_a_wide_range) {
  int64_t prev_y = 0;
  int prev_m = 0, prev_d = 0;
  for (int64_t z = -800000; z <= 3000000; z++) { /* about 220 BC to AD 10183 */
    int64_t y;
    int m, d;
    ls_civil_from_days(z, &y, &m, &d);
    if (ls_days_from_civil(y, m, d) != z || m < 1 || m > 12 || d < 1 || d > 31) {
      CHECK_FAIL_("day %lld gives %lld-%d-%d", (long long)z, (long long)y, m, d);
      return;
    }
    /* consecutive days are consecutive dates */
    if (z > -800000 && !(y == prev_y && m == prev_m && d == prev_d + 1) &&
        !(d == 1 && ((y == prev_y && m == prev_m + 1) || (y == prev_y + 1 && m == 1 && prev_m == 12)))) {
      CHECK_FAIL_("day %lld (%lld-%d-%d) does not follow the one before", (long long)z, (long long)y, m, d);
      return;
    }
    prev_y = y;
    prev_m = m;
    prev_d = d;
  }
}

/* ---- parsing ---- */

TEST(time_parse_should_accept_t_or_space_and_optional_seconds) {
  int64_t want = utc(2024, 3, 5, 6, 7, 8, 0);
  CHECK_INT(parse("2024-03-05T06:07:08"), want);
  CHECK_INT(parse("2024-03-05 06:07:08"), want);
  CHECK_INT(parse("2024-03-05T06:07"), want - 8000);
  CHECK_INT(parse("2024-03-05 06:07"), want - 8000);
}

TEST(time_parse_should_read_fractions_of_a_second) {
  int64_t base = utc(2024, 3, 5, 6, 7, 8, 0);
  CHECK_INT(parse("2024-03-05T06:07:08.5"), base + 500);
  CHECK_INT(parse("2024-03-05T06:07:08.25Z"), base + 250);
  CHECK_INT(parse("2024-03-05T06:07:08.123456789Z"), base + 123);
  CHECK_INT(parse("2024-03-05T06:07:08,750"), base + 750);
}

TEST(time_parse_should_read_z_and_offsets) {
  int64_t base = utc(2024, 3, 5, 6, 7, 8, 0);
  CHECK_INT(parse("2024-03-05T06:07:08Z"), base);
  CHECK_INT(parse("2024-03-05T06:07:08z"), base);
  CHECK_INT(parse("2024-03-05T06:07:08+08:00"), base - 8 * HOUR);
  CHECK_INT(parse("2024-03-05T06:07:08+0800"), base - 8 * HOUR);
  CHECK_INT(parse("2024-03-05T06:07:08+08"), base - 8 * HOUR);
  CHECK_INT(parse("2024-03-05T06:07:08-05"), base + 5 * HOUR);
  CHECK_INT(parse("2024-03-05T06:07:08-05:30"), base + 5 * HOUR + 30 * 60000);
  CHECK_INT(parse("2024-03-05T06:07+05:45"), base - 8000 - 5 * HOUR - 45 * 60000);
  CHECK_INT(parse("2024-03-05T06:07:08.5-05:00"), base + 500 + 5 * HOUR);
}

TEST(time_parse_should_read_a_date_alone_as_utc_midnight) {
  CHECK_INT(parse("2024-03-05"), utc(2024, 3, 5, 0, 0, 0, 0));
  CHECK_INT(parse("1970-01-01"), 0);
  CHECK_INT(parse("1969-12-31"), -24 * HOUR);
  CHECK_INT(parse("2024-02-29"), utc(2024, 2, 29, 0, 0, 0, 0));
  CHECK_INT(parse("2000-02-29"), utc(2000, 2, 29, 0, 0, 0, 0));
}

TEST(time_parse_should_read_a_leap_second_as_the_second_before) {
  CHECK_INT(parse("2016-12-31T23:59:60Z"), utc(2016, 12, 31, 23, 59, 59, 0));
}

TEST(time_parse_should_reject_impossible_dates_and_times) {
  static const char *const bad[] = {"2024-02-30", "2023-02-29", "1900-02-29", "2024-13-01",
                                    "2024-00-10", "2024-04-31", "2024-01-00", "2024-01-01T24:00",
                                    "2024-01-01T23:60",         "2024-01-01T23:59:61",
                                    "2024-01-01T10:00+24:00",   "2024-01-01T10:00+05:60"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    if (parse(bad[i]) != INT64_MIN) CHECK_FAIL_("\"%s\" should not parse", bad[i]);
}

TEST(time_parse_should_reject_other_forms_and_trailing_junk) {
  static const char *const bad[] = {
      "",  "2024",  "2024-1-05",  "2024/01/05",  "05-01-2024",  "2024-01-05x",  "2024-01-05 ",
      "2024-01-05T",  "2024-01-05T10",  "2024-01-05T10:0",  "2024-01-05 10:00:",
      "2024-01-05T10:00:0",  "2024-01-05T10:00:00.",  "2024-01-05T10:00:00Zjunk",
      "2024-01-05T10:00:00+",  "2024-01-05T10:00:00+8",  "2024-01-05T10:00:00+08:",
      "2024-01-05T10:00:00+08:0",  "2024-01-05T10:00:00+080",  "2024-01-05T10:00:00 Z",
      "2024-01-05X10:00",  " 2024-01-05",  "+2024-01-05",  "2024-01-05T10:00:00+08:00:00"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    if (parse(bad[i]) != INT64_MIN) CHECK_FAIL_("\"%s\" should not parse", bad[i]);
}

TEST(time_parse_should_read_only_the_given_length) {
  int64_t t = 0;
  CHECK(ls_time_parse("2024-03-05junk", 10, &t));
  CHECK_INT(t, utc(2024, 3, 5, 0, 0, 0, 0));
  CHECK(!ls_time_parse("2024-03-0", 9, &t));
}

/* ---- formatting ---- */

TEST(time_format_iso_should_show_milliseconds_only_when_there_are_some) {
  char buf[LS_TIME_TEXT_MAX];
  ls_time_format_iso(utc(2024, 3, 5, 6, 7, 8, 0), buf);
  CHECK_STR(buf, "2024-03-05T06:07:08Z");
  ls_time_format_iso(utc(2024, 3, 5, 6, 7, 8, 9), buf);
  CHECK_STR(buf, "2024-03-05T06:07:08.009Z");
  ls_time_format_iso(0, buf);
  CHECK_STR(buf, "1970-01-01T00:00:00Z");
  ls_time_format_iso(-1, buf);
  CHECK_STR(buf, "1969-12-31T23:59:59.999Z");
}

TEST(time_format_minute_should_drop_seconds) {
  char buf[LS_TIME_TEXT_MAX];
  ls_time_format_minute(utc(2024, 3, 5, 6, 7, 59, 999), buf);
  CHECK_STR(buf, "2024-03-05 06:07");
  ls_time_format_minute(-60000, buf);
  CHECK_STR(buf, "1969-12-31 23:59");
}

TEST(time_format_iso_should_read_back_through_time_parse) {
  for (int64_t t = -INT64_C(5000000000000); t < INT64_C(5000000000000); t += INT64_C(7777777777)) {
    char buf[LS_TIME_TEXT_MAX];
    ls_time_format_iso(t, buf);
    if (parse(buf) != t) {
      CHECK_FAIL_("%lld formats as %s", (long long)t, buf);
      return;
    }
  }
}

/* ---- periods ---- */

TEST(period_start_should_find_the_utc_day_week_and_month) {
  int64_t t = utc(2024, 3, 6, 15, 30, 0, 0); /* a Wednesday */
  CHECK_INT(ls_period_start(t, LS_GRAIN_DAY, 0), utc(2024, 3, 6, 0, 0, 0, 0));
  CHECK_INT(ls_period_start(t, LS_GRAIN_WEEK, 0), utc(2024, 3, 4, 0, 0, 0, 0));
  CHECK_INT(ls_period_start(t, LS_GRAIN_MONTH, 0), utc(2024, 3, 1, 0, 0, 0, 0));
  /* a Monday starts its own week, a Sunday ends one */
  CHECK_INT(ls_period_start(utc(2024, 3, 4, 0, 0, 0, 0), LS_GRAIN_WEEK, 0), utc(2024, 3, 4, 0, 0, 0, 0));
  CHECK_INT(ls_period_start(utc(2024, 3, 10, 23, 59, 59, 999), LS_GRAIN_WEEK, 0),
            utc(2024, 3, 4, 0, 0, 0, 0));
  /* before 1970 */
  CHECK_INT(ls_period_start(utc(1969, 12, 31, 12, 0, 0, 0), LS_GRAIN_WEEK, 0), utc(1969, 12, 29, 0, 0, 0, 0));
  CHECK_INT(ls_period_start(-1, LS_GRAIN_MONTH, 0), utc(1969, 12, 1, 0, 0, 0, 0));
}

TEST(period_start_should_take_boundaries_in_a_positive_offset) {
  int tz = 8 * 60;
  /* 2024-03-31T20:00Z is already 2024-04-01 04:00 at +08:00, a Monday */
  int64_t t = utc(2024, 3, 31, 20, 0, 0, 0);
  CHECK_INT(ls_period_start(t, LS_GRAIN_DAY, tz), utc(2024, 3, 31, 16, 0, 0, 0));
  CHECK_INT(ls_period_start(t, LS_GRAIN_WEEK, tz), utc(2024, 3, 31, 16, 0, 0, 0));
  CHECK_INT(ls_period_start(t, LS_GRAIN_MONTH, tz), utc(2024, 3, 31, 16, 0, 0, 0));
  /* and 2024-03-31T15:59Z is still March, Sunday */
  int64_t u = utc(2024, 3, 31, 15, 59, 0, 0);
  CHECK_INT(ls_period_start(u, LS_GRAIN_WEEK, tz), utc(2024, 3, 24, 16, 0, 0, 0));
  CHECK_INT(ls_period_start(u, LS_GRAIN_MONTH, tz), utc(2024, 2, 29, 16, 0, 0, 0));
}

TEST(period_start_should_take_boundaries_in_a_negative_offset) {
  int tz = -5 * 60;
  /* 2024-03-01T03:00Z is 2024-02-29 22:00 at -05:00, a Thursday */
  int64_t t = utc(2024, 3, 1, 3, 0, 0, 0);
  CHECK_INT(ls_period_start(t, LS_GRAIN_DAY, tz), utc(2024, 2, 29, 5, 0, 0, 0));
  CHECK_INT(ls_period_start(t, LS_GRAIN_WEEK, tz), utc(2024, 2, 26, 5, 0, 0, 0));
  CHECK_INT(ls_period_start(t, LS_GRAIN_MONTH, tz), utc(2024, 2, 1, 5, 0, 0, 0));
}

TEST(period_next_should_step_days_weeks_and_months_of_any_length) {
  int64_t jan = utc(2024, 1, 1, 0, 0, 0, 0);
  CHECK_INT(ls_period_next(jan, LS_GRAIN_DAY, 0), utc(2024, 1, 2, 0, 0, 0, 0));
  CHECK_INT(ls_period_next(jan, LS_GRAIN_WEEK, 0), utc(2024, 1, 8, 0, 0, 0, 0));
  CHECK_INT(ls_period_next(jan, LS_GRAIN_MONTH, 0), utc(2024, 2, 1, 0, 0, 0, 0));
  CHECK_INT(ls_period_next(utc(2024, 2, 1, 0, 0, 0, 0), LS_GRAIN_MONTH, 0), utc(2024, 3, 1, 0, 0, 0, 0));
  CHECK_INT(ls_period_next(utc(2024, 12, 1, 0, 0, 0, 0), LS_GRAIN_MONTH, 0), utc(2025, 1, 1, 0, 0, 0, 0));
  /* months in +08:00 and -05:00 start at local midnight */
  int64_t feb8 = ls_period_start(utc(2024, 2, 10, 0, 0, 0, 0), LS_GRAIN_MONTH, 480);
  CHECK_INT(feb8, utc(2024, 1, 31, 16, 0, 0, 0));
  CHECK_INT(ls_period_next(feb8, LS_GRAIN_MONTH, 480), utc(2024, 2, 29, 16, 0, 0, 0));
  int64_t dec5 = ls_period_start(utc(2024, 12, 15, 0, 0, 0, 0), LS_GRAIN_MONTH, -300);
  CHECK_INT(dec5, utc(2024, 12, 1, 5, 0, 0, 0));
  CHECK_INT(ls_period_next(dec5, LS_GRAIN_MONTH, -300), utc(2025, 1, 1, 5, 0, 0, 0));
}

TEST(period_start_should_hold_every_instant_of_its_period) {
  static const ls_grain grains[] = {LS_GRAIN_DAY, LS_GRAIN_WEEK, LS_GRAIN_MONTH};
  static const int zones[] = {0, 480, -300, 345};
  for (int64_t t = utc(2023, 12, 1, 0, 0, 0, 0); t < utc(2024, 4, 1, 0, 0, 0, 0); t += 37 * 60000 + 11) {
    for (size_t g = 0; g < 3; g++)
      for (size_t z = 0; z < 4; z++) {
        int64_t s = ls_period_start(t, grains[g], zones[z]);
        int64_t e = ls_period_next(s, grains[g], zones[z]);
        if (!(s <= t && t < e && ls_period_start(s, grains[g], zones[z]) == s)) {
          CHECK_FAIL_("%lld in grain %d zone %d: [%lld, %lld)", (long long)t, grains[g], zones[z],
                      (long long)s, (long long)e);
          return;
        }
      }
  }
}

TEST(period_name_should_name_a_period_by_its_first_local_day) {
  char buf[LS_TIME_TEXT_MAX];
  int64_t t = utc(2024, 3, 31, 20, 0, 0, 0);
  ls_period_name(ls_period_start(t, LS_GRAIN_DAY, 0), LS_GRAIN_DAY, 0, buf);
  CHECK_STR(buf, "2024-03-31");
  ls_period_name(ls_period_start(t, LS_GRAIN_DAY, 480), LS_GRAIN_DAY, 480, buf);
  CHECK_STR(buf, "2024-04-01");
  ls_period_name(ls_period_start(t, LS_GRAIN_WEEK, 0), LS_GRAIN_WEEK, 0, buf);
  CHECK_STR(buf, "2024-03-25");
  ls_period_name(ls_period_start(t, LS_GRAIN_WEEK, 480), LS_GRAIN_WEEK, 480, buf);
  CHECK_STR(buf, "2024-04-01");
  ls_period_name(ls_period_start(t, LS_GRAIN_MONTH, 480), LS_GRAIN_MONTH, 480, buf);
  CHECK_STR(buf, "2024-04");
  int64_t u = utc(2024, 3, 1, 3, 0, 0, 0);
  ls_period_name(ls_period_start(u, LS_GRAIN_MONTH, -300), LS_GRAIN_MONTH, -300, buf);
  CHECK_STR(buf, "2024-02");
  ls_period_name(ls_period_start(u, LS_GRAIN_WEEK, -300), LS_GRAIN_WEEK, -300, buf);
  CHECK_STR(buf, "2024-02-26");
}

TEST(grain_names_should_read_back) {
  CHECK_INT(ls_grain_parse("day"), LS_GRAIN_DAY);
  CHECK_INT(ls_grain_parse("week"), LS_GRAIN_WEEK);
  CHECK_INT(ls_grain_parse("month"), LS_GRAIN_MONTH);
  CHECK_INT(ls_grain_parse("year"), 0);
  CHECK_INT(ls_grain_parse(NULL), 0);
  CHECK_STR(ls_grain_name(LS_GRAIN_WEEK), "week");
  CHECK_STR(ls_grain_name((ls_grain)3), "?");
}

int main(void) {
  RUN(days_from_civil_should_count_from_1970);
  RUN(civil_from_days_should_invert_days_from_civil_over_a_wide_range);
  RUN(time_parse_should_accept_t_or_space_and_optional_seconds);
  RUN(time_parse_should_read_fractions_of_a_second);
  RUN(time_parse_should_read_z_and_offsets);
  RUN(time_parse_should_read_a_date_alone_as_utc_midnight);
  RUN(time_parse_should_read_a_leap_second_as_the_second_before);
  RUN(time_parse_should_reject_impossible_dates_and_times);
  RUN(time_parse_should_reject_other_forms_and_trailing_junk);
  RUN(time_parse_should_read_only_the_given_length);
  RUN(time_format_iso_should_show_milliseconds_only_when_there_are_some);
  RUN(time_format_minute_should_drop_seconds);
  RUN(time_format_iso_should_read_back_through_time_parse);
  RUN(period_start_should_find_the_utc_day_week_and_month);
  RUN(period_start_should_take_boundaries_in_a_positive_offset);
  RUN(period_start_should_take_boundaries_in_a_negative_offset);
  RUN(period_next_should_step_days_weeks_and_months_of_any_length);
  RUN(period_start_should_hold_every_instant_of_its_period);
  RUN(period_name_should_name_a_period_by_its_first_local_day);
  RUN(grain_names_should_read_back);
  return check_done();
}

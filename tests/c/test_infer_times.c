/* test_infer_times.c: column type inference of times: timestamps, epoch
 * seconds to nanoseconds, time-like names, dates and their day-month order,
 * and forced times. */
#include <stdint.h>

#include "check.h"
#include "infer_cells.h"
#include "ingest/infer.h"

#define DAY INT64_C(86400000)
#define D20250105 (INT64_C(20093) * DAY) /* 55 * 365 + 14 leap days + 4 */

/* ---- timestamps and epochs ---- */

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

/* ---- forced times ---- */

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

int main(void) {
  RUN(infer_should_read_timestamps_that_time_parse_accepts);
  RUN(infer_should_read_epoch_seconds_in_a_time_named_column);
  RUN(infer_should_keep_milliseconds_of_fractional_epoch_seconds);
  RUN(infer_should_read_epoch_milliseconds_in_a_time_named_column);
  RUN(infer_should_leave_epoch_like_numbers_alone_without_a_time_name);
  RUN(infer_should_leave_numbers_outside_one_epoch_range_as_numbers);
  RUN(infer_should_recognize_names_that_suggest_a_time);
  RUN(infer_should_read_the_date_and_time_forms_of_dateparse);
  RUN(infer_should_flag_date_columns_and_naive_times);
  RUN(infer_should_settle_day_and_month_order_by_the_data);
  RUN(infer_should_follow_the_date_order_option);
  RUN(infer_should_not_read_plain_numbers_as_dates_without_a_time_name);
  RUN(infer_should_read_epoch_micro_and_nanoseconds_by_magnitude);
  RUN(infer_should_force_times_from_dates_or_epochs_whatever_the_name);
  return check_done();
}

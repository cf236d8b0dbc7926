/* test_tz.c: zone names, offsets at and around DST transitions, wall-clock
 * conversion (gaps and overlaps), periods under DST, and the workspace zone
 * with its LOCAL columns. Transition instants are computed by hand:
 *   US 2025: Mar 9 02:00 EST (07:00Z in New York, 10:00Z in Los Angeles) to
 *            Nov 2 02:00 EDT (06:00Z in New York, 09:00Z in Los Angeles);
 *   EU 2025: Mar 30 01:00Z to Oct 26 01:00Z (London, Berlin, Paris alike). */
#include <stdint.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "base/tz.h"
#include "check.h"
#include "fixtures.h"
#include "workspace/workspace.h"

/* ---- helpers ---- */

#define MIN INT64_C(60000)
#define HOUR INT64_C(3600000)

static ls_tz zone(const char *name) {
  ls_tz tz = -9999;
  if (!ls_tz_parse(name, &tz)) {
    fprintf(stderr, "test_tz: unknown zone %s\n", name);
    abort();
  }
  return tz;
}

/* a wall-clock time: the local date and time written as UTC */
static int64_t W(const char *s) { return T(s); }

static const char *const REQUIRED[] = {"Asia/Shanghai",  "Asia/Taipei",     "Asia/Hong_Kong",
                                       "Asia/Tokyo",     "Asia/Singapore",  "Europe/London",
                                       "Europe/Berlin",  "America/New_York", "America/Los_Angeles"};
#define NREQUIRED (sizeof REQUIRED / sizeof REQUIRED[0])

/* ---- names ---- */

TEST(parse_should_read_utc_and_fixed_offsets_in_every_form) {
  static const struct {
    const char *s;
    int want;
  } cases[] = {{"UTC", 0},        {"Z", 0},          {"GMT", 0},       {"Etc/UTC", 0},
               {"+08:00", 480},   {"+0800", 480},    {"+08", 480},     {"+8", 480},
               {"+8:00", 480},    {"-05", -300},     {"-05:30", -330}, {"+05:45", 345},
               {"UTC+8", 480},    {"UTC-05:00", -300}, {"GMT+0530", 330}, {"+14:00", 840},
               {"-14:00", -840},  {"-00:00", 0},     {"UTC+0", 0}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ls_tz tz = -9999;
    if (!ls_tz_parse(cases[i].s, &tz) || tz != cases[i].want)
      CHECK_FAIL_("\"%s\" reads as %d, expected %d", cases[i].s, tz, cases[i].want);
  }
}

TEST(parse_should_reject_anything_else_and_leave_the_zone_untouched) {
  static const char *const bad[] = {"",        "utc",      "z",          "+15",        "+14:01",
                                    "-14:30",  "+08:60",   "+800",       "+08:",       "+08:0",
                                    "8",       "08:00",    "+08:00x",    "+08:00 ",    " +08:00",
                                    "+",       "UTC+",     "UTC8",       "UTC 8",      "+080",
                                    "+123",    "Etc/GMT+8", "america/new_york", "Asia/Shanghai ",
                                    "Asia/Beijing", "Europe", "Z+08:00", "\xff\xfe", "--8"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    ls_tz tz = 12345;
    if (ls_tz_parse(bad[i], &tz) || tz != 12345) CHECK_FAIL_("\"%s\" was accepted", bad[i]);
  }
  ls_tz tz = 12345;
  CHECK_INT(ls_tz_parse(NULL, &tz), 0);
  CHECK_INT(tz, 12345);
}

TEST(parse_should_survive_any_bytes_and_only_give_valid_zones) {
  /* random strings over an alphabet rich in the characters zones are made of */
  static const char alphabet[] = "+-:0123456789UTCGMZ/_Aa\xff \x01";
  uint64_t x = 0x9E3779B97F4A7C15u;
  char s[16], name[LS_TZ_NAME_MAX];
  for (int i = 0; i < 300000; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    size_t len = (size_t)(x % 10);
    for (size_t k = 0; k < len; k++) s[k] = alphabet[(x >> (6 + 5 * k)) % (sizeof alphabet - 1)];
    s[len] = '\0';
    ls_tz tz, back;
    if (!ls_tz_parse(s, &tz)) continue;
    if (!ls_tz_valid(tz) || !ls_tz_parse(ls_tz_name(tz, name), &back) || back != tz) {
      CHECK_FAIL_("\"%s\" reads as %d", s, tz);
      return;
    }
  }
}

TEST(parse_should_know_every_required_iana_zone_and_name_it_back) {
  char buf[LS_TZ_NAME_MAX];
  for (size_t i = 0; i < NREQUIRED; i++) {
    ls_tz tz = -9999;
    CHECK(ls_tz_parse(REQUIRED[i], &tz));
    CHECK(tz >= LS_TZ_NAMED);
    CHECK(ls_tz_valid(tz));
    CHECK_STR(ls_tz_name(tz, buf), REQUIRED[i]);
  }
}

TEST(name_should_write_utc_offsets_and_a_question_mark_for_invalid_codes) {
  char buf[LS_TZ_NAME_MAX];
  CHECK_STR(ls_tz_name(0, buf), "UTC");
  CHECK_STR(ls_tz_name(480, buf), "+08:00");
  CHECK_STR(ls_tz_name(-330, buf), "-05:30");
  CHECK_STR(ls_tz_name(840, buf), "+14:00");
  CHECK_STR(ls_tz_name(-840, buf), "-14:00");
  CHECK_STR(ls_tz_name(841, buf), "?");
  CHECK_STR(ls_tz_name(LS_TZ_NAMED - 1, buf), "?");
  CHECK_STR(ls_tz_name(LS_TZ_NAMED + 1000, buf), "?");
  CHECK_INT(ls_tz_valid(840), 1);
  CHECK_INT(ls_tz_valid(-841), 0);
  CHECK_INT(ls_tz_valid(LS_TZ_NAMED + 1000), 0);
  /* every canonical name reads back as the same zone */
  for (ls_tz tz = -840; tz <= 840; tz++) {
    ls_tz back = -9999;
    if (!ls_tz_parse(ls_tz_name(tz, buf), &back) || back != tz) CHECK_FAIL_("%d names as %s", tz, buf);
  }
}

TEST(forms_should_list_the_offset_forms_and_every_named_zone_and_fit_any_buffer) {
  char buf[1024];
  ls_tz_forms(buf, sizeof buf);
  CHECK_HAS(buf, "+08:00");
  CHECK_HAS(buf, "UTC+8");
  for (size_t i = 0; i < NREQUIRED; i++) CHECK_HAS(buf, REQUIRED[i]);
  char small[12];
  memset(small, 'x', sizeof small);
  ls_tz_forms(small, 10);
  CHECK_INT(strlen(small), 9);
  CHECK_INT(small[10], 'x');
  ls_tz_forms(small, 0); /* writes nothing */
  CHECK_INT(small[0], 'U');
}

/* ---- offsets ---- */

TEST(offset_should_change_at_the_us_transitions_of_2025) {
  ls_tz ny = zone("America/New_York"), la = zone("America/Los_Angeles");
  CHECK_INT(ls_tz_offset(ny, T("2025-03-09T06:59:59.999Z")), -300);
  CHECK_INT(ls_tz_offset(ny, T("2025-03-09T07:00:00Z")), -240);
  CHECK_INT(ls_tz_offset(ny, T("2025-11-02T05:59:59.999Z")), -240);
  CHECK_INT(ls_tz_offset(ny, T("2025-11-02T06:00:00Z")), -300);
  CHECK_INT(ls_tz_offset(la, T("2025-03-09T09:59:59.999Z")), -480);
  CHECK_INT(ls_tz_offset(la, T("2025-03-09T10:00:00Z")), -420);
  CHECK_INT(ls_tz_offset(la, T("2025-11-02T08:59:59.999Z")), -420);
  CHECK_INT(ls_tz_offset(la, T("2025-11-02T09:00:00Z")), -480);
  /* other years: 2024 Mar 10 / Nov 3, 2026 Mar 8 / Nov 1, 2007 Mar 11 / Nov 4 */
  CHECK_INT(ls_tz_offset(ny, T("2024-03-10T06:59:59Z")), -300);
  CHECK_INT(ls_tz_offset(ny, T("2024-03-10T07:00:00Z")), -240);
  CHECK_INT(ls_tz_offset(ny, T("2024-11-03T06:00:00Z")), -300);
  CHECK_INT(ls_tz_offset(ny, T("2026-03-08T07:00:00Z")), -240);
  CHECK_INT(ls_tz_offset(ny, T("2026-11-01T05:59:59Z")), -240);
  CHECK_INT(ls_tz_offset(ny, T("2026-11-01T06:00:00Z")), -300);
  CHECK_INT(ls_tz_offset(ny, T("2007-03-11T06:59:59Z")), -300);
  CHECK_INT(ls_tz_offset(ny, T("2007-03-11T07:00:00Z")), -240);
  CHECK_INT(ls_tz_offset(ny, T("2007-11-04T06:00:00Z")), -300);
  /* summer and winter */
  CHECK_INT(ls_tz_offset(zone("America/Chicago"), T("2025-07-01")), -300);
  CHECK_INT(ls_tz_offset(zone("America/Denver"), T("2025-01-01")), -420);
}

TEST(offset_should_change_at_the_eu_transitions_of_2025) {
  ls_tz lon = zone("Europe/London"), ber = zone("Europe/Berlin"), par = zone("Europe/Paris");
  CHECK_INT(ls_tz_offset(lon, T("2025-03-30T00:59:59.999Z")), 0);
  CHECK_INT(ls_tz_offset(lon, T("2025-03-30T01:00:00Z")), 60);
  CHECK_INT(ls_tz_offset(lon, T("2025-10-26T00:59:59.999Z")), 60);
  CHECK_INT(ls_tz_offset(lon, T("2025-10-26T01:00:00Z")), 0);
  CHECK_INT(ls_tz_offset(ber, T("2025-03-30T00:59:59.999Z")), 60);
  CHECK_INT(ls_tz_offset(ber, T("2025-03-30T01:00:00Z")), 120);
  CHECK_INT(ls_tz_offset(ber, T("2025-10-26T00:59:59.999Z")), 120);
  CHECK_INT(ls_tz_offset(ber, T("2025-10-26T01:00:00Z")), 60);
  CHECK_INT(ls_tz_offset(par, T("2025-08-01")), 120);
  /* 2024: Mar 31 / Oct 27; 2026: Mar 29 / Oct 25 */
  CHECK_INT(ls_tz_offset(ber, T("2024-03-31T00:59:59Z")), 60);
  CHECK_INT(ls_tz_offset(ber, T("2024-03-31T01:00:00Z")), 120);
  CHECK_INT(ls_tz_offset(ber, T("2024-10-27T01:00:00Z")), 60);
  CHECK_INT(ls_tz_offset(lon, T("2026-03-29T01:00:00Z")), 60);
  CHECK_INT(ls_tz_offset(lon, T("2026-10-25T00:59:59Z")), 60);
  CHECK_INT(ls_tz_offset(lon, T("2026-10-25T01:00:00Z")), 0);
}

TEST(offset_should_stay_fixed_in_asian_zones_and_fixed_offsets) {
  static const char *const times[] = {"1970-01-01", "2025-03-09T07:00:00Z", "2025-03-30T01:00:00Z",
                                      "2025-07-01", "2025-11-02T06:00:00Z", "2099-12-31"};
  for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
    int64_t t = T(times[i]);
    CHECK_INT(ls_tz_offset(zone("Asia/Shanghai"), t), 480);
    CHECK_INT(ls_tz_offset(zone("Asia/Taipei"), t), 480);
    CHECK_INT(ls_tz_offset(zone("Asia/Hong_Kong"), t), 480);
    CHECK_INT(ls_tz_offset(zone("Asia/Singapore"), t), 480);
    CHECK_INT(ls_tz_offset(zone("Asia/Tokyo"), t), 540);
    CHECK_INT(ls_tz_offset(zone("Asia/Seoul"), t), 540);
    CHECK_INT(ls_tz_offset(zone("Asia/Kolkata"), t), 330);
    CHECK_INT(ls_tz_offset(-300, t), -300);
    CHECK_INT(ls_tz_offset(0, t), 0);
  }
  CHECK_INT(ls_tz_offset(LS_TZ_NAMED + 1000, 0), 0); /* invalid reads as UTC */
}

TEST(span_should_bound_each_offset_by_its_transitions) {
  ls_tz ny = zone("America/New_York");
  int64_t from, until;
  CHECK_INT(ls_tz_span(ny, T("2025-06-01"), &from, &until), -240);
  CHECK_INT(from, T("2025-03-09T07:00:00Z"));
  CHECK_INT(until, T("2025-11-02T06:00:00Z"));
  CHECK_INT(ls_tz_span(ny, T("2025-01-15"), &from, &until), -300);
  CHECK_INT(from, T("2024-11-03T06:00:00Z"));
  CHECK_INT(until, T("2025-03-09T07:00:00Z"));
  CHECK_INT(ls_tz_span(ny, T("2025-12-01"), &from, &until), -300);
  CHECK_INT(from, T("2025-11-02T06:00:00Z"));
  CHECK_INT(until, T("2026-03-08T07:00:00Z"));
  CHECK_INT(ls_tz_span(zone("Asia/Tokyo"), 0, &from, &until), 540);
  CHECK_INT(from, INT64_MIN);
  CHECK_INT(until, INT64_MAX);
  CHECK_INT(ls_tz_span(-330, 0, &from, &until), -330);
  CHECK_INT(from, INT64_MIN);
  CHECK_INT(until, INT64_MAX);
}

TEST(rules_should_apply_from_year_1_to_9999_and_standard_time_outside) {
  ls_tz ny = zone("America/New_York"), ber = zone("Europe/Berlin");
  CHECK_INT(ls_tz_offset(ny, ls_time_from_civil(1, 7, 1, 0, 0, 0, 0)), -240);
  CHECK_INT(ls_tz_offset(ny, ls_time_from_civil(9999, 7, 1, 0, 0, 0, 0)), -240);
  CHECK_INT(ls_tz_offset(ny, ls_time_from_civil(0, 7, 1, 0, 0, 0, 0)), -300);
  CHECK_INT(ls_tz_offset(ber, ls_time_from_civil(10000, 7, 1, 0, 0, 0, 0)), 60);
  int64_t from, until;
  ls_tz_span(ny, ls_time_from_civil(-5, 7, 1, 0, 0, 0, 0), &from, &until);
  CHECK_INT(from, INT64_MIN);
  CHECK_INT(until, ls_time_from_civil(1, 3, 11, 7, 0, 0, 0)); /* Mar 11 of year 1 was a Sunday */
  ls_tz_span(ber, ls_time_from_civil(12000, 1, 1, 0, 0, 0, 0), &from, &until);
  CHECK_INT(until, INT64_MAX);
  /* the ends of int64 neither crash nor overflow */
  static const int64_t ends[] = {INT64_MIN, INT64_MIN + 1, INT64_MAX - 1, INT64_MAX};
  for (size_t i = 0; i < 4; i++) {
    CHECK_INT(ls_tz_offset(ny, ends[i]), -300);
    CHECK_INT(ls_tz_offset(840, ends[i]), 840);
    (void)ls_tz_from_local(ny, ends[i]);
    (void)ls_tz_from_local(-840, ends[i]);
  }
  CHECK_INT(ls_tz_to_local(840, INT64_MAX - 5), INT64_MAX);
  CHECK_INT(ls_tz_to_local(-840, INT64_MIN + 5), INT64_MIN);
  CHECK_INT(ls_tz_from_local(-840, INT64_MAX - 5), INT64_MAX);
}

/* ---- wall-clock time ---- */

TEST(from_local_should_invert_to_local_away_from_transitions) {
  ls_tz ny = zone("America/New_York");
  CHECK_INT(ls_tz_to_local(ny, T("2025-03-09T16:00:00Z")), W("2025-03-09T12:00:00Z"));
  CHECK_INT(ls_tz_from_local(ny, W("2025-03-09T12:00:00Z")), T("2025-03-09T16:00:00Z"));
  CHECK_INT(ls_tz_from_local(ny, W("2025-01-15T12:00:00Z")), T("2025-01-15T17:00:00Z"));
  CHECK_INT(ls_tz_from_local(ny, W("2025-03-09T01:59:00Z")), T("2025-03-09T06:59:00Z"));
  CHECK_INT(ls_tz_from_local(ny, W("2025-03-09T03:00:00Z")), T("2025-03-09T07:00:00Z"));
  CHECK_INT(ls_tz_from_local(zone("Asia/Shanghai"), W("2025-03-09T12:00:00Z")), T("2025-03-09T04:00:00Z"));
  CHECK_INT(ls_tz_from_local(330, W("2025-03-09T12:00:00Z")), T("2025-03-09T06:30:00Z"));
}

TEST(from_local_should_move_a_time_in_a_spring_gap_forward_by_the_gap) {
  /* 02:30 does not exist in New York on 2025-03-09: it reads as 03:30 EDT */
  ls_tz ny = zone("America/New_York");
  CHECK_INT(ls_tz_from_local(ny, W("2025-03-09T02:00:00Z")), T("2025-03-09T07:00:00Z"));
  CHECK_INT(ls_tz_from_local(ny, W("2025-03-09T02:30:00Z")), T("2025-03-09T07:30:00Z"));
  CHECK_INT(ls_tz_to_local(ny, T("2025-03-09T07:30:00Z")), W("2025-03-09T03:30:00Z"));
  CHECK_INT(ls_tz_from_local(ny, W("2025-03-09T02:59:59.999Z")), T("2025-03-09T07:59:59.999Z"));
  /* Berlin skips 02:00-03:00 and London 01:00-02:00 on 2025-03-30 */
  CHECK_INT(ls_tz_from_local(zone("Europe/Berlin"), W("2025-03-30T02:30:00Z")), T("2025-03-30T01:30:00Z"));
  CHECK_INT(ls_tz_from_local(zone("Europe/London"), W("2025-03-30T01:30:00Z")), T("2025-03-30T01:30:00Z"));
  CHECK_INT(ls_tz_to_local(zone("Europe/London"), T("2025-03-30T01:30:00Z")), W("2025-03-30T02:30:00Z"));
}

TEST(from_local_should_take_the_first_of_two_times_in_a_fall_overlap) {
  /* 01:00-02:00 happens twice in New York on 2025-11-02: EDT first, then EST */
  ls_tz ny = zone("America/New_York");
  CHECK_INT(ls_tz_from_local(ny, W("2025-11-02T00:59:00Z")), T("2025-11-02T04:59:00Z"));
  CHECK_INT(ls_tz_from_local(ny, W("2025-11-02T01:00:00Z")), T("2025-11-02T05:00:00Z"));
  CHECK_INT(ls_tz_from_local(ny, W("2025-11-02T01:30:00Z")), T("2025-11-02T05:30:00Z"));
  CHECK_INT(ls_tz_to_local(ny, T("2025-11-02T06:30:00Z")), W("2025-11-02T01:30:00Z")); /* the second */
  CHECK_INT(ls_tz_from_local(ny, W("2025-11-02T02:00:00Z")), T("2025-11-02T07:00:00Z"));
  /* Berlin repeats 02:00-03:00 and London 01:00-02:00 on 2025-10-26 */
  CHECK_INT(ls_tz_from_local(zone("Europe/Berlin"), W("2025-10-26T02:30:00Z")), T("2025-10-26T00:30:00Z"));
  CHECK_INT(ls_tz_from_local(zone("Europe/London"), W("2025-10-26T01:30:00Z")), T("2025-10-26T00:30:00Z"));
  CHECK_INT(ls_tz_from_local(zone("Europe/London"), W("2025-10-26T02:00:00Z")), T("2025-10-26T02:00:00Z"));
}

TEST(from_local_should_round_trip_every_instant_but_the_second_of_an_overlap) {
  static const char *const zones[] = {"America/New_York", "America/Los_Angeles", "Europe/London",
                                      "Europe/Berlin", "Asia/Tokyo"};
  for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
    ls_tz tz = zone(zones[z]);
    for (int64_t t = T("2024-12-25"); t < T("2026-01-05"); t += 7 * MIN + 13) {
      int64_t w = ls_tz_to_local(tz, t), back = ls_tz_from_local(tz, w);
      if (back != t && !(back == t - HOUR && ls_tz_to_local(tz, back) == w)) {
        CHECK_FAIL_("%s: %lld -> %lld -> %lld", zones[z], (long long)t, (long long)w, (long long)back);
        break;
      }
    }
  }
}

TEST(cursor_should_agree_with_the_plain_functions_in_any_order) {
  static const char *const zones[] = {"America/New_York", "Europe/Berlin", "Asia/Shanghai", "+05:45", "UTC"};
  uint64_t x = 88172645463325252u;
  for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
    ls_tz tz = zone(zones[z]);
    ls_tz_cursor a, b;
    ls_tz_cursor_init(&a, tz);
    ls_tz_cursor_init(&b, tz);
    int64_t t = T("2025-01-01");
    for (int i = 0; i < 200000; i++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      /* mostly small steps (sorted data), sometimes a jump anywhere in 2020-2030 */
      if (x % 100 == 0)
        t = T("2020-01-01") + (int64_t)(x >> 20) % (3653 * LS_MS_PER_DAY);
      else
        t += (int64_t)(x >> 40) % (2 * HOUR);
      if (ls_tz_cursor_local(&a, t) != ls_tz_to_local(tz, t) ||
          ls_tz_cursor_instant(&b, t) != ls_tz_from_local(tz, t)) {
        CHECK_FAIL_("%s at %lld", zones[z], (long long)t);
        break;
      }
    }
  }
}

TEST(cursor_should_saturate_at_the_int64_ends_like_the_plain_functions) {
  static const int64_t ts[] = {0, INT64_MAX, INT64_MAX - 5, 0, INT64_MIN, INT64_MIN + 5, INT64_MAX - 14 * HOUR,
                               INT64_MIN + 14 * HOUR, INT64_MAX - 14 * HOUR - 1};
  static const ls_tz zones[] = {840, -840, LS_TZ_UTC, LS_TZ_NAMED};
  for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
    ls_tz_cursor a, b;
    ls_tz_cursor_init(&a, zones[z]);
    ls_tz_cursor_init(&b, zones[z]);
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
      CHECK_INT(ls_tz_cursor_local(&a, ts[i]), ls_tz_to_local(zones[z], ts[i]));
      CHECK_INT(ls_tz_cursor_instant(&b, ts[i]), ls_tz_from_local(zones[z], ts[i]));
    }
  }
  ls_tz_cursor c;
  ls_tz_cursor_init(&c, 840);
  CHECK_INT(ls_tz_cursor_local(&c, INT64_MAX - 5), INT64_MAX);
}

/* ---- periods ---- */

TEST(days_should_last_23_and_25_hours_on_dst_changes) {
  ls_tz ny = zone("America/New_York"), ber = zone("Europe/Berlin"), lon = zone("Europe/London");
  int64_t s = ls_period_start(T("2025-03-09T12:00:00Z"), LS_GRAIN_DAY, ny);
  CHECK_INT(s, T("2025-03-09T05:00:00Z"));
  CHECK_INT(ls_period_next(s, LS_GRAIN_DAY, ny), T("2025-03-10T04:00:00Z"));
  s = ls_period_start(T("2025-11-02T12:00:00Z"), LS_GRAIN_DAY, ny);
  CHECK_INT(s, T("2025-11-02T04:00:00Z"));
  CHECK_INT(ls_period_next(s, LS_GRAIN_DAY, ny), T("2025-11-03T05:00:00Z"));
  s = ls_period_start(T("2025-03-30T12:00:00Z"), LS_GRAIN_DAY, ber);
  CHECK_INT(s, T("2025-03-29T23:00:00Z"));
  CHECK_INT(ls_period_next(s, LS_GRAIN_DAY, ber), T("2025-03-30T22:00:00Z"));
  s = ls_period_start(T("2025-10-26T12:00:00Z"), LS_GRAIN_DAY, ber);
  CHECK_INT(s, T("2025-10-25T22:00:00Z"));
  CHECK_INT(ls_period_next(s, LS_GRAIN_DAY, ber), T("2025-10-26T23:00:00Z"));
  s = ls_period_start(T("2025-03-30T12:00:00Z"), LS_GRAIN_DAY, lon);
  CHECK_INT(s, T("2025-03-30T00:00:00Z"));
  CHECK_INT(ls_period_next(s, LS_GRAIN_DAY, lon), T("2025-03-30T23:00:00Z"));
  /* the last instant of the short day still belongs to it */
  CHECK_INT(ls_period_start(T("2025-03-10T03:59:59.999Z"), LS_GRAIN_DAY, ny), T("2025-03-09T05:00:00Z"));
  CHECK_INT(ls_period_start(T("2025-03-10T04:00:00Z"), LS_GRAIN_DAY, ny), T("2025-03-10T04:00:00Z"));
}

TEST(weeks_and_months_should_start_at_local_midnight_in_new_york) {
  ls_tz ny = zone("America/New_York");
  char buf[LS_TIME_TEXT_MAX];
  /* Wednesday 2025-03-12 is in the week of Monday Mar 10, 00:00 EDT */
  int64_t w = ls_period_start(T("2025-03-12T12:00:00Z"), LS_GRAIN_WEEK, ny);
  CHECK_INT(w, T("2025-03-10T04:00:00Z"));
  ls_period_name(w, LS_GRAIN_WEEK, ny, buf);
  CHECK_STR(buf, "2025-03-10");
  /* the week of Sunday Mar 9 starts Monday Mar 3, 00:00 EST, and lasts 7 days less an hour */
  w = ls_period_start(T("2025-03-09T20:00:00Z"), LS_GRAIN_WEEK, ny);
  CHECK_INT(w, T("2025-03-03T05:00:00Z"));
  CHECK_INT(ls_period_next(w, LS_GRAIN_WEEK, ny), T("2025-03-10T04:00:00Z"));
  /* the week of the fall change lasts 7 days and an hour */
  w = ls_period_start(T("2025-11-02T12:00:00Z"), LS_GRAIN_WEEK, ny);
  CHECK_INT(w, T("2025-10-27T04:00:00Z"));
  CHECK_INT(ls_period_next(w, LS_GRAIN_WEEK, ny), T("2025-11-03T05:00:00Z"));
  /* March starts in EST and ends in EDT; November the other way round */
  int64_t m = ls_period_start(T("2025-03-15"), LS_GRAIN_MONTH, ny);
  CHECK_INT(m, T("2025-03-01T05:00:00Z"));
  CHECK_INT(ls_period_next(m, LS_GRAIN_MONTH, ny), T("2025-04-01T04:00:00Z"));
  ls_period_name(m, LS_GRAIN_MONTH, ny, buf);
  CHECK_STR(buf, "2025-03");
  m = ls_period_start(T("2025-11-15"), LS_GRAIN_MONTH, ny);
  CHECK_INT(m, T("2025-11-01T04:00:00Z"));
  CHECK_INT(ls_period_next(m, LS_GRAIN_MONTH, ny), T("2025-12-01T05:00:00Z"));
  /* 2025-04-01T03:30Z is still March 31 in New York */
  CHECK_INT(ls_period_start(T("2025-04-01T03:30:00Z"), LS_GRAIN_MONTH, ny), T("2025-03-01T05:00:00Z"));
}

TEST(periods_should_hold_every_instant_and_start_at_local_midnight_in_dst_zones) {
  static const char *const zones[] = {"America/New_York", "America/Los_Angeles", "Europe/London",
                                      "Europe/Berlin", "Asia/Singapore"};
  static const ls_grain grains[] = {LS_GRAIN_DAY, LS_GRAIN_WEEK, LS_GRAIN_MONTH};
  for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
    ls_tz tz = zone(zones[z]);
    for (int64_t t = T("2024-12-20"); t < T("2026-01-10"); t += 41 * MIN + 7) {
      for (size_t g = 0; g < 3; g++) {
        int64_t s = ls_period_start(t, grains[g], tz), e = ls_period_next(s, grains[g], tz);
        int64_t len = e - s;
        int ok = s <= t && t < e && ls_period_start(s, grains[g], tz) == s &&
                 ls_tz_to_local(tz, s) % LS_MS_PER_DAY == 0 && ls_tz_to_local(tz, e) % LS_MS_PER_DAY == 0;
        if (grains[g] == LS_GRAIN_DAY)
          ok = ok && (len == 23 * HOUR || len == 24 * HOUR || len == 25 * HOUR);
        if (!ok) {
          CHECK_FAIL_("%s grain %d at %lld: [%lld, %lld)", zones[z], grains[g], (long long)t,
                      (long long)s, (long long)e);
          return;
        }
      }
    }
  }
}

TEST(fixed_offsets_should_keep_days_of_exactly_24_hours) {
  static const int zones[] = {0, 480, -300, 345, 840, -840};
  for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
    int off = zones[z];
    for (int64_t t = T("2025-01-01"); t < T("2025-12-31"); t += 53 * MIN + 3) {
      int64_t want = ls_floor_div(t + off * MIN, LS_MS_PER_DAY) * LS_MS_PER_DAY - off * MIN;
      int64_t s = ls_period_start(t, LS_GRAIN_DAY, off);
      if (s != want || ls_period_next(s, LS_GRAIN_DAY, off) != want + LS_MS_PER_DAY) {
        CHECK_FAIL_("offset %d at %lld", off, (long long)t);
        break;
      }
    }
  }
}

/* ---- the workspace zone and LOCAL columns ---- */

/* events with one naive (LOCAL) time column and one UTC column */
static ls_table *local_table(const char *const *wall, size_t n) {
  ls_table *t = ls_table_new("events.csv");
  ls_column *u = ls_table_add(t, "distinct_id", LS_TYPE_STRING);
  ls_column *e = ls_table_add(t, "event", LS_TYPE_STRING);
  ls_column *ts = ls_table_add(t, "timestamp", LS_TYPE_TIME);
  ls_column *utc = ls_table_add(t, "received_at", LS_TYPE_TIME);
  ls_column_set_flags(ts, LS_COL_LOCAL);
  for (size_t i = 0; i < n; i++) {
    push_str_or_null(u, "u1");
    push_str_or_null(e, "x");
    push_time_or_null(ts, wall[i]);
    ls_column_push_i64(utc, T("2025-03-09T12:00:00Z"));
  }
  return t;
}

static int64_t cell(const ls_workspace *ws, size_t col, size_t row) {
  return ls_column_i64(ls_table_col(ls_workspace_table(ws, 0), col))[row];
}

TEST(workspace_should_read_local_times_in_its_zone_and_move_them_with_it) {
  const char *wall[] = {"2025-03-09 12:00", NULL};
  ls_workspace *ws = ls_workspace_new();
  CHECK_INT(ls_workspace_set_tz(ws, zone("America/New_York")), LS_OK);
  CHECK_INT(ls_workspace_add(ws, local_table(wall, 2)), LS_OK);
  CHECK_INT(cell(ws, 2, 0), T("2025-03-09T16:00:00Z"));
  CHECK_INT(cell(ws, 2, 1), 0); /* a null stays a null holding 0 */
  CHECK_INT(cell(ws, 3, 0), T("2025-03-09T12:00:00Z")); /* not LOCAL: untouched */
  CHECK_INT(ls_workspace_set_tz(ws, zone("Asia/Shanghai")), LS_OK);
  CHECK_INT(cell(ws, 2, 0), T("2025-03-09T04:00:00Z"));
  CHECK_INT(ls_workspace_set_tz(ws, LS_TZ_UTC), LS_OK);
  CHECK_INT(cell(ws, 2, 0), T("2025-03-09T12:00:00Z"));
  CHECK_INT(ls_workspace_set_tz(ws, -300), LS_OK);
  CHECK_INT(cell(ws, 2, 0), T("2025-03-09T17:00:00Z"));
  CHECK_INT(cell(ws, 2, 1), 0);
  CHECK_INT(cell(ws, 3, 0), T("2025-03-09T12:00:00Z"));
  ls_workspace_free(ws);
}

TEST(workspace_should_move_local_times_of_tables_added_before_the_zone_was_set) {
  const char *wall[] = {"2025-03-09 12:00", "2025-11-02 01:30"};
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, local_table(wall, 2));
  CHECK_INT(cell(ws, 2, 0), T("2025-03-09T12:00:00Z"));
  ls_workspace_set_tz(ws, zone("America/New_York"));
  CHECK_INT(cell(ws, 2, 0), T("2025-03-09T16:00:00Z"));
  CHECK_INT(cell(ws, 2, 1), T("2025-11-02T05:30:00Z")); /* the first 01:30 */
  ls_workspace_set_tz(ws, zone("Europe/Berlin"));
  CHECK_INT(cell(ws, 2, 1), T("2025-11-02T00:30:00Z"));
  ls_workspace_free(ws);
}

TEST(workspace_should_keep_the_moved_wall_time_of_a_time_in_a_dst_gap) {
  /* the documented edge: 02:30 read in New York on its spring-forward day is
   * 03:30 EDT, and stays 03:30 when the zone changes */
  const char *wall[] = {"2025-03-09 02:30"};
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_set_tz(ws, zone("America/New_York"));
  ls_workspace_add(ws, local_table(wall, 1));
  CHECK_INT(cell(ws, 2, 0), T("2025-03-09T07:30:00Z"));
  ls_workspace_set_tz(ws, LS_TZ_UTC);
  CHECK_INT(cell(ws, 2, 0), T("2025-03-09T03:30:00Z"));
  ls_workspace_free(ws);
}

TEST(workspace_should_refuse_an_invalid_zone_and_change_nothing) {
  const char *wall[] = {"2025-03-09 12:00"};
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_set_tz(ws, 480);
  ls_workspace_add(ws, local_table(wall, 1));
  CHECK_INT(ls_workspace_set_tz(ws, 841), LS_EINVAL);
  CHECK_INT(ls_workspace_set_tz(ws, LS_TZ_NAMED + 1000), LS_EINVAL);
  CHECK_INT(ls_workspace_tz(ws), 480);
  CHECK_INT(cell(ws, 2, 0), T("2025-03-09T04:00:00Z"));
  ls_workspace_free(ws);
}

TEST(workspace_json_should_name_the_zone) {
  ls_workspace *ws = ls_workspace_new();
  char *j = ls_workspace_json(ws);
  CHECK_HAS(j, "\"tz\":\"UTC\"");
  ls_free(j);
  ls_workspace_set_tz(ws, zone("America/New_York"));
  j = ls_workspace_json(ws);
  CHECK_HAS(j, "\"tz\":\"America/New_York\"");
  ls_free(j);
  ls_workspace_set_tz(ws, -330);
  j = ls_workspace_json(ws);
  CHECK_HAS(j, "\"tz\":\"-05:30\"");
  ls_free(j);
  ls_workspace_free(ws);
}

TEST(workspace_through_should_name_the_last_local_day) {
  /* the last event, 2025-03-10T03:30Z, is still March 9 in New York */
  const event_row rows[] = {{"u1", "x", "2025-03-08T12:00:00Z"}, {"u2", "x", "2025-03-10T03:30:00Z"}};
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_set_tz(ws, zone("America/New_York"));
  ls_workspace_add(ws, events_table(rows, 2));
  int64_t first, asof;
  CHECK_INT(ls_workspace_extent(ws, LS_KIND_UNKNOWN, &first, &asof), LS_OK);
  CHECK_INT(asof, T("2025-03-10T04:00:00Z"));
  char *j = ls_workspace_json(ws);
  CHECK_HAS(j, "\"through\":\"2025-03-09\"");
  ls_free(j);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(parse_should_read_utc_and_fixed_offsets_in_every_form);
  RUN(parse_should_reject_anything_else_and_leave_the_zone_untouched);
  RUN(parse_should_survive_any_bytes_and_only_give_valid_zones);
  RUN(parse_should_know_every_required_iana_zone_and_name_it_back);
  RUN(name_should_write_utc_offsets_and_a_question_mark_for_invalid_codes);
  RUN(forms_should_list_the_offset_forms_and_every_named_zone_and_fit_any_buffer);
  RUN(offset_should_change_at_the_us_transitions_of_2025);
  RUN(offset_should_change_at_the_eu_transitions_of_2025);
  RUN(offset_should_stay_fixed_in_asian_zones_and_fixed_offsets);
  RUN(span_should_bound_each_offset_by_its_transitions);
  RUN(rules_should_apply_from_year_1_to_9999_and_standard_time_outside);
  RUN(from_local_should_invert_to_local_away_from_transitions);
  RUN(from_local_should_move_a_time_in_a_spring_gap_forward_by_the_gap);
  RUN(from_local_should_take_the_first_of_two_times_in_a_fall_overlap);
  RUN(from_local_should_round_trip_every_instant_but_the_second_of_an_overlap);
  RUN(cursor_should_agree_with_the_plain_functions_in_any_order);
  RUN(cursor_should_saturate_at_the_int64_ends_like_the_plain_functions);
  RUN(days_should_last_23_and_25_hours_on_dst_changes);
  RUN(weeks_and_months_should_start_at_local_midnight_in_new_york);
  RUN(periods_should_hold_every_instant_and_start_at_local_midnight_in_dst_zones);
  RUN(fixed_offsets_should_keep_days_of_exactly_24_hours);
  RUN(workspace_should_read_local_times_in_its_zone_and_move_them_with_it);
  RUN(workspace_should_move_local_times_of_tables_added_before_the_zone_was_set);
  RUN(workspace_should_keep_the_moved_wall_time_of_a_time_in_a_dst_gap);
  RUN(workspace_should_refuse_an_invalid_zone_and_change_nothing);
  RUN(workspace_json_should_name_the_zone);
  RUN(workspace_through_should_name_the_last_local_day);
  return check_done();
}

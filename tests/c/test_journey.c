/* test_journey.c: one product journey in every events family gives the same
 * analyses, and they are the numbers worked out by hand below.
 *
 * The fixtures (tests/fixtures/mk_journey.mjs writes them; data/fixtures/
 * README.md): journey_posthog.csv, journey_mixpanel.jsonl,
 * journey_segment.jsonl, journey_amplitude.jsonl, journey_ga4.jsonl and
 * journey.sqlite. The CLI goldens tests/cli/journey_FAMILY_ANALYSIS.cmd run
 * the CLI on each; this test holds every one of their .out files to the hand
 * worked text, so each analysis is the same for every family. It also checks
 * each file is detected as events of its export without a mapping, and that
 * journey.sqlite is byte for byte what tests/fixtures/journey.sql gives.
 *
 * The journey, UTC, March 2026 (weeks W1 = 2–8, W2 = 9–15, W3 = 16–22 March;
 * vp = view_pricing, su = signup, up = upload, ug = upgrade, oa = open_app):
 *   u1  2 vp 09:55 su 10:00 up 10:30 | 3 oa | 4 oa | 5 ug 09:00 oa 09:10 |
 *       10 oa | 12 oa | 13 oa | 17 oa | 20 oa          days 2 3 4 5 10 12 13 17 20
 *   u2  2 vp 23:20 su 23:30 | 3 up 00:15 oa 00:20 | 6 oa   days 2 3 6
 *   u3  3 vp 08:50 su 09:00 oa | 7 oa | 10 up 13:00 | 13 oa | 20 ug 12:00 | 21 oa
 *                                                   days 3 7 10 13 20 21
 *   u4  4 vp 14:50 su 15:00 oa | 18 oa oa             days 4 18
 *   u5  9 vp 07:50 su 08:00 up 08:40 | 10 oa | 11 ug 20:00 | 14 oa | 16 oa |
 *       19 oa | 22 oa                                 days 9 10 11 14 16 19 22
 *   u6  10 vp 16:50 su 17:00 oa | 12 up 21:00 | 14 oa 23:55   days 10 12 14
 *   u7  16 vp 20:45 su 21:00 up 23:50 | 17 ug 00:10 oa 00:30 | 19 oa | 21 oa
 *                                                   days 16 17 19 21
 *   u8  5 vp 10:50 su 11:00 | 6 up 14:00 | 7 oa | 8 ug 23:45 | 19 oa 07:00 |
 *       22 oa 23:30                                 days 5 6 7 8 19 22
 *   anonymous visitor: vp on 4, 6 and 11 (22:10)   days 4 6 11
 * 61 events; the last on 22 March, so the as-of is 23 March 00:00 UTC.
 *
 * DAU, day by day from 2 March (users active that day):
 *   2 {u1 u2} 2; 3 {u1 u2 u3} 3; 4 {u1 u4 anon} 3; 5 {u1 u8} 2; 6 {u2 u8 anon} 3;
 *   7 {u3 u8} 2; 8 {u8} 1; 9 {u5} 1; 10 {u1 u3 u5 u6} 4; 11 {u5 anon} 2;
 *   12 {u1 u6} 2; 13 {u1 u3} 2; 14 {u5 u6} 2; 15 {} 0; 16 {u5 u7} 2;
 *   17 {u1 u7} 2; 18 {u4} 1; 19 {u5 u7 u8} 3; 20 {u1 u3} 2; 21 {u3 u7} 2; 22 {u5 u8} 2.
 * WAU (d−6 … d): 2: 2; 3: +u3 3; 4: +u4 anon 5; 5: +u8 6; 6, 7, 8: 6;
 *   9 (3–9): all six of W1 and u5 7; 10 (4–10): +u6 8; 11 (5–11): u4 gone 7;
 *   12 (6–12): 7; 13 (7–13): u2 gone 6; 14 (8–14): 6; 15 (9–15): u8 gone 5;
 *   16 (10–16): +u7 6; 17 (11–17): 6; 18 (12–18): anon gone, +u4 6;
 *   19 (13–19): +u8 7; 20 (14–20): 7; 21 (15–21): u6 gone 6; 22 (16–22): 6.
 * Lifecycle by week: W1 new 6 (u1 u2 u3 u4 u8 anon). W2 active {u1 u3 u5 u6
 *   anon}: new 2 (u5 u6), returning 3 (u1 u3 anon), dormant 3 (u2 u4 u8).
 *   W3 active {u1 u3 u4 u5 u7 u8}: new 1 (u7), returning 3 (u1 u3 u5),
 *   resurrecting 2 (u4 u8), dormant 2 (u6 anon).
 * At +08:00 u8's upgrade (8 March 23:45Z) is Monday 9 March 07:45, in W2; no
 *   other event changes week (u6's 14 March 23:55Z is Sunday 15 March, still
 *   W2; u8's 22 March 23:30Z is 23 March, in the incomplete W4, but u8 was
 *   active in W3 on 19 March). W2: new 2, returning 4 (u1 u3 u8 anon),
 *   dormant 2 (u2 u4); W3: new 1, returning 4 (u1 u3 u5 u8), resurrecting 1
 *   (u4), dormant 2 (u6 anon).
 * Funnel signup → upload → upgrade within 14 days: signup 8 (the visitor
 *   never signs up); upload 7 (all but u4); upgrade 4 (u1, u5, u7, u8; u3's
 *   upgrade is 17 d 3 h after signup). from_start 1, 7/8, 4/8; from_previous
 *   1, 7/8, 4/7. Seconds signup → upload: u1 1800, u2 2700, u3 619200
 *   (7 d 4 h), u5 2400, u6 187200 (2 d 4 h), u7 10200, u8 97200 (1 d 3 h):
 *   sorted 1800 2400 2700 10200 97200 187200 619200, median 10200, mean
 *   920700 / 7 = 131528.571428…. Upload → upgrade: u1 253800 (2 d 22 h 30),
 *   u5 213600 (2 d 11 h 20), u7 1200, u8 207900 (2 d 9 h 45): median
 *   (207900 + 213600) / 2 = 210750, mean 676500 / 4 = 169125.
 * Retention by week (first-time cohorts by first event, any event returns):
 *   W1 {u1 u2 u3 u4 u8 anon} 6: W2 3 (u1 u3 anon), W3 4 (u1 u3 u4 u8);
 *   W2 {u5 u6} 2: W3 1 (u5); W3 {u7} 1. */
#include <string.h>

#include "../fixtures/sql_image.h"
#include "check.h"
#include "detect/detect.h"
#include "source_file.h"
#include "workspace/load.h"
#include "workspace/workspace.h"

static const char *const FAMILIES[][4] = {
  /* family, file, format, user column */
  {"posthog", "journey_posthog.csv", "posthog_events", "distinct_id"},
  {"mixpanel", "journey_mixpanel.jsonl", "mixpanel_events", "properties.distinct_id"},
  {"segment", "journey_segment.jsonl", "segment_events", "userId"},
  {"amplitude", "journey_amplitude.jsonl", "amplitude_events", "user_id"},
  {"ga4", "journey_ga4.jsonl", "ga4_events", "user_pseudo_id"},
  {"sqlite", "journey.sqlite", "generic", "user_id"},
};
#define NFAMILIES (sizeof FAMILIES / sizeof FAMILIES[0])

static const char *const ANALYSES[][2] = {
  {"dau",
   "period,value\n2026-03-02,2\n2026-03-03,3\n2026-03-04,3\n2026-03-05,2\n2026-03-06,3\n2026-03-07,2\n"
   "2026-03-08,1\n2026-03-09,1\n2026-03-10,4\n2026-03-11,2\n2026-03-12,2\n2026-03-13,2\n2026-03-14,2\n"
   "2026-03-15,0\n2026-03-16,2\n2026-03-17,2\n2026-03-18,1\n2026-03-19,3\n2026-03-20,2\n2026-03-21,2\n"
   "2026-03-22,2\n"},
  {"wau",
   "period,value\n2026-03-02,2\n2026-03-03,3\n2026-03-04,5\n2026-03-05,6\n2026-03-06,6\n2026-03-07,6\n"
   "2026-03-08,6\n2026-03-09,7\n2026-03-10,8\n2026-03-11,7\n2026-03-12,7\n2026-03-13,6\n2026-03-14,6\n"
   "2026-03-15,5\n2026-03-16,6\n2026-03-17,6\n2026-03-18,6\n2026-03-19,7\n2026-03-20,7\n2026-03-21,6\n"
   "2026-03-22,6\n"},
  {"lifecycle_week",
   "period,new,returning,resurrecting,dormant\n2026-03-02,6,0,0,0\n2026-03-09,2,3,0,3\n2026-03-16,1,3,2,2\n"},
  {"lifecycle_week_tz8",
   "period,new,returning,resurrecting,dormant\n2026-03-02,6,0,0,0\n2026-03-09,2,4,0,2\n2026-03-16,1,4,1,2\n"},
  {"funnel",
   "step,event,users,from_start,from_previous,median_seconds,mean_seconds\n"
   "1,signup,8,1,1,,\n"
   "2,upload,7,0.875,0.875,10200,131528.57142857142\n"
   "3,upgrade,4,0.5,0.5714285714285714,210750,169125\n"},
  {"retention_week", "cohort,size,0,1,2\n2026-03-02,6,6,3,4\n2026-03-09,2,2,1,\n2026-03-16,1,1,,\n"},
};
#define NANALYSES (sizeof ANALYSES / sizeof ANALYSES[0])

TEST(hand_worked_means_should_be_the_printed_digits) {
  /* the shortest round-trip texts above are these fractions */
  CHECK(131528.57142857142 == 920700.0 / 7);
  CHECK(0.5714285714285714 == 4.0 / 7);
}

TEST(every_family_should_give_the_hand_worked_analyses) {
  for (size_t f = 0; f < NFAMILIES; f++) {
    for (size_t a = 0; a < NANALYSES; a++) {
      char rel[256];
      snprintf(rel, sizeof rel, "tests/cli/journey_%s_%s.out", FAMILIES[f][0], ANALYSES[a][0]);
      size_t n;
      unsigned char *text = source_file(rel, &n);
      CHECK(text != NULL);
      if (!text) continue;
      if (strcmp((const char *)text, ANALYSES[a][1]) != 0)
        CHECK_FAIL_("%s differs from the hand-worked %s", rel, ANALYSES[a][0]);
      free(text);
    }
  }
}

TEST(every_family_should_be_detected_as_events_of_its_export) {
  const char *dir = getenv("LS_SOURCE_DIR");
  for (size_t f = 0; f < NFAMILIES; f++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/data/fixtures/%s", dir ? dir : ".", FAMILIES[f][1]);
    ls_workspace *ws = ls_workspace_new();
    CHECK_INT(ls_workspace_load_path(ws, path), LS_OK);
    int di = ls_workspace_find(ws, LS_KIND_EVENTS);
    CHECK(di >= 0);
    if (di >= 0) {
      const ls_detection *d = ls_workspace_detection(ws, (size_t)di);
      const ls_table *t = ls_workspace_table(ws, (size_t)di);
      CHECK_STR(ls_format_name(d->format), FAMILIES[f][2]);
      CHECK_INT(ls_table_rows(t), 61);
      CHECK(d->col[LS_ROLE_USER] >= 0);
      if (d->col[LS_ROLE_USER] >= 0)
        CHECK_STR(ls_column_name(ls_table_col(t, (size_t)d->col[LS_ROLE_USER])), FAMILIES[f][3]);
      /* event times are instants: none is read as a wall-clock time */
      const ls_column *ts = ls_table_col(t, (size_t)d->col[LS_ROLE_TIMESTAMP]);
      CHECK_INT(ls_column_type(ts), LS_TYPE_TIME);
      CHECK_INT(ls_column_flags(ts) & LS_COL_LOCAL, 0);
    }
    ls_workspace_free(ws);
  }
}

TEST(journey_sqlite_should_be_what_its_sql_gives) {
  size_t nsql, ndb;
  unsigned char *sql = source_file("tests/fixtures/journey.sql", &nsql);
  unsigned char *db = source_file("data/fixtures/journey.sqlite", &ndb);
  CHECK(sql && db);
  if (sql && db) {
    sqlite3_int64 n = 0;
    unsigned char *image = sql_image((const char *)sql, &n);
    CHECK(image != NULL);
    CHECK_INT(n, (long long)ndb);
    CHECK(image && (size_t)n == ndb && memcmp(image, db, ndb) == 0);
    sqlite3_free(image);
  }
  free(sql);
  free(db);
}

int main(void) {
  RUN(hand_worked_means_should_be_the_printed_digits);
  RUN(every_family_should_give_the_hand_worked_analyses);
  RUN(every_family_should_be_detected_as_events_of_its_export);
  RUN(journey_sqlite_should_be_what_its_sql_gives);
  return check_done();
}

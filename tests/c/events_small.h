/* events_small.h: the events of data/events_small.csv as rows, hand-counted
 * by test_activity.c and read through SQL by test_sql.c. */
#ifndef LS_TEST_EVENTS_SMALL_H
#define LS_TEST_EVENTS_SMALL_H

#include "fixtures.h"

static const event_row EVENTS[] = {
  {"u1", "signup", "2026-03-01T09:00:00Z"},
  {"u1", "resume_scan", "2026-03-01T09:05:12Z"},
  {"u2", "signup", "2026-03-01 23:30:00"},
  {"u3", "signup", "2026-03-02T01:00:00+08:00"}, /* Mar 1, 17:00 UTC */
  {"u1", "resume_scan", "2026-03-02T10:00:00.250Z"},
  {"u2", "job_search", "2026-03-03T08:00:00Z"},
  {"u4", "signup", "2026-03-05T12:00:00Z"},
  {"u1", "mock_interview", "2026-03-08T12:00:00Z"},
  {"u3", "resume_scan", "2026-03-09T15:30:00Z"},
  {"u5", "signup", "2026-03-10T23:59:59Z"},
};
#define NEVENTS (sizeof EVENTS / sizeof EVENTS[0])

#endif

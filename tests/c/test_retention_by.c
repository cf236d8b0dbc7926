/* test_retention_by.c: the retention breakdown and the weighted mean row
 * (metrics/retention.h) on hand-worked event lists; every expected cell is
 * worked out in the comment beside it. X marks a cell not yet observable
 * (LS_RETENTION_ABSENT), NA a mean no cohort with members observes (NaN). */
#include <math.h>

#include "base/alloc.h"
#include "check.h"
#include "fixtures.h"
#include "metrics/retention.h"
#include "revenue_fixture.h"
#include "workspace/workspace.h"

#define X LS_RETENTION_ABSENT
#define NA NAN

/* Mon 6 .. Thu 9 January 2025 are the complete days as of Fri 10.
 * a: 6 free, 7 pro, 9 pro; b: 7 pro, 8 free; c: 7 (no plan), 8 free;
 * d: 8 basic, 9 basic; e: 6 free, 9 trial */
static const char EVENTS[] = "distinct_id,event,timestamp,plan\n"
                             "a,view,2025-01-06T10:00:00Z,free\n"
                             "e,view,2025-01-06T11:00:00Z,free\n"
                             "a,view,2025-01-07T10:00:00Z,pro\n"
                             "b,view,2025-01-07T11:00:00Z,pro\n"
                             "c,view,2025-01-07T12:00:00Z,\n"
                             "b,view,2025-01-08T10:00:00Z,free\n"
                             "c,view,2025-01-08T11:00:00Z,free\n"
                             "d,view,2025-01-08T12:00:00Z,basic\n"
                             "a,view,2025-01-09T10:00:00Z,pro\n"
                             "d,view,2025-01-09T11:00:00Z,basic\n"
                             "e,view,2025-01-09T12:00:00Z,trial\n";

/* a: ads, b and c: seo, d: ads; e has no customer row */
static const char CUSTOMERS[] = "customer_id,channel,signup_at\n"
                                "a,ads,2025-01-01\nb,seo,2025-01-01\nc,seo,2025-01-01\nd,ads,2025-01-01\n";

static ls_workspace *events_ws(int with_customers) {
  ls_workspace *ws = ls_workspace_new();
  CHECK_INT(add_csv(ws, "events.csv", EVENTS), LS_OK);
  if (with_customers) CHECK_INT(add_csv(ws, "customers.csv", CUSTOMERS), LS_OK);
  return ws;
}

static ls_retention_query day_query(ls_retention_type type, ls_retention_mode mode, const char *by) {
  ls_retention_query q = LS_RETENTION_QUERY_INIT;
  q.period = LS_GRAIN_DAY, q.type = type, q.mode = mode, q.asof = T("2025-01-10"), q.by = by;
  return q;
}

/* segment g of r is labelled label, holds the 4 x 4 matrix want (sizes at
 * k = 0), its mean row is mean and its mean size size */
static void check_segment(const ls_retention *r, size_t g, const char *label, const int64_t want[16],
                          const double mean[4], int64_t size) {
  CHECK(r != NULL);
  if (!r || r->ncohorts != 4 || r->nk != 4 || g >= r->nsegments) {
    CHECK_FAIL_("segment %zu of %s: no such 4 x 4 matrix", g, label ? label : "(none)");
    return;
  }
  if (label) CHECK_STR(r->segment[g], label);
  else CHECK(r->segment == NULL);
  for (size_t c = 0; c < 4; c++) {
    CHECK_INT(r->size[g * 4 + c], want[c * 4]);
    for (size_t k = 0; k < 4; k++)
      if (r->count[(g * 4 + c) * 4 + k] != want[c * 4 + k])
        CHECK_FAIL_("%s, cohort %zu, k %zu: %lld, expected %lld", label ? label : "all", c, k,
                    (long long)r->count[(g * 4 + c) * 4 + k], (long long)want[c * 4 + k]);
  }
  for (size_t k = 0; k < 4; k++) CHECK_NUM(r->mean[g * 4 + k], mean[k], 1e-12);
  CHECK_INT(r->mean_size[g], size);
}

static ls_retention *run(ls_workspace *ws, const ls_retention_query *q) {
  ls_retention *r = NULL;
  if (ls_retention_run(ws, q, &r) != LS_OK) printf("  %s\n", ls_workspace_errmsg(ws));
  return r;
}

/* one segment's expected matrix, mean row and mean size */
typedef struct {
  const char *label;
  int64_t m[16];
  double mean[4];
  int64_t size;
} seg_want;

/* q over ws gives the n segments want, in order */
static void check_run(ls_workspace *ws, const ls_retention_query *q, const seg_want *want, size_t n) {
  ls_retention *r = run(ws, q);
  CHECK(r && r->nsegments == n);
  for (size_t g = 0; r && g < n; g++) check_segment(r, g, want[g].label, want[g].m, want[g].mean, want[g].size);
  ls_retention_free(r);
}

TEST(first_time_segments_take_the_value_at_the_users_first_event) {
  /* a: cohort 6, free (its first event); returns 7 (k1), 9 (k3)
   * e: cohort 6, free; returns 9 (k3) (trial there: not its segment)
   * b: cohort 7, pro; returns 8 (k1)
   * c: cohort 7, no plan at its first event: in no segment
   * d: cohort 8, basic; returns 9 (k1)
   * trial has no membership: left out. Segments sorted: basic, free, pro */
  const seg_want want[] = {
    /* basic: k1 cohorts 6..8 observe it: 1 / (0 + 0 + 1) = 1; k2 cohorts
     * 6, 7 (both empty): NA; k3 cohort 6 (empty): NA */
    {"basic", {0, 0, 0, 0, /**/ 0, 0, 0, X, /**/ 1, 1, X, X, /**/ 0, X, X, X}, {1, 1, NA, NA}, 1},
    /* free: cohort 6 = {a, e}: k1 a, k2 nobody, k3 a and e. Mean k1 1/2,
     * k2 0/2, k3 2/2 */
    {"free", {2, 1, 0, 2, /**/ 0, 0, 0, X, /**/ 0, 0, X, X, /**/ 0, X, X, X}, {1, 0.5, 0, 1}, 2},
    /* pro: cohort 7 = {b}: k1 b on 8, k2 not on 9. Mean k1 1/1, k2 0/1, k3
     * only cohort 6 (empty): NA */
    {"pro", {0, 0, 0, 0, /**/ 1, 1, 0, X, /**/ 0, 0, X, X, /**/ 0, X, X, X}, {1, 1, 0, NA}, 1},
  };
  ls_workspace *ws = events_ws(0);
  ls_retention_query q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON, "plan");
  check_run(ws, &q, want, 3);
  ls_workspace_free(ws);
}

TEST(recurring_memberships_take_the_value_at_their_own_anchor) {
  /* memberships (anchor: the first event of the day):
   *   a: 6 free, 7 pro, 9 pro;  b: 7 pro, 8 free;  c: 7 none, 8 free;
   *   d: 8 basic, 9 basic;      e: 6 free, 9 trial */
  const seg_want want[] = {
    /* basic: cohort 8 {d} returns on 9 (k1); cohort 9 {d} */
    {"basic", {0, 0, 0, 0, /**/ 0, 0, 0, X, /**/ 1, 1, X, X, /**/ 1, X, X, X}, {1, 1, NA, NA}, 2},
    /* free: cohort 6 {a, e}: k1 a (7), k2 nobody (8), k3 a, e (9); cohort 8
     * {b, c}: k1 nobody on 9. Mean k1 (1 + 0 + 0) / (2 + 0 + 2), k2 0 / 2,
     * k3 2 / 2 */
    {"free", {2, 1, 0, 2, /**/ 0, 0, 0, X, /**/ 2, 0, X, X, /**/ 0, X, X, X}, {1, 0.25, 0, 1}, 4},
    /* pro: cohort 7 {a, b}: k1 b (8), k2 a (9); cohort 9 {a}. Mean k1 1 / 2
     * (6 and 8 empty), k2 1 / 2, k3 cohort 6 empty */
    {"pro", {0, 0, 0, 0, /**/ 2, 1, 1, X, /**/ 0, 0, X, X, /**/ 1, X, X, X}, {1, 0.5, 0.5, NA}, 3},
    /* trial: cohort 9 {e}, which observes k = 0 alone */
    {"trial", {0, 0, 0, 0, /**/ 0, 0, 0, X, /**/ 0, 0, X, X, /**/ 1, X, X, X}, {1, NA, NA, NA}, 1},
  };
  ls_workspace *ws = events_ws(0);
  ls_retention_query q = day_query(LS_RETENTION_RECURRING, LS_RETENTION_ON, "plan");
  check_run(ws, &q, want, 4);
  ls_workspace_free(ws);
}

TEST(a_customers_column_is_joined_on_the_user_id) {
  /* first_time: a (6, ads: k1, k3), e (6, no customer: none), b and c (7,
   * seo: both on 8, k1), d (8, ads: k1) */
  const seg_want want[] = {
    /* ads: k1 (1 + 0 + 1) / (1 + 0 + 1), k2 0 / 1, k3 1 / 1 */
    {"ads", {1, 1, 0, 1, /**/ 0, 0, 0, X, /**/ 1, 1, X, X, /**/ 0, X, X, X}, {1, 1, 0, 1}, 2},
    /* seo: k1 2 / 2, k2 0 / 2, k3 cohort 6 empty */
    {"seo", {0, 0, 0, 0, /**/ 2, 2, 0, X, /**/ 0, 0, X, X, /**/ 0, X, X, X}, {1, 1, 0, NA}, 2},
  };
  /* with plan=free, the rows a 6, e 6, b 8 and c 8: a, e in cohort 6 (no
   * return kept), b, c in cohort 8 */
  const seg_want scoped[] = {
    {"ads", {1, 0, 0, 0, /**/ 0, 0, 0, X, /**/ 0, 0, X, X, /**/ 0, X, X, X}, {1, 0, 0, 0}, 1},
    {"seo", {0, 0, 0, 0, /**/ 0, 0, 0, X, /**/ 2, 0, X, X, /**/ 0, X, X, X}, {1, 0, NA, NA}, 2},
  };
  ls_workspace *ws = events_ws(1);
  ls_retention_query q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON, "Channel");
  check_run(ws, &q, want, 2);
  const ls_where w[] = {{"plan", "free"}};
  q.scope = (ls_scope){w, 1};
  check_run(ws, &q, scoped, 2);
  ls_workspace_free(ws);
}

TEST(the_mean_row_weighs_each_observable_cell_by_its_cohort_size) {
  /* no breakdown, first_time, on: cohort 6 {a, e}: k1 a, k2 nobody, k3 a, e;
   * cohort 7 {b, c}: k1 b, c (8), k2 nobody (9); cohort 8 {d}: k1 d;
   * cohort 9 empty. Mean k1 (1 + 2 + 1) / (2 + 2 + 1) = 0.8, k2 (0 + 0) /
   * (2 + 2) = 0, k3 2 / 2 = 1 */
  const seg_want on[] = {
    {NULL, {2, 1, 0, 2, /**/ 2, 2, 0, X, /**/ 1, 1, X, X, /**/ 0, X, X, X}, {1, 0.8, 0, 1}, 5}};
  /* on_or_after: cohort 6: a (7, 9) in k1..3, e (9) in k1..3: 2, 2, 2;
   * cohort 7: b, c (8) in k1 only: 2, 0; cohort 8: d: 1. Mean k1 5 / 5,
   * k2 2 / 4, k3 2 / 2 */
  const seg_want after[] = {
    {NULL, {2, 2, 2, 2, /**/ 2, 2, 0, X, /**/ 1, 1, X, X, /**/ 0, X, X, X}, {1, 1, 0.5, 1}, 5}};
  ls_workspace *ws = events_ws(0);
  ls_retention_query q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON, NULL);
  check_run(ws, &q, on, 1);
  q.mode = LS_RETENTION_ON_OR_AFTER;
  check_run(ws, &q, after, 1);
  /* only cohort 9 (from = to = the 9th): empty, every mean NA, even k = 0 */
  q.from = q.to = T("2025-01-09");
  ls_retention *r = run(ws, &q);
  CHECK(r && r->ncohorts == 1 && r->nk == 1 && r->mean_size[0] == 0);
  if (r && r->nk == 1) CHECK(isnan(r->mean[0]));
  ls_retention_free(r);
  ls_workspace_free(ws);
}

TEST(bad_breakdowns_are_refused) {
  ls_workspace *ws = events_ws(0);
  ls_retention *r = NULL;
  ls_retention_query q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON, "");
  CHECK_INT(ls_retention_run(ws, &q, &r), LS_EINVAL);
  q.by = "nope";
  CHECK_INT(ls_retention_run(ws, &q, &r), LS_ENOTFOUND);
  CHECK_HAS(ls_workspace_errmsg(ws), "nope");
  q.by = "timestamp"; /* time columns cannot segment */
  CHECK_INT(ls_retention_run(ws, &q, &r), LS_EINVAL);
  CHECK(r == NULL);
  /* a column with no value at all: no segment */
  ls_workspace *blank = ls_workspace_new();
  CHECK_INT(add_csv(blank, "events.csv", "distinct_id,event,timestamp,plan\na,view,2025-01-06T10:00:00Z,\n"),
            LS_OK);
  q.by = "plan";
  CHECK_INT(ls_retention_run(blank, &q, &r), LS_OK);
  CHECK(r && r->nsegments == 0 && r->segment != NULL);
  ls_retention_free(r);
  ls_workspace_free(blank);
  ls_workspace_free(ws);
}

TEST(a_failed_allocation_is_reported_and_nothing_leaks) {
  ls_workspace *ws = events_ws(1);
  ls_retention_query q = day_query(LS_RETENTION_RECURRING, LS_RETENTION_ON, "channel");
  int failed = 0, ok = 0;
  for (unsigned long k = 1; k < 200 && !ok; k++) {
    ls_retention *r = NULL;
    ls_workspace_set(ws, "movements", "boundary"); /* drop the cache: the index is built again */
    ls_alloc_fail_after(k);
    ls_status st = ls_retention_run(ws, &q, &r);
    ls_alloc_fail_after(0);
    if (st == LS_ENOMEM) failed++;
    else CHECK_INT(st, LS_OK);
    if (st == LS_OK) {
      ok = 1;
      CHECK(r && r->nsegments == 2);
    }
    ls_retention_free(r);
  }
  CHECK(failed > 5 && ok);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(first_time_segments_take_the_value_at_the_users_first_event);
  RUN(recurring_memberships_take_the_value_at_their_own_anchor);
  RUN(a_customers_column_is_joined_on_the_user_id);
  RUN(the_mean_row_weighs_each_observable_cell_by_its_cohort_size);
  RUN(bad_breakdowns_are_refused);
  RUN(a_failed_allocation_is_reported_and_nothing_leaks);
  return check_done();
}

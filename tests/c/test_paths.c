/* test_paths.c: paths through sessions (metrics/paths.h) on hand-worked
 * events; every expected pair is worked out in the comment beside it. */
#include <string.h>

#include "check.h"
#include "fixtures.h"
#include "metrics/paths.h"
#include "workspace/workspace.h"

#define N(a) (sizeof a / sizeof a[0])

/* All on 2026-03-02 (UTC). Sessions (30 minutes):
 *   S1 u1 09:00 A, 09:10 B, 09:20 C
 *   S2 u1 11:00 A, 11:05 C               (100 min after S1)
 *   S3 u2 10:00 A, 10:05 B
 *   S4 u2 10:40 B                        (35 min after S3: a new session)
 *   S5 u3 12:00 C                        (a user with one event) */
static const event_row EVENTS[] = {
  {"u1", "A", "2026-03-02T09:00:00Z"}, {"u1", "B", "2026-03-02T09:10:00Z"}, {"u2", "A", "2026-03-02T10:00:00Z"},
  {"u1", "C", "2026-03-02T09:20:00Z"}, {"u2", "B", "2026-03-02T10:05:00Z"}, {"u2", "B", "2026-03-02T10:40:00Z"},
  {"u1", "A", "2026-03-02T11:00:00Z"}, {"u1", "C", "2026-03-02T11:05:00Z"}, {"u3", "C", "2026-03-02T12:00:00Z"},
};

typedef struct {
  const char *from, *to;
  int64_t users, transitions;
} want_pair;

static ls_paths *run(const event_row *rows, size_t n, const ls_paths_query *q) {
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, events_table(rows, n));
  ls_paths *p = NULL;
  if (ls_paths_run(ws, q, &p) != LS_OK) printf("  %s\n", ls_workspace_errmsg(ws));
  ls_workspace_free(ws);
  return p;
}

static void check_pairs(const ls_paths *p, const want_pair *w, size_t n, size_t distinct) {
  CHECK(p != NULL);
  if (!p) return;
  CHECK_INT(p->n, n);
  CHECK_INT(p->distinct, distinct);
  for (size_t k = 0; k < n && k < p->n; k++) {
    if (strcmp(p->from[k], w[k].from) || strcmp(p->to[k], w[k].to) || p->users[k] != w[k].users ||
        p->transitions[k] != w[k].transitions)
      printf("  pair %zu: %s,%s,%lld,%lld; expected %s,%s,%lld,%lld\n", k, p->from[k], p->to[k],
             (long long)p->users[k], (long long)p->transitions[k], w[k].from, w[k].to, (long long)w[k].users,
             (long long)w[k].transitions);
    CHECK_STR(p->from[k], w[k].from);
    CHECK_STR(p->to[k], w[k].to);
    CHECK_INT(p->users[k], w[k].users);
    CHECK_INT(p->transitions[k], w[k].transitions);
  }
}

TEST(top_transitions_should_count_pairs_inside_sessions_with_start_and_end) {
  ls_paths_query q = LS_PATHS_QUERY_INIT;
  ls_paths *p = run(EVENTS, N(EVENTS), &q);
  /* (start)→A: S1 S2 S3 (u1, u2); C→(end): S1 S2 S5 (u1, u3); A→B: S1 S3;
   * B→(end): S3 S4 (u2 only); (start)→B: S4; (start)→C: S5; A→C: S2; B→C:
   * S1. Ties by from, then to, "(" before letters. */
  static const want_pair w[] = {
    {"(start)", "A", 2, 3}, {"C", "(end)", 2, 3}, {"A", "B", 2, 2}, {"B", "(end)", 1, 2},
    {"(start)", "B", 1, 1}, {"(start)", "C", 1, 1}, {"A", "C", 1, 1}, {"B", "C", 1, 1},
  };
  check_pairs(p, w, N(w), 8);
  if (p) {
    CHECK_INT(p->sessions, 5);
    CHECK_INT(p->users_total, 3);
    CHECK_INT(p->nsteps, 0);
  }
  ls_paths_free(p);
}

TEST(top_should_cut_the_sorted_pairs) {
  ls_paths_query q = LS_PATHS_QUERY_INIT;
  q.top = 3;
  ls_paths *p = run(EVENTS, N(EVENTS), &q);
  static const want_pair w[] = {{"(start)", "A", 2, 3}, {"C", "(end)", 2, 3}, {"A", "B", 2, 2}};
  check_pairs(p, w, N(w), 8);
  ls_paths_free(p);
}

TEST(after_should_follow_each_sessions_first_event_by_step) {
  ls_paths_query q = LS_PATHS_QUERY_INIT;
  q.after = "A";
  q.steps = 2;
  ls_paths *p = run(EVENTS, N(EVENTS), &q);
  /* S1: 0:A→1:B→2:C (2 steps reached: no end node); S2: 0:A→1:C→2:(end)
   * (fewer than 2 steps); S3: 0:A→1:B→2:(end). S4 and S5 hold no A. */
  static const want_pair w[] = {
    {"0:A", "1:B", 2, 2}, {"0:A", "1:C", 1, 1}, {"1:B", "2:(end)", 1, 1}, {"1:B", "2:C", 1, 1}, {"1:C", "2:(end)", 1, 1},
  };
  check_pairs(p, w, N(w), 5);
  if (p && p->nsteps == 2) {
    CHECK_INT(p->sessions, 3);
    CHECK_INT(p->users_total, 2);
    /* step 0: S1 S2 S3 (u1, u2), none ends; step 1: S1 S2 S3, S2 (u1) and
     * S3 (u2) end; step 2: S1 reaches C and ends there */
    int64_t rs[] = {3, 3, 1}, ru[] = {2, 2, 1}, es[] = {0, 2, 1}, eu[] = {0, 2, 1};
    for (size_t k = 0; k < 3; k++) {
      CHECK_INT(p->reached_sessions[k], rs[k]);
      CHECK_INT(p->reached_users[k], ru[k]);
      CHECK_INT(p->ended_sessions[k], es[k]);
      CHECK_INT(p->ended_users[k], eu[k]);
    }
  } else {
    CHECK_FAIL_("no drop-off table of 2 steps");
  }
  ls_paths_free(p);
}

TEST(before_should_lead_to_each_sessions_first_event) {
  ls_paths_query q = LS_PATHS_QUERY_INIT;
  q.before = "C";
  q.steps = 2;
  ls_paths *p = run(EVENTS, N(EVENTS), &q);
  /* S1: -2:A→-1:B→0:C; S2: -2:(start)→-1:A→0:C; S5: -1:(start)→0:C */
  static const want_pair w[] = {
    {"-2:(start)", "-1:A", 1, 1}, {"-2:A", "-1:B", 1, 1}, {"-1:(start)", "0:C", 1, 1},
    {"-1:A", "0:C", 1, 1},        {"-1:B", "0:C", 1, 1},
  };
  check_pairs(p, w, N(w), 5);
  if (p) {
    CHECK_INT(p->sessions, 3);
    CHECK(p->reached_sessions == NULL);
  }
  ls_paths_free(p);
}

TEST(from_should_keep_the_sessions_starting_in_range_whole) {
  ls_paths_query q = LS_PATHS_QUERY_INIT;
  q.from = T("2026-03-02T10:30:00Z");
  ls_paths *p = run(EVENTS, N(EVENTS), &q);
  /* S2 (11:00), S4 (10:40), S5 (12:00): C→(end) in S2 and S5 */
  static const want_pair w[] = {
    {"C", "(end)", 2, 2}, {"(start)", "A", 1, 1}, {"(start)", "B", 1, 1},
    {"(start)", "C", 1, 1}, {"A", "C", 1, 1},     {"B", "(end)", 1, 1},
  };
  check_pairs(p, w, N(w), 6);
  ls_paths_free(p);
}

TEST(events_at_one_instant_should_keep_file_order) {
  static const event_row same[] = {{"u1", "Y", "2026-03-02T08:00:00Z"}, {"u1", "X", "2026-03-02T08:00:00Z"}};
  ls_paths_query q = LS_PATHS_QUERY_INIT;
  ls_paths *p = run(same, N(same), &q);
  /* one session Y, X (rows in order) */
  static const want_pair w[] = {{"(start)", "Y", 1, 1}, {"X", "(end)", 1, 1}, {"Y", "X", 1, 1}};
  check_pairs(p, w, N(w), 3);
  ls_paths_free(p);
}

TEST(an_event_no_row_has_should_give_no_pairs) {
  ls_paths_query q = LS_PATHS_QUERY_INIT;
  q.after = "Z";
  ls_paths *p = run(EVENTS, N(EVENTS), &q);
  check_pairs(p, NULL, 0, 0);
  if (p) {
    CHECK_INT(p->sessions, 0);
    CHECK_INT(p->reached_sessions[0], 0);
  }
  ls_paths_free(p);
}

TEST(bad_queries_should_be_refused) {
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, events_table(EVENTS, N(EVENTS)));
  ls_paths *p = NULL;
  ls_paths_query q = LS_PATHS_QUERY_INIT;
  q.after = "A", q.before = "C";
  CHECK_INT(ls_paths_run(ws, &q, &p), LS_EINVAL);
  q = (ls_paths_query)LS_PATHS_QUERY_INIT;
  q.steps = 0;
  CHECK_INT(ls_paths_run(ws, &q, &p), LS_EINVAL);
  q.steps = LS_PATHS_MAX_STEPS + 1;
  CHECK_INT(ls_paths_run(ws, &q, &p), LS_EINVAL);
  q = (ls_paths_query)LS_PATHS_QUERY_INIT;
  q.top = 0;
  CHECK_INT(ls_paths_run(ws, &q, &p), LS_EINVAL);
  q = (ls_paths_query)LS_PATHS_QUERY_INIT;
  q.after = "";
  CHECK_INT(ls_paths_run(ws, &q, &p), LS_EINVAL);
  q = (ls_paths_query)LS_PATHS_QUERY_INIT;
  q.from = q.to = T("2026-03-02T00:00:00Z");
  CHECK_INT(ls_paths_run(ws, &q, &p), LS_EINVAL);
  CHECK(p == NULL);
  ls_workspace_free(ws);
  ls_workspace *empty = ls_workspace_new();
  q = (ls_paths_query)LS_PATHS_QUERY_INIT;
  CHECK_INT(ls_paths_run(empty, &q, &p), LS_ENODATA);
  ls_workspace_free(empty);
}

int main(void) {
  RUN(top_transitions_should_count_pairs_inside_sessions_with_start_and_end);
  RUN(top_should_cut_the_sorted_pairs);
  RUN(after_should_follow_each_sessions_first_event_by_step);
  RUN(before_should_lead_to_each_sessions_first_event);
  RUN(from_should_keep_the_sessions_starting_in_range_whole);
  RUN(events_at_one_instant_should_keep_file_order);
  RUN(an_event_no_row_has_should_give_no_pairs);
  RUN(bad_queries_should_be_refused);
  return check_done();
}

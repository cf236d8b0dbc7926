/* test_evindex.c: the events index (metrics/evindex.h) on a hand-sorted list. */
#include "base/alloc.h"
#include "check.h"
#include "fixtures.h"
#include "metrics/evindex.h"
#include "rng.h"
#include "workspace/workspace.h"

static const event_row EVENTS[] = {
  {"u2", "b", "2025-01-01T10:00:00Z"}, /* row 0: u2 is user 0 */
  {"u1", "a", "2025-01-01T09:00:00Z"}, /* row 1: u1 is user 1 */
  {"u2", "a", "2025-01-01T08:00:00Z"}, /* row 2 */
  {NULL, "a", "2025-01-01T08:00:00Z"}, /* row 3: no user: out */
  {"u1", NULL, "2025-01-01T08:00:00Z"}, /* row 4: no event: out */
  {"u1", "a", NULL},                   /* row 5: no time: out */
  {"u2", "c", "2025-01-01T10:00:00Z"}, /* row 6: ties row 0, after it */
  {"u3", "a", "1969-12-31T23:59:59Z"}, /* row 7: before the epoch */
};

TEST(events_should_sort_by_user_then_time_then_row) {
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, events_table(EVENTS, sizeof EVENTS / sizeof EVENTS[0]));
  const ls_evindex *x = NULL;
  CHECK_INT(ls_evindex_get(ws, NULL, &x), LS_OK);
  if (!x) return;
  CHECK_INT(x->n, 5);
  CHECK_INT(x->nusers, 3);
  /* user 0 (u2): rows 2, 0, 6; user 1 (u1): row 1; user 2 (u3): row 7 */
  const int32_t rows[] = {2, 0, 6, 1, 7}, users[] = {0, 0, 0, 1, 2};
  for (size_t i = 0; i < 5 && i < x->n; i++) {
    CHECK_INT(x->row[i], rows[i]);
    CHECK_INT(x->user[i], users[i]);
  }
  CHECK_INT(x->first[0], 0);
  CHECK_INT(x->first[1], 3);
  CHECK_INT(x->first[2], 4);
  CHECK_INT(x->first[3], 5);
  CHECK_INT(x->t[4], T("1969-12-31T23:59:59Z"));
  CHECK(strcmp(ls_evindex_name(x, x->name[2]), "c") == 0);
  CHECK_INT(ls_evindex_name_id(x, "b"), x->name[1]);
  CHECK_INT(ls_evindex_name_id(x, "B"), -1);
  CHECK_INT(ls_evindex_name_count(x), 3);
  ls_workspace_free(ws);
}

TEST(a_scope_keeps_only_its_rows_and_users_keep_their_ids) {
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, events_table(EVENTS, sizeof EVENTS / sizeof EVENTS[0]));
  ls_where w = {"event", "A"}; /* case ignored: rows 1, 2, 7 */
  ls_scope sc = {&w, 1};
  const ls_evindex *x = NULL;
  CHECK_INT(ls_evindex_get(ws, &sc, &x), LS_OK);
  if (!x) return;
  CHECK_INT(x->n, 3);
  CHECK_INT(x->nusers, 3);
  CHECK_INT(x->row[0], 2);
  CHECK_INT(x->row[1], 1);
  CHECK_INT(x->row[2], 7);
  CHECK_INT(x->first[1] - x->first[0], 1);
  ls_workspace *none = ls_workspace_new();
  CHECK_INT(ls_evindex_get(none, NULL, &x), LS_ENODATA);
  ls_workspace_free(none);
  ls_workspace_free(ws);
}

TEST(users_in_shuffled_time_order_are_sorted_by_time_then_row) {
  /* 3 users, 500 rows at 40 distinct instants in random order: within each
   * user, every next event is later, or at the same instant on a later row */
  enum { ROWS = 500 };
  static char times[40][32];
  static const char *const users[] = {"a", "b", "c"};
  event_row rows[ROWS];
  for (int i = 0; i < 40; i++) snprintf(times[i], sizeof times[i], "2025-01-01T10:%02d:00Z", i);
  for (int i = 0; i < ROWS; i++) rows[i] = (event_row){users[rnd() % 3], "e", times[rnd() % 40]};
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, events_table(rows, ROWS));
  const ls_evindex *x = NULL;
  CHECK_INT(ls_evindex_get(ws, NULL, &x), LS_OK);
  if (!x) return;
  CHECK_INT(x->n, ROWS);
  size_t bad = 0;
  for (size_t u = 0; u < x->nusers; u++)
    for (size_t i = x->first[u] + 1; i < x->first[u + 1]; i++) {
      bad += x->t[i] < x->t[i - 1] || (x->t[i] == x->t[i - 1] && x->row[i] <= x->row[i - 1]);
      bad += x->t[i] != T(rows[x->row[i]].time) || x->user[i] != (int32_t)u;
    }
  CHECK_INT(bad, 0);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(events_should_sort_by_user_then_time_then_row);
  RUN(a_scope_keeps_only_its_rows_and_users_keep_their_ids);
  RUN(users_in_shuffled_time_order_are_sorted_by_time_then_row);
  return check_done();
}

/* test_userscope.c: scopes that select whole users (metrics/userscope.h) and
 * the indexes cut from the unscoped ones for them (evindex, activity), on a
 * hand-written log; every expected value is worked out in the comments. */
#include "base/alloc.h"
#include "catalog/catalog.h"
#include "check.h"
#include "fixtures.h"
#include "metrics/evindex.h"
#include "metrics/userscope.h"
#include "revenue_fixture.h"
#include "workspace/workspace.h"

/* Users in order of first appearance: u1 = 0, u2 = 1, u3 = 2, u4 = 3.
 * u1: view 6 Jan, view and buy 7 Jan; u2: view 6 and 8 Jan; u3: view 8 Jan;
 * u4: view 5 Jan (row 6), and no customer row. */
static const char EVENTS[] = "user_id,event,timestamp\n"
                             "u1,view,2025-01-06T09:00:00Z\n"  /* row 0 */
                             "u2,view,2025-01-06T10:00:00Z\n"  /* row 1 */
                             "u1,buy,2025-01-07T09:30:00Z\n"   /* row 2 */
                             "u1,view,2025-01-07T09:00:00Z\n"  /* row 3: before row 2 in time */
                             "u2,view,2025-01-08T10:00:00Z\n"  /* row 4 */
                             "u3,view,2025-01-08T11:00:00Z\n"  /* row 5 */
                             "u4,view,2025-01-05T12:00:00Z\n"; /* row 6 */

/* u1 and u3 came from ads, u2 from seo */
static const char CUSTOMERS[] = "customer_id,channel,signup_at\n"
                                "u1,ads,2025-01-01\nu2,seo,2025-01-01\nu3,ADS,2025-01-02\n";

static ls_workspace *ws_new(void) {
  ls_workspace *ws = ls_workspace_new();
  CHECK_INT(add_csv(ws, "events.csv", EVENTS), LS_OK);
  CHECK_INT(add_csv(ws, "customers.csv", CUSTOMERS), LS_OK);
  return ws;
}

static const ls_where ADS = {"channel", "ads"};
static const ls_where VIEW = {"event", "view"};

TEST(a_customers_column_selects_whole_users) {
  ls_workspace *ws = ws_new();
  int di = ls_workspace_find(ws, LS_KIND_EVENTS);
  uint8_t *kept = NULL;
  ls_scope sc = {&ADS, 1};
  CHECK_INT(ls_user_scope(ws, di, &sc, &kept), LS_OK);
  /* channel = ads (case ignored): u1 and u3; u2 is seo, u4 has no customer */
  CHECK(kept != NULL);
  if (kept) {
    CHECK_INT(kept[0], 1);
    CHECK_INT(kept[1], 0);
    CHECK_INT(kept[2], 1);
    CHECK_INT(kept[3], 0);
  }
  ls_free(kept);
  /* event = view keeps u1's views but not its buy: not whole users */
  sc = (ls_scope){&VIEW, 1};
  CHECK_INT(ls_user_scope(ws, di, &sc, &kept), LS_OK);
  CHECK(kept == NULL);
  /* no condition: nothing to select */
  sc = (ls_scope){NULL, 0};
  CHECK_INT(ls_user_scope(ws, di, &sc, &kept), LS_OK);
  CHECK(kept == NULL);
  ls_workspace_free(ws);
}

TEST(the_events_index_of_a_user_scope_is_cut_from_the_whole) {
  ls_workspace *ws = ws_new();
  ls_scope all = {NULL, 0};
  const ls_evindex *x = NULL;
  CHECK_INT(ls_evindex_get(ws, &all, &x), LS_OK); /* the whole index first, as a view would */
  ls_scope sc = {&ADS, 1};
  CHECK_INT(ls_evindex_get(ws, &sc, &x), LS_OK);
  /* u1's events by time: row 0 (6 Jan), row 3 (7 Jan 09:00), row 2 (09:30);
   * then u3's row 5; u2 and u4 empty */
  static const int32_t rows[] = {0, 3, 2, 5};
  static const size_t first[] = {0, 3, 3, 4, 4};
  CHECK_INT(x->n, 4);
  CHECK_INT(x->nusers, 4);
  for (size_t i = 0; i < 4 && i < x->n; i++) CHECK_INT(x->row[i], rows[i]);
  for (size_t u = 0; u <= 4; u++) CHECK_INT(x->first[u], first[u]);
  CHECK_INT(x->t[1], T("2025-01-07T09:00:00Z"));
  CHECK_STR(ls_evindex_name(x, x->name[2]), "buy");
  ls_workspace_free(ws);
}

/* the value of s on day (YYYY-MM-DD), NaN-free; -1 when s has no such day */
static double on_day(const ls_series *s, const char *day) {
  for (size_t k = 0; s && k < s->n; k++)
    if (s->start[k] == T(day)) return s->value[k];
  return -1;
}

TEST(activity_over_a_user_scope_counts_its_users_only) {
  ls_workspace *ws = ws_new();
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_DAY;
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "dau", &q, &s), LS_OK); /* the whole index first */
  ls_series_free(s);
  q.scope = (ls_scope){&ADS, 1};
  CHECK_INT(ls_metric_run(ws, "dau", &q, &s), LS_OK);
  /* ads users u1, u3: 6 Jan u1; 7 Jan u1 (two events, one user); 8 Jan u3 */
  CHECK_NUM(on_day(s, "2025-01-06"), 1, 0);
  CHECK_NUM(on_day(s, "2025-01-07"), 1, 0);
  CHECK_NUM(on_day(s, "2025-01-08"), 1, 0);
  ls_series_free(s);
  CHECK_INT(ls_metric_run(ws, "new_users", &q, &s), LS_OK);
  /* first days: u1 6 Jan, u3 8 Jan */
  CHECK_NUM(on_day(s, "2025-01-06"), 1, 0);
  CHECK_NUM(on_day(s, "2025-01-07"), 0, 0);
  CHECK_NUM(on_day(s, "2025-01-08"), 1, 0);
  ls_series_free(s);
  /* the same from a workspace that never built the whole index (the scoped
   * index then builds it first): the same answers */
  ls_workspace *fresh = ws_new();
  CHECK_INT(ls_metric_run(fresh, "dau", &q, &s), LS_OK);
  CHECK_NUM(on_day(s, "2025-01-07"), 1, 0);
  CHECK_NUM(on_day(s, "2025-01-08"), 1, 0);
  ls_series_free(s);
  ls_workspace_free(fresh);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(a_customers_column_selects_whole_users);
  RUN(the_events_index_of_a_user_scope_is_cut_from_the_whole);
  RUN(activity_over_a_user_scope_counts_its_users_only);
  return check_done();
}

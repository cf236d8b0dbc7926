/* test_revenue_sql.c: an independent check of MRR and its movements. The
 * generated subscriptions are copied into an in-memory SQLite database and
 * the project's own SQL (revenue_sql.h, written from docs/metrics.md, not
 * from the kernels) computes each customer's MRR at every month end and the
 * boundary movements; every figure must equal the C walk's, unit for unit. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gen_fixture.h"
#include "metrics/revwalk.h"
#include "revenue_sql.h"
#include "sqlite3.h"
#include "workspace/workspace.h"

TEST(sql_over_sqlite_should_give_the_walk_s_mrr_and_movements) {
  long compared = 0, bad = 0;
  for (uint64_t seed = 3; seed <= 5; seed++) {
    ls_workspace *ws = gen_workspace(seed, 300, 300, NULL);
    CHECK(ws != NULL);
    if (!ws) continue;
    const ls_table *subs = ls_workspace_table(ws, (size_t)ls_workspace_find(ws, LS_KIND_SUBSCRIPTIONS));
    ls_query q = LS_QUERY_INIT;
    ls_series *s = NULL;
    CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_OK);
    int64_t *starts = malloc((s->n + 1) * sizeof *starts);
    memcpy(starts, s->start, s->n * sizeof *starts);
    starts[s->n] = ls_period_next(s->start[s->n - 1], s->grain, s->tz);
    ls_periods p = {s->n, starts, s->grain, s->tz, NULL};
    const ls_revwalk *w = NULL;
    size_t off = 9;
    CHECK_INT(ls_revwalk_get(ws, &q.scope, &p, &w, &off), LS_OK);
    CHECK_INT(off, 0);

    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    CHECK(revsql_copy(db, subs));
    CHECK(revsql_ends(db, starts, s->n));
    char *err = NULL;
    if (!revsql_setup(db, &err)) CHECK_FAIL_("sql: %s", err);
    sqlite3_free(err);
    long wrong = 0, n = revsql_compare(db, w, off, stdout, &wrong);
    CHECK_INT(n, (long)s->n);
    compared += n;
    bad += wrong;
    sqlite3_close(db);
    free(starts);
    ls_series_free(s);
    ls_workspace_free(ws);
  }
  CHECK(compared >= 20);
  CHECK_INT(bad, 0);
}

int main(void) {
  RUN(sql_over_sqlite_should_give_the_walk_s_mrr_and_movements);
  return check_done();
}

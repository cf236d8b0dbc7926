/* test_revenue_sql.c: an independent check of MRR and its movements. The
 * generated subscriptions are copied into an in-memory SQLite database and
 * the project's own SQL (below, written from docs/metrics.md, not from the
 * kernels) computes each customer's MRR at every month end and the boundary
 * movements; every figure must equal the C walk's, unit for unit. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gen/gen.h"
#include "metrics/revwalk.h"
#include "sqlite3.h"
#include "workspace/workspace.h"

static const char *SQL_SETUP =
    "CREATE TABLE subs AS SELECT customer,"
    "  CASE WHEN trial_end IS NOT NULL AND trial_end > start THEN trial_end ELSE start END AS on_t,"
    "  ended AS off_t,"
    /* a hundredth of a cent, times 3600, over the interval's months: half away from zero */
    "  (CAST(ROUND(amount * COALESCE(quantity, 1) * 10000) AS INTEGER) * num * 3600 + den / 2) / den AS units"
    " FROM (SELECT *, CASE lower(interval) WHEN 'year' THEN 1 WHEN 'week' THEN 52 WHEN 'day' THEN 365 ELSE 1 END AS num,"
    "              CASE lower(interval) WHEN 'year' THEN 12 WHEN 'week' THEN 12 WHEN 'day' THEN 12 ELSE 1 END AS den"
    "       FROM raw)"
    " WHERE customer IS NOT NULL AND amount IS NOT NULL AND start IS NOT NULL"
    "   AND lower(COALESCE(status, '')) NOT IN ('incomplete', 'incomplete_expired');"
    /* each customer's MRR above zero at each period end (k = -1: the first period's start) */
    "CREATE TABLE cm AS SELECT ends.k AS k, customer, SUM(units) AS m FROM ends JOIN subs"
    "  ON on_t < ends.e AND (off_t IS NULL OR off_t >= ends.e) AND (off_t IS NULL OR on_t < off_t)"
    "  GROUP BY ends.k, customer HAVING SUM(units) > 0;"
    "CREATE INDEX cm_kc ON cm(customer, k);"
    "CREATE TABLE pairs AS SELECT ends.k AS k, c.customer AS customer,"
    "  COALESCE((SELECT m FROM cm WHERE cm.k = ends.k - 1 AND cm.customer = c.customer), 0) AS a,"
    "  COALESCE((SELECT m FROM cm WHERE cm.k = ends.k AND cm.customer = c.customer), 0) AS b,"
    "  EXISTS (SELECT 1 FROM cm WHERE cm.customer = c.customer AND cm.k < ends.k - 1) AS had"
    "  FROM ends, (SELECT DISTINCT customer FROM cm) c WHERE ends.k >= 0;";

static const char *SQL_MOVES =
    "SELECT k, SUM(b),"
    "  SUM(CASE WHEN a = 0 AND b > 0 AND NOT had THEN b ELSE 0 END),"
    "  SUM(CASE WHEN a = 0 AND b > 0 AND had THEN b ELSE 0 END),"
    "  SUM(CASE WHEN a > 0 AND b > a THEN b - a ELSE 0 END),"
    "  SUM(CASE WHEN b > 0 AND b < a THEN a - b ELSE 0 END),"
    "  SUM(CASE WHEN a > 0 AND b = 0 THEN a ELSE 0 END),"
    "  SUM(CASE WHEN b > 0 THEN 1 ELSE 0 END)"
    " FROM pairs GROUP BY k ORDER BY k;";

static const ls_column *named(const ls_table *t, const char *name) {
  for (size_t c = 0; c < ls_table_ncols(t); c++)
    if (strcmp(ls_column_name(ls_table_col(t, c)), name) == 0) return ls_table_col(t, c);
  return NULL;
}

static void bind_col(sqlite3_stmt *st, int at, const ls_column *c, size_t i) {
  if (!c || !ls_column_valid(c, i)) {
    sqlite3_bind_null(st, at);
  } else if (ls_column_type(c) == LS_TYPE_STRING) {
    size_t len;
    const char *s = ls_column_str(c, i, &len);
    sqlite3_bind_text(st, at, s, (int)len, SQLITE_TRANSIENT);
  } else if (ls_column_type(c) == LS_TYPE_TIME || ls_column_type(c) == LS_TYPE_INT64) {
    sqlite3_bind_int64(st, at, ls_column_i64(c)[i]);
  } else {
    sqlite3_bind_double(st, at, ls_column_num(c, i));
  }
}

static int copy_raw(sqlite3 *db, const ls_table *t) {
  const char *names[] = {"Customer ID", "Interval", "Amount", "Quantity", "Status", "Start Date (UTC)",
                         "Trial End (UTC)", "Ended At (UTC)"};
  if (sqlite3_exec(db,
                   "CREATE TABLE raw(customer TEXT, interval TEXT, amount REAL, quantity REAL, status TEXT,"
                   " start INTEGER, trial_end INTEGER, ended INTEGER);",
                   NULL, NULL, NULL) != SQLITE_OK)
    return 0;
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(db, "INSERT INTO raw VALUES (?,?,?,?,?,?,?,?)", -1, &st, NULL);
  for (size_t i = 0; st && i < ls_table_rows(t); i++) {
    for (int c = 0; c < 8; c++) bind_col(st, c + 1, named(t, names[c]), i);
    if (sqlite3_step(st) != SQLITE_DONE) break;
    sqlite3_reset(st);
  }
  return sqlite3_finalize(st) == SQLITE_OK;
}

TEST(sql_over_sqlite_should_give_the_walk_s_mrr_and_movements) {
  int compared = 0, bad = 0;
  for (uint64_t seed = 3; seed <= 5; seed++) {
    ls_gen_options o;
    ls_gen_defaults(&o);
    o.seed = seed;
    o.users = 300;
    o.days = 300;
    ls_table *t[LS_GEN_TABLES];
    CHECK_INT(ls_gen(&o, t), LS_OK);
    ls_workspace *ws = ls_workspace_new();
    for (int i = 0; i < LS_GEN_TABLES; i++) ls_workspace_add(ws, t[i]);
    const ls_table *subs = ls_workspace_table(ws, (size_t)ls_workspace_find(ws, LS_KIND_SUBSCRIPTIONS));
    ls_query q = LS_QUERY_INIT;
    ls_series *s = NULL;
    CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_OK);
    int64_t *starts = malloc((s->n + 1) * sizeof *starts);
    memcpy(starts, s->start, s->n * sizeof *starts);
    starts[s->n] = ls_period_next(s->start[s->n - 1], s->grain, s->tz);
    ls_periods p = {s->n, starts, s->grain, s->tz};
    const ls_revwalk *w = NULL;
    size_t off = 9;
    CHECK_INT(ls_revwalk_get(ws, &q.scope, &p, &w, &off), LS_OK);
    CHECK_INT(off, 0);

    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    CHECK(copy_raw(db, subs));
    sqlite3_exec(db, "CREATE TABLE ends(k INTEGER PRIMARY KEY, e INTEGER);", NULL, NULL, NULL);
    char sql[128];
    for (long k = -1; k < (long)s->n; k++) {
      snprintf(sql, sizeof sql, "INSERT INTO ends VALUES (%ld, %lld);", k, (long long)starts[k + 1]);
      sqlite3_exec(db, sql, NULL, NULL, NULL);
    }
    char *err = NULL;
    if (sqlite3_exec(db, SQL_SETUP, NULL, NULL, &err) != SQLITE_OK) CHECK_FAIL_("sql: %s", err);
    sqlite3_free(err);
    sqlite3_stmt *st = NULL;
    CHECK_INT(sqlite3_prepare_v2(db, SQL_MOVES, -1, &st, NULL), SQLITE_OK);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
      size_t k = (size_t)sqlite3_column_int64(st, 0);
      int64_t want[7] = {w->mrr[k], w->new_mrr[k], w->reactivation[k], w->expansion[k],
                         w->contraction[k], w->churn[k], w->customers[k]};
      for (int c = 0; c < 7; c++)
        if (sqlite3_column_int64(st, c + 1) != want[c]) {
          if (bad++ < 5)
            printf("  seed %llu period %zu column %d: sql %lld, walk %lld\n", (unsigned long long)seed, k, c,
                   (long long)sqlite3_column_int64(st, c + 1), (long long)want[c]);
        }
      compared++;
    }
    sqlite3_finalize(st);
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

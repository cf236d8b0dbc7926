/* test_sessions_sql.c: an independent check of sessions and their mean
 * duration. The generated events are copied into an in-memory SQLite
 * database (events_sql.h); the project's own SQL below, written from
 * docs/metrics.md "Sessions" and not from the kernels, numbers each user's
 * sessions with window functions (a new one after a gap of more than 30
 * minutes), then counts them and averages their durations by the local day
 * of their first event. Every day of the C series must equal it, in UTC and
 * at +08:00. */
#include <math.h>

#include "catalog/catalog.h"
#include "check.h"
#include "events_sql.h"
#include "gen_fixture.h"
#include "sqlite3.h"

static const char SESSIONS_BY_DAY[] =
    "WITH o AS (SELECT u, t, d, rowid AS r, t - LAG(t) OVER (PARTITION BY u ORDER BY t, rowid) AS g FROM ev),"
    " s AS (SELECT u, t, d, SUM(g IS NULL OR g > 1800000) OVER (PARTITION BY u ORDER BY t, r"
    "        ROWS UNBOUNDED PRECEDING) AS sid FROM o),"
    " x AS (SELECT MIN(d) AS d, MAX(t) - MIN(t) AS ms FROM s GROUP BY u, sid)"
    " SELECT COUNT(*), AVG(ms) / 1000.0 FROM x WHERE d = ?1";

TEST(sql_over_sqlite_should_give_the_kernels_sessions_and_mean_duration) {
  static const int offsets[] = {0, 480};
  long compared = 0;
  ls_workspace *ws = gen_workspace(7, 400, 60, NULL);
  CHECK(ws != NULL);
  if (!ws) return;
  for (size_t z = 0; z < sizeof offsets / sizeof *offsets; z++) {
    sqlite3 *db = events_db(ws, offsets[z]);
    sqlite3_stmt *st = NULL;
    CHECK(db != NULL);
    CHECK_INT(sqlite3_prepare_v2(db, SESSIONS_BY_DAY, -1, &st, NULL), SQLITE_OK);
    ls_query q = LS_QUERY_INIT;
    q.grain = LS_GRAIN_DAY;
    ls_series *n = NULL, *mean = NULL;
    CHECK_INT(ls_metric_run(ws, "sessions", &q, &n), LS_OK);
    CHECK_INT(ls_metric_run(ws, "session_duration", &q, &mean), LS_OK);
    CHECK(n && mean && n->n > 50 && n->n == mean->n);
    for (size_t i = 0; st && n && mean && i < n->n && i < mean->n; i++) {
      int64_t local = n->start[i] + (int64_t)offsets[z] * 60000;
      sqlite3_bind_int64(st, 1, local / 86400000);
      double want_n = -1, want_mean = NAN;
      if (sqlite3_step(st) == SQLITE_ROW) {
        want_n = (double)sqlite3_column_int64(st, 0);
        if (sqlite3_column_type(st, 1) != SQLITE_NULL) want_mean = sqlite3_column_double(st, 1);
      }
      sqlite3_reset(st);
      if (want_n != n->value[i]) CHECK_FAIL_("sessions at %+d min, day %zu: C %g, SQL %g", offsets[z], i, n->value[i], want_n);
      int same = isnan(want_mean) ? isnan(mean->value[i]) : fabs(want_mean - mean->value[i]) <= 1e-6 * (1 + want_mean);
      if (!same)
        CHECK_FAIL_("session_duration at %+d min, day %zu: C %.17g, SQL %.17g", offsets[z], i, mean->value[i], want_mean);
      compared += 2;
    }
    ls_series_free(n);
    ls_series_free(mean);
    sqlite3_finalize(st);
    sqlite3_close(db);
  }
  CHECK(compared > 200); /* every day of two metrics in two zones */
  ls_workspace_free(ws);
}

int main(void) {
  RUN(sql_over_sqlite_should_give_the_kernels_sessions_and_mean_duration);
  return check_done();
}

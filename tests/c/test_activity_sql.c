/* test_activity_sql.c: an independent check of DAU and rolling WAU and MAU.
 * The generated events are copied into an in-memory SQLite database as
 * (user, local day) rows, the local day taken at the workspace's fixed
 * offset; the project's own SQL below, written from docs/metrics.md and not
 * from the kernels, counts distinct users per day and over the 7 and 30 days
 * ending on each day. Every day of the C series must equal it, in UTC and at
 * +08:00 (where an event at 20:00 UTC belongs to the next day). */
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "check.h"
#include "events_sql.h"
#include "gen_fixture.h"
#include "sqlite3.h"

/* distinct users of ev over the `window` days ending on day d */
static long sql_users(sqlite3 *db, int64_t d, int window) {
  sqlite3_stmt *st = NULL;
  long n = -1;
  if (sqlite3_prepare_v2(db, "SELECT COUNT(DISTINCT u) FROM ev WHERE d BETWEEN ?1 - ?2 + 1 AND ?1", -1, &st,
                         NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, d);
    sqlite3_bind_int(st, 2, window);
    if (sqlite3_step(st) == SQLITE_ROW) n = (long)sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  return n;
}

TEST(sql_over_sqlite_should_give_the_kernels_dau_wau_and_mau) {
  static const struct {
    const char *metric;
    int window;
  } metrics[] = {{"dau", 1}, {"wau", 7}, {"mau", 30}};
  static const int offsets[] = {0, 480};
  long compared = 0;
  ls_workspace *ws = gen_workspace(11, 600, 120, NULL);
  CHECK(ws != NULL);
  if (!ws) return;
  for (size_t z = 0; z < sizeof offsets / sizeof *offsets; z++) {
    sqlite3 *db = events_db(ws, offsets[z]);
    CHECK(db != NULL);
    for (size_t m = 0; m < sizeof metrics / sizeof *metrics; m++) {
      ls_query q = LS_QUERY_INIT;
      q.grain = LS_GRAIN_DAY;
      ls_series *s = NULL;
      CHECK_INT(ls_metric_run(ws, metrics[m].metric, &q, &s), LS_OK);
      CHECK(s && s->n > 100);
      for (size_t i = 0; s && i < s->n; i++) {
        int64_t local = s->start[i] + (int64_t)offsets[z] * 60000;
        long want = sql_users(db, local / 86400000, metrics[m].window);
        if ((double)want != s->value[i])
          CHECK_FAIL_("%s at %+d min, day %zu: C %g, SQL %ld", metrics[m].metric, offsets[z], i, s->value[i], want);
        compared++;
      }
      ls_series_free(s);
    }
    sqlite3_close(db);
  }
  CHECK(compared > 600); /* every day of three metrics in two zones */
  ls_workspace_free(ws);
}

int main(void) {
  RUN(sql_over_sqlite_should_give_the_kernels_dau_wau_and_mau);
  return check_done();
}

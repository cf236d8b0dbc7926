/* test_retention_sql.c: an independent check of the weekly retention matrix.
 * The generated events are copied into an in-memory SQLite database as
 * (user, local day) rows at the workspace's fixed offset; the project's own
 * SQL below, written from docs/metrics.md and not from the kernel, numbers
 * ISO weeks (day 0, 1 January 1970, is a Thursday, so week = (day + 3) / 7
 * starts on Mondays), takes each user's first week as their cohort (or every
 * active week, recurring) and counts the users active k weeks later. Only
 * complete weeks are observed: those ending by the workspace's as-of day (the
 * day after the last instant any dataset records).
 * Every cell of the C matrix (first_time and recurring, mode on) must equal
 * it, in UTC and at +08:00; so must the mean row, by SQL too: for each k, the
 * members of the cohorts whose week k has ended by the as-of day who were
 * active k weeks later, over those cohorts' members. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "events_sql.h"
#include "gen_fixture.h"
#include "metrics/retention.h"
#include "sqlite3.h"

#define MAXW 64

/* The matrix by SQL: m[(c - w0) * MAXW + k] for cohort weeks w0..last; *w0
 * and *last set. 0 on a SQL error. */
static int sql_matrix(sqlite3 *db, int recurring, int64_t asof, int64_t *w0, int64_t *last, long *m) {
  /* the last complete week: it ends (day (w + 1) * 7 - 3) by the as-of day */
  char setup[256];
  snprintf(setup, sizeof setup,
           "DROP TABLE IF EXISTS uw; DROP TABLE IF EXISTS mem;"
           "CREATE TABLE uw AS SELECT DISTINCT u, (d + 3) / 7 AS w FROM ev WHERE (d + 3) / 7 <= %lld;",
           (long long)((asof + 3) / 7 - 1));
  static const char *const MEMBERS[] = {"CREATE TABLE mem AS SELECT u, MIN(w) AS c FROM uw GROUP BY u;",
                                        "CREATE TABLE mem AS SELECT u, w AS c FROM uw;"};
  static const char *const CELLS =
      "SELECT mem.c, uw.w - mem.c, COUNT(*) FROM mem JOIN uw ON uw.u = mem.u AND uw.w >= mem.c GROUP BY 1, 2";
  if (sqlite3_exec(db, setup, NULL, NULL, NULL) != SQLITE_OK) return 0;
  if (sqlite3_exec(db, MEMBERS[recurring], NULL, NULL, NULL) != SQLITE_OK) return 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT (MIN(d) + 3) / 7 FROM ev", -1, &st, NULL) != SQLITE_OK ||
      sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return 0;
  }
  *w0 = sqlite3_column_int64(st, 0), *last = (asof + 3) / 7 - 1;
  sqlite3_finalize(st);
  if (*last - *w0 + 1 > MAXW) return 0;
  memset(m, 0, MAXW * MAXW * sizeof *m);
  int ok = sqlite3_prepare_v2(db, CELLS, -1, &st, NULL) == SQLITE_OK;
  while (ok && sqlite3_step(st) == SQLITE_ROW) {
    int64_t c = sqlite3_column_int64(st, 0) - *w0, k = sqlite3_column_int64(st, 1);
    m[c * MAXW + k] = (long)sqlite3_column_int64(st, 2);
  }
  sqlite3_finalize(st);
  return ok;
}

/* The weighted mean row by SQL over the tables sql_matrix left: mean[k] for
 * k = 0..last - w0 (NaN when no member observes k). 0 on a SQL error. */
static int sql_mean(sqlite3 *db, int64_t w0, int64_t last, double *mean) {
  char sql[768];
  snprintf(sql, sizeof sql,
           "WITH RECURSIVE ks(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM ks WHERE k < %lld),"
           " obs AS (SELECT ks.k, mem.u, mem.c FROM ks JOIN mem ON mem.c + ks.k <= %lld)"
           " SELECT obs.k, CAST(SUM(EXISTS (SELECT 1 FROM uw WHERE uw.u = obs.u AND uw.w = obs.c + obs.k)) AS REAL)"
           " / COUNT(*) FROM obs GROUP BY obs.k",
           (long long)(last - w0), (long long)last);
  for (int64_t k = 0; k <= last - w0; k++) mean[k] = NAN;
  sqlite3_stmt *st = NULL;
  int ok = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK;
  while (ok && sqlite3_step(st) == SQLITE_ROW) mean[sqlite3_column_int64(st, 0)] = sqlite3_column_double(st, 1);
  sqlite3_finalize(st);
  return ok;
}

/* compare r with the SQL matrix; the number of cells compared */
static long compare(const ls_retention *r, int offset, int recurring, int64_t w0, int64_t last, const long *m) {
  long n = 0;
  CHECK_INT((int64_t)r->ncohorts, last - w0 + 1);
  for (size_t c = 0; c < r->ncohorts; c++) {
    int64_t day = (r->cohort[c] + (int64_t)offset * 60000) / 86400000;
    CHECK_INT((day + 3) / 7, w0 + (int64_t)c);
    for (size_t k = 0; k < r->nk; k++) {
      int64_t got = r->count[c * r->nk + k];
      long want = (int64_t)(c + k) <= last - w0 ? m[c * MAXW + k] : LS_RETENTION_ABSENT;
      if (got != want)
        CHECK_FAIL_("%s at %+d min, cohort %zu, k %zu: C %lld, SQL %ld", recurring ? "recurring" : "first_time",
                    offset, c, k, (long long)got, want);
      n++;
    }
  }
  return n;
}

TEST(sql_over_sqlite_should_give_the_kernels_weekly_retention_matrix) {
  static const int offsets[] = {0, 480};
  long compared = 0, means = 0, *m = malloc(MAXW * MAXW * sizeof *m);
  ls_workspace *ws = gen_workspace(11, 600, 120, NULL);
  CHECK(ws != NULL && m != NULL);
  if (!ws || !m) return;
  for (size_t z = 0; z < sizeof offsets / sizeof *offsets; z++) {
    sqlite3 *db = events_db(ws, offsets[z]);
    CHECK(db != NULL);
    /* the as-of day (local): the day after the last instant of any dataset */
    int64_t first, asof;
    CHECK_INT(ls_workspace_extent(ws, LS_KIND_EVENTS, &first, &asof), LS_OK);
    asof = (asof + (int64_t)offsets[z] * 60000) / 86400000;
    for (int recurring = 0; recurring < 2; recurring++) {
      int64_t w0 = 0, last = 0;
      CHECK(sql_matrix(db, recurring, asof, &w0, &last, m));
      ls_retention_query q = LS_RETENTION_QUERY_INIT;
      q.type = recurring ? LS_RETENTION_RECURRING : LS_RETENTION_FIRST_TIME;
      ls_retention *r = NULL;
      CHECK_INT(ls_retention_run(ws, &q, &r), LS_OK);
      CHECK(r && r->ncohorts > 10 && r->size[0] > 0);
      if (r) compared += compare(r, offsets[z], recurring, w0, last, m);
      double mean[MAXW];
      CHECK(sql_mean(db, w0, last, mean));
      for (size_t k = 0; r && (int64_t)r->ncohorts == last - w0 + 1 && k < r->nk; k++) {
        CHECK_NUM(r->mean[k], mean[k], 1e-12);
        means += !isnan(mean[k]);
      }
      ls_retention_free(r);
    }
    sqlite3_close(db);
  }
  CHECK(compared > 200); /* 17 cohorts x up to 17 weeks, four times */
  CHECK(means > 40);     /* up to 17 weeks, four times */
  free(m);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(sql_over_sqlite_should_give_the_kernels_weekly_retention_matrix);
  return check_done();
}

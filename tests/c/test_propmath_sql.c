/* test_propmath_sql.c: an independent check of property math. The generated
 * events are copied into an in-memory SQLite database as (event, local day,
 * latency_ms) rows at the workspace's fixed offset; the project's own SQL
 * below, written from docs/metrics.md and not from the kernel, takes each
 * day's p50 and p95 of latency_ms as DuckDB's quantile_cont does (rank the
 * day's values with ROW_NUMBER, h = (n - 1) q, interpolate between ranks ⌊h⌋
 * and ⌊h⌋ + 1) and its mean with AVG. Every day of the C series must equal it,
 * over api_call events and over every event, in UTC and at +08:00. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "check.h"
#include "gen_fixture.h"
#include "sqlite3.h"

/* the events of t with a latency as lat(e, d, v) at offset minutes east */
static int copy_latency(sqlite3 *db, const ls_table *t, int offset) {
  const ls_column *ev = ls_table_find(t, "event"), *ts = ls_table_find(t, "timestamp"),
                  *lat = ls_table_find(t, "latency_ms");
  if (!ev || !ts || !lat) return 0;
  if (sqlite3_exec(db, "BEGIN; CREATE TABLE lat(e TEXT, d INTEGER, v REAL);", NULL, NULL, NULL) != SQLITE_OK)
    return 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "INSERT INTO lat VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK) return 0;
  int ok = 1;
  for (size_t i = 0; ok && i < ls_table_rows(t); i++) {
    if (!ls_column_valid(ts, i) || !ls_column_valid(lat, i) || !ls_column_valid(ev, i)) continue;
    size_t len;
    const char *e = ls_column_str(ev, i, &len);
    int64_t local = ls_column_i64(ts)[i] + (int64_t)offset * 60000;
    int64_t day = local >= 0 ? local / 86400000 : -((-local + 86399999) / 86400000);
    sqlite3_bind_text(st, 1, e, (int)len, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, day);
    sqlite3_bind_double(st, 3, ls_column_num(lat, i));
    ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return ok && sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL) == SQLITE_OK;
}

/* the q-quantile of day d's values (of event e, NULL: all), NaN for none */
static double sql_quantile(sqlite3 *db, int64_t d, const char *e, double q) {
  static const char *sql =
    "WITH r AS (SELECT v, ROW_NUMBER() OVER (ORDER BY v) - 1 AS k, COUNT(*) OVER () AS n"
    "           FROM lat WHERE d = ?1 AND (?2 IS NULL OR e = ?2)),"
    "     h AS (SELECT (n - 1) * ?3 AS h, n FROM r LIMIT 1)"
    " SELECT (SELECT v FROM r WHERE k = CAST(h.h AS INTEGER)) +"
    "        (h.h - CAST(h.h AS INTEGER)) *"
    "        (COALESCE((SELECT v FROM r WHERE k = CAST(h.h AS INTEGER) + 1), 0) -"
    "         (SELECT v FROM r WHERE k = CAST(h.h AS INTEGER)))"
    " FROM h";
  sqlite3_stmt *st = NULL;
  double out = NAN;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, d);
    if (e) sqlite3_bind_text(st, 2, e, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 2);
    sqlite3_bind_double(st, 3, q);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) out = sqlite3_column_double(st, 0);
  }
  sqlite3_finalize(st);
  return out;
}

static double sql_mean(sqlite3 *db, int64_t d, const char *e) {
  sqlite3_stmt *st = NULL;
  double out = NAN;
  if (sqlite3_prepare_v2(db, "SELECT AVG(v) FROM lat WHERE d = ?1 AND (?2 IS NULL OR e = ?2)", -1, &st, NULL) ==
      SQLITE_OK) {
    sqlite3_bind_int64(st, 1, d);
    if (e) sqlite3_bind_text(st, 2, e, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 2);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) out = sqlite3_column_double(st, 0);
  }
  sqlite3_finalize(st);
  return out;
}

TEST(sql_over_sqlite_should_give_the_kernels_p50_p95_and_mean_of_latency) {
  static const struct {
    const char *metric;
    double q; /* NaN: the mean */
  } metrics[] = {{"p50", 0.5}, {"p95", 0.95}, {"mean", NAN}};
  static const char *const events[] = {"api_call", NULL};
  static const int offsets[] = {0, 480};
  long compared = 0, defined = 0;
  ls_workspace *ws = gen_workspace(11, 600, 120, NULL);
  CHECK(ws != NULL);
  if (!ws) return;
  for (size_t z = 0; z < 2; z++) {
    sqlite3 *db = NULL;
    CHECK(ls_workspace_set_tz(ws, offsets[z]) == LS_OK && sqlite3_open(":memory:", &db) == SQLITE_OK);
    CHECK(copy_latency(db, ls_workspace_table(ws, (size_t)ls_workspace_find(ws, LS_KIND_EVENTS)), offsets[z]));
    for (size_t m = 0; m < 3; m++)
      for (size_t e = 0; e < 2; e++) {
        ls_query q = LS_QUERY_INIT;
        q.grain = LS_GRAIN_DAY;
        q.event = events[e];
        q.property = "latency_ms";
        ls_series *s = NULL;
        CHECK_INT(ls_metric_run(ws, metrics[m].metric, &q, &s), LS_OK);
        CHECK(s && s->n > 100);
        for (size_t i = 0; s && i < s->n; i++) {
          int64_t day = (s->start[i] + (int64_t)offsets[z] * 60000) / 86400000;
          double want = isnan(metrics[m].q) ? sql_mean(db, day, events[e]) : sql_quantile(db, day, events[e], metrics[m].q);
          double got = s->value[i];
          if (!(isnan(want) && isnan(got)) && !(fabs(got - want) <= 1e-9 * fmax(1, fabs(want))))
            CHECK_FAIL_("%s of %s at %+d min, day %zu: C %.12g, SQL %.12g", metrics[m].metric,
                        events[e] ? events[e] : "all", offsets[z], i, got, want);
          compared++;
          defined += !isnan(want);
        }
        ls_series_free(s);
      }
    sqlite3_close(db);
  }
  CHECK(compared > 1200);
  CHECK(defined > 600); /* the generated team subscribers call the API on most days */
  printf("  %ld days compared, %ld with values\n", compared, defined);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(sql_over_sqlite_should_give_the_kernels_p50_p95_and_mean_of_latency);
  return check_done();
}

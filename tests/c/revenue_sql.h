/* revenue_sql.h: MRR and its boundary movements by SQL over SQLite, the
 * independent peer of the revenue walk. The SQL is the project's own,
 * written from docs/metrics.md and not from the kernels; test_revenue_sql.c
 * holds the walk to it unit for unit, and the revenue bench
 * (tools/bench.d/revbench.c) times it against the walk.
 *
 *   revsql_copy(db, subs);             table raw: the columns of a Stripe export
 *   revsql_ends(db, starts, n);        table ends: k = -1 .. n-1, e = starts[k + 1]
 *   revsql_setup(db, &err);            tables subs, cm (MRR per customer and end), pairs
 *   revsql_compare(db, w, off, log, &bad); every period of REVSQL_MOVES against w
 *   revsql_drop(db);                   drops what revsql_setup made
 *
 * It models amount x quantity, the month/year/week/day interval (weekly 52/12),
 * trials, Ended At and the statuses left out; not discounts, interval counts,
 * currencies or Canceled At (churn_at = ended). */
#ifndef LS_REVENUE_SQL_H
#define LS_REVENUE_SQL_H

#include <stdio.h>
#include <string.h>

#include "metrics/revwalk.h"
#include "sqlite3.h"
#include "table/table.h"

static const char *REVSQL_SETUP =
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

/* per period k: MRR, new, reactivation, expansion, contraction, churned
 * (units), paying customers */
#define REVSQL_COLUMNS 7
static const char *REVSQL_MOVES =
    "SELECT k, SUM(b),"
    "  SUM(CASE WHEN a = 0 AND b > 0 AND NOT had THEN b ELSE 0 END),"
    "  SUM(CASE WHEN a = 0 AND b > 0 AND had THEN b ELSE 0 END),"
    "  SUM(CASE WHEN a > 0 AND b > a THEN b - a ELSE 0 END),"
    "  SUM(CASE WHEN b > 0 AND b < a THEN a - b ELSE 0 END),"
    "  SUM(CASE WHEN a > 0 AND b = 0 THEN a ELSE 0 END),"
    "  SUM(CASE WHEN b > 0 THEN 1 ELSE 0 END)"
    " FROM pairs GROUP BY k ORDER BY k;";

static inline const ls_column *revsql_named(const ls_table *t, const char *name) {
  for (size_t c = 0; c < ls_table_ncols(t); c++)
    if (strcmp(ls_column_name(ls_table_col(t, c)), name) == 0) return ls_table_col(t, c);
  return NULL;
}

static inline void revsql_bind(sqlite3_stmt *st, int at, const ls_column *c, size_t i) {
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

/* Table raw from the subscriptions table t (a Stripe export's column names,
 * as `lodestar gen` writes them), in one transaction; 1 on success. */
static inline int revsql_copy(sqlite3 *db, const ls_table *t) {
  const char *names[] = {"Customer ID", "Interval", "Amount", "Quantity", "Status", "Start Date (UTC)",
                         "Trial End (UTC)", "Ended At (UTC)"};
  if (sqlite3_exec(db,
                   "BEGIN; CREATE TABLE raw(customer TEXT, interval TEXT, amount REAL, quantity REAL, status TEXT,"
                   " start INTEGER, trial_end INTEGER, ended INTEGER);",
                   NULL, NULL, NULL) != SQLITE_OK)
    return 0;
  const ls_column *cols[8];
  for (int c = 0; c < 8; c++) cols[c] = revsql_named(t, names[c]);
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(db, "INSERT INTO raw VALUES (?,?,?,?,?,?,?,?)", -1, &st, NULL);
  int ok = st != NULL;
  for (size_t i = 0; ok && i < ls_table_rows(t); i++) {
    for (int c = 0; c < 8; c++) revsql_bind(st, c + 1, cols[c], i);
    ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_reset(st);
  }
  ok &= sqlite3_finalize(st) == SQLITE_OK;
  return sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL) == SQLITE_OK && ok;
}

/* Table ends: the n + 1 instants of starts, row k = -1 .. n-1 ending at
 * starts[k + 1] (k = -1: the first period's start); 1 on success. */
static inline int revsql_ends(sqlite3 *db, const int64_t *starts, size_t n) {
  int ok = sqlite3_exec(db, "BEGIN; CREATE TABLE ends(k INTEGER PRIMARY KEY, e INTEGER);", NULL, NULL, NULL) ==
           SQLITE_OK;
  char sql[128];
  for (long k = -1; ok && k < (long)n; k++) {
    snprintf(sql, sizeof sql, "INSERT INTO ends VALUES (%ld, %lld);", k, (long long)starts[k + 1]);
    ok = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
  }
  return sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL) == SQLITE_OK && ok;
}

/* Run REVSQL_SETUP; 1 on success, else 0 with *err from SQLite (sqlite3_free it). */
static inline int revsql_setup(sqlite3 *db, char **err) {
  return sqlite3_exec(db, REVSQL_SETUP, NULL, NULL, err) == SQLITE_OK;
}

static inline void revsql_drop(sqlite3 *db) {
  sqlite3_exec(db, "DROP TABLE IF EXISTS pairs; DROP TABLE IF EXISTS cm; DROP TABLE IF EXISTS subs;", NULL, NULL,
               NULL);
}

/* Step REVSQL_MOVES and compare each period k with walk period off + k of w,
 * printing the first five differences to log. The periods compared (-1 when
 * the SQL fails); *bad counts the figures that differ. */
static inline long revsql_compare(sqlite3 *db, const ls_revwalk *w, size_t off, FILE *log, long *bad) {
  sqlite3_stmt *st = NULL;
  *bad = 0;
  if (sqlite3_prepare_v2(db, REVSQL_MOVES, -1, &st, NULL) != SQLITE_OK) return -1;
  long compared = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    size_t k = off + (size_t)sqlite3_column_int64(st, 0);
    if (k >= w->n) {
      (*bad)++;
      continue;
    }
    int64_t want[REVSQL_COLUMNS] = {w->mrr[k],         w->new_mrr[k], w->reactivation[k], w->expansion[k],
                                    w->contraction[k], w->churn[k],   w->customers[k]};
    for (int c = 0; c < REVSQL_COLUMNS; c++)
      if (sqlite3_column_int64(st, c + 1) != want[c] && (*bad)++ < 5)
        fprintf(log, "  period %zu column %d: sql %lld, walk %lld\n", k, c, (long long)sqlite3_column_int64(st, c + 1),
               (long long)want[c]);
    compared++;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? compared : -1;
}

#endif

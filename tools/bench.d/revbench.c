/* revbench.c: the native timing harness of `tools/bench revenue`
 * (docs/performance.md). Built by CMake beside the tests, never installed.
 *
 *   revbench DIR [--reps N] [--sql-reps N]
 *
 * Loads DIR/customers.csv, subscriptions.csv and marketing_spend.csv (timed
 * apart), then, in interleaved rounds after one untimed warm-up round of the
 * first two:
 *   cold  the workspace cache dropped (by setting movements to boundary, its
 *         value), then every catalog metric that needs subscriptions over
 *         all its months (default grain; a metric with a by_role broken down
 *         by that column) and the revenue cohorts: the revenue index and
 *         walk are built inside; their build times are taken apart as well;
 *   warm  the same with the cache kept;
 *   sql   the peer: MRR, its boundary movements and paying customers at every
 *         month end by the project's SQL over SQLite (tests/c/revenue_sql.h),
 *         on the same rows copied into an in-memory database (the copy timed
 *         apart); every figure checked against the walk's.
 * Prints one JSON object on stdout: milliseconds of every run, medians, and
 * what was computed. Exit 0; 1 when something fails to load or compute. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cJSON.h"
#include "catalog/catalog.h"
#include "metrics/cohorts.h"
#include "metrics/revindex.h"
#include "metrics/revwalk.h"
#include "revenue_sql.h"
#include "sqlite3.h"
#include "timing.h"
#include "workspace/workspace.h"

#define MAX_METRICS 64

typedef struct {
  ls_workspace *ws;
  const ls_metric_def *defs[MAX_METRICS];
  size_t ndefs;
  ls_periods p;         /* the months of the query, for the walk's own timing */
  runs per[MAX_METRICS + 1]; /* cold, per metric, then the cohorts */
  double checksum;      /* of every finite value of the last round */
  size_t values;
  int changed;          /* a round's values differed from the one before */
} bench;

/* ---- private ---- */

static int die(const char *what, const ls_workspace *ws) {
  fprintf(stderr, "revbench: %s: %s\n", what, ws ? ls_workspace_errmsg(ws) : "");
  return 0;
}

static void sum_values(bench *b, const double *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (isfinite(v[i])) b->checksum += v[i], b->values++;
}

/* Every metric once; per-metric times into b->per when timed. 1 on success. */
static int all_metrics(bench *b, int timed) {
  ls_query q = LS_QUERY_INIT;
  double before = b->checksum;
  size_t had = b->values;
  b->checksum = 0, b->values = 0;
  for (size_t i = 0; i <= b->ndefs; i++) {
    double t0 = now_ms();
    ls_status st;
    if (i == b->ndefs) {
      ls_cohorts *c = NULL;
      st = ls_revenue_cohorts(b->ws, &q, &c);
      if (st == LS_OK) sum_values(b, c->retention, c->n * c->n);
      ls_cohorts_free(c);
    } else if (b->defs[i]->by_role >= 0) {
      ls_breakdown *bd = NULL;
      st = ls_metric_run_by(b->ws, b->defs[i]->name, &q, &bd);
      for (size_t k = 0; st == LS_OK && k < bd->n; k++) sum_values(b, bd->series[k]->value, bd->series[k]->n);
      ls_breakdown_free(bd);
    } else {
      ls_series *s = NULL;
      st = ls_metric_run(b->ws, b->defs[i]->name, &q, &s);
      if (st == LS_OK) sum_values(b, s->value, s->n);
      ls_series_free(s);
    }
    if (st != LS_OK) return die(i == b->ndefs ? "cohorts" : b->defs[i]->name, b->ws);
    if (timed) add(&b->per[i], now_ms() - t0);
  }
  if (had && (had != b->values || before != b->checksum)) b->changed = 1;
  return 1;
}

/* A cold round: the cache dropped, the index and the walk built and timed on
 * their own, then every metric. */
static int cold(bench *b, runs *total, runs *index_ms, runs *walk_ms, int timed) {
  if (ls_workspace_set(b->ws, "movements", "boundary") != LS_OK) return die("movements", b->ws);
  ls_scope all = {NULL, 0};
  const ls_revindex *ix = NULL;
  const ls_revwalk *w = NULL;
  size_t off;
  double t0 = now_ms();
  if (ls_revindex_get(b->ws, &all, &ix) != LS_OK) return die("revenue index", b->ws);
  double t1 = now_ms();
  if (ls_revwalk_get(b->ws, &all, &b->p, &w, &off) != LS_OK) return die("revenue walk", b->ws);
  double t2 = now_ms();
  if (!all_metrics(b, timed)) return 0;
  double t3 = now_ms();
  if (timed) add(total, t3 - t0), add(index_ms, t1 - t0), add(walk_ms, t2 - t1);
  return 1;
}

static int warm(bench *b, runs *total, int timed) {
  double t0 = now_ms();
  if (!all_metrics(b, 0)) return 0;
  if (timed) add(total, now_ms() - t0);
  return 1;
}

/* The SQL peer once: setup and the movements query timed, then checked
 * against the walk and dropped. */
static int sql(bench *b, sqlite3 *db, runs *total, long *compared, long *bad) {
  ls_scope all = {NULL, 0};
  const ls_revwalk *w = NULL;
  size_t off;
  if (ls_revwalk_get(b->ws, &all, &b->p, &w, &off) != LS_OK) return die("revenue walk", b->ws);
  double t0 = now_ms();
  char *err = NULL;
  if (!revsql_setup(db, &err)) {
    fprintf(stderr, "revbench: sql: %s\n", err ? err : "?");
    sqlite3_free(err);
    return 0;
  }
  /* the query runs inside the compare, whose checks cost next to nothing */
  *compared = revsql_compare(db, w, off, stderr, bad);
  double t1 = now_ms();
  revsql_drop(db);
  if (*compared < 0) return die("sql movements", NULL);
  add(total, t1 - t0);
  return 1;
}

static int load(ls_workspace *ws, const char *dir, cJSON *out) {
  static const struct {
    const char *file;
    ls_kind kind;
  } files[] = {{"customers.csv", LS_KIND_CUSTOMERS},
               {"subscriptions.csv", LS_KIND_SUBSCRIPTIONS},
               {"marketing_spend.csv", LS_KIND_SPEND}};
  cJSON *rows = cJSON_AddObjectToObject(out, "rows");
  double t0 = now_ms();
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, files[i].file);
    if (ls_workspace_load_path(ws, path) != LS_OK) return die(path, ws);
  }
  cJSON_AddNumberToObject(out, "load_ms", now_ms() - t0);
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    int d = ls_workspace_find(ws, files[i].kind);
    if (d < 0) {
      fprintf(stderr, "revbench: %s was not detected as %s\n", files[i].file, ls_kind_name(files[i].kind));
      return 0;
    }
    cJSON_AddNumberToObject(rows, ls_kind_name(files[i].kind), (double)ls_table_rows(ls_workspace_table(ws, (size_t)d)));
  }
  return 1;
}

/* ---- main ---- */

int main(int argc, char **argv) {
  const char *dir = NULL;
  int reps = 7, sql_reps = 3;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) reps = atoi(argv[++i]);
    else if (strcmp(argv[i], "--sql-reps") == 0 && i + 1 < argc) sql_reps = atoi(argv[++i]);
    else if (!dir && argv[i][0] != '-') dir = argv[i];
    else dir = NULL, i = argc;
  }
  if (!dir || reps < 1 || reps > MAX_REPS || sql_reps < 0 || sql_reps > MAX_REPS) {
    fprintf(stderr, "usage: revbench DIR [--reps N (1-%d, default 7)] [--sql-reps N (0-%d, default 3)]\n",
            MAX_REPS, MAX_REPS);
    return 2;
  }
  static bench b;
  b.ws = ls_workspace_new();
  cJSON *out = cJSON_CreateObject();
  int ok = b.ws && out && load(b.ws, dir, out);
  for (size_t i = 0; ok && i < ls_catalog_count() && b.ndefs < MAX_METRICS; i++)
    if (ls_catalog_at(i)->needs == LS_KIND_SUBSCRIPTIONS) b.defs[b.ndefs++] = ls_catalog_at(i);

  /* the months of the query, closed by the instant the last one ends */
  ls_query q = LS_QUERY_INIT;
  ls_series *months = NULL;
  int64_t *starts = NULL;
  if (ok && (ls_metric_run(b.ws, "mrr", &q, &months) != LS_OK || months->n == 0)) ok = die("mrr", b.ws);
  if (ok) {
    starts = malloc((months->n + 1) * sizeof *starts);
    ok = starts != NULL;
  }
  if (ok) {
    memcpy(starts, months->start, months->n * sizeof *starts);
    starts[months->n] = ls_period_next(months->start[months->n - 1], months->grain, months->tz);
    b.p = (ls_periods){months->n, starts, months->grain, months->tz, NULL};
  }

  sqlite3 *db = NULL;
  double sql_load = 0;
  if (ok && sql_reps > 0) {
    double t0 = now_ms();
    ok = sqlite3_open(":memory:", &db) == SQLITE_OK &&
         revsql_copy(db, ls_workspace_table(b.ws, (size_t)ls_workspace_find(b.ws, LS_KIND_SUBSCRIPTIONS))) &&
         revsql_ends(db, starts, months->n);
    sql_load = now_ms() - t0;
    if (!ok) die("sql load", NULL);
  }

  runs cold_ms = {0}, index_ms = {0}, walk_ms = {0}, warm_ms = {0}, sql_ms = {0};
  long compared = 0, bad = 0;
  /* a warm-up round of Lodestar's, then the rounds, the engines taking turns;
   * SQLite has no warm-up (no JIT, its table filled by the copy just before) */
  for (int r = -1; ok && r < reps; r++) {
    int timed = r >= 0;
    ok = cold(&b, &cold_ms, &index_ms, &walk_ms, timed) && warm(&b, &warm_ms, timed);
    if (ok && timed && r < sql_reps) ok = sql(&b, db, &sql_ms, &compared, &bad);
  }

  if (ok) {
    cJSON_AddNumberToObject(out, "months", (double)months->n);
    char first[40], last[40];
    ls_time_format_iso(months->start[0], first);
    ls_time_format_iso(months->start[months->n - 1], last);
    cJSON_AddStringToObject(out, "first_month", first);
    cJSON_AddStringToObject(out, "last_month", last);
    cJSON_AddNumberToObject(out, "reps", reps);
    cJSON_AddItemToObject(out, "cold", json_runs(&cold_ms));
    cJSON_AddItemToObject(out, "index", json_runs(&index_ms));
    cJSON_AddItemToObject(out, "walk", json_runs(&walk_ms));
    cJSON_AddItemToObject(out, "warm", json_runs(&warm_ms));
    cJSON *m = cJSON_AddObjectToObject(out, "cold_per_metric");
    for (size_t i = 0; i <= b.ndefs; i++)
      cJSON_AddNumberToObject(m, i == b.ndefs ? "cohorts" : b.defs[i]->name, median(&b.per[i]));
    cJSON *s = cJSON_AddObjectToObject(out, "sql");
    cJSON_AddNumberToObject(s, "load_ms", sql_load);
    cJSON_AddItemToObject(s, "runs", json_runs(&sql_ms));
    cJSON_AddNumberToObject(s, "periods_compared", (double)compared);
    cJSON_AddNumberToObject(s, "figures_differing", (double)bad);
    cJSON_AddNumberToObject(out, "values", (double)b.values);
    cJSON_AddNumberToObject(out, "checksum", b.checksum);
    cJSON_AddBoolToObject(out, "values_changed_between_runs", b.changed);
    cJSON_AddStringToObject(out, "sqlite", sqlite3_libversion());
    char *text = cJSON_Print(out);
    if (text) puts(text);
    cJSON_free(text);
  }
  sqlite3_close(db);
  free(starts);
  ls_series_free(months);
  cJSON_Delete(out);
  ls_workspace_free(b.ws);
  return ok ? 0 : 1;
}

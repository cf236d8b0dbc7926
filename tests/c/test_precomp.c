/* test_precomp.c: precomputed results read back (precomp/precomp.h): the
 * kinds told by header, the grain told by labels, the catalog, retention,
 * funnel and lifecycle answering from them, and the errors naming file, line
 * and column. Every expected value is written in the CSV of its test. */
#include "base/alloc.h"
#include "catalog/catalog.h"
#include "check.h"
#include "fixtures.h"
#include "metrics/funnel.h"
#include "metrics/retention.h"
#include "precomp/precomp.h"
#include "revenue_fixture.h"
#include "workspace/workspace.h"

/* a workspace holding csv as file name (loaded whole, as the page and the CLI load) */
static ls_workspace *ws_of(const char *name, const char *csv) {
  ls_workspace *ws = ls_workspace_new();
  if (ws) CHECK_INT(add_csv(ws, name, csv), LS_OK);
  return ws;
}

/* the load error of csv as file name: its status, the message into msg */
static ls_status load_error(const char *name, const char *csv, char *msg, size_t n) {
  ls_workspace *ws = ls_workspace_new();
  ls_loader *l = ls_loader_new(ws, name, NULL);
  ls_status st = ls_loader_feed(l, csv, strlen(csv));
  if (st == LS_OK) st = ls_loader_finish(l);
  snprintf(msg, n, "%s", ls_workspace_errmsg(ws));
  ls_loader_free(l);
  ls_workspace_free(ws);
  return st;
}

static ls_series *run(ls_workspace *ws, const char *metric, ls_grain g) {
  ls_query q = LS_QUERY_INIT;
  q.grain = g;
  ls_series *s = NULL;
  if (ls_metric_run(ws, metric, &q, &s) != LS_OK) printf("  %s: %s\n", metric, ls_workspace_errmsg(ws));
  return s;
}

/* metric at grain g has n periods of grain g, the last one's value last (NaN: undefined) */
static void check_series(ls_workspace *ws, const char *metric, ls_grain g, size_t n, double last) {
  ls_series *s = run(ws, metric, g);
  CHECK(s != NULL);
  if (s) {
    CHECK_INT(s->grain, g);
    CHECK_INT(s->n, n);
    if (s->n == n && n) CHECK_NUM(s->value[n - 1], last, 0);
  }
  ls_series_free(s);
}

TEST(a_period_value_file_should_be_the_metric_its_name_names) {
  ls_workspace *ws = ws_of("mrr.clickhouse.csv", "period,value\n2025-11,100.5\n2025-12,\n2026-01,300\n");
  CHECK_INT(ls_workspace_detection(ws, 0)->kind, LS_KIND_METRIC_VALUES);
  ls_series *s = run(ws, "mrr", 0); /* mrr's default grain, month, is the one loaded */
  CHECK(s != NULL);
  if (s) {
    CHECK_INT(s->grain, LS_GRAIN_MONTH);
    CHECK_INT(s->n, 3);
    CHECK_NUM(s->value[0], 100.5, 0);
    CHECK(isnan(s->value[1])); /* empty: undefined */
    CHECK_NUM(s->value[2], 300, 0);
    CHECK_INT(s->start[0], T("2025-11-01"));
    CHECK_INT(s->start[3], T("2026-02-01")); /* the as-of: the period after the last */
  }
  ls_series_free(s);
  /* loaded by month only: a week is no data, and arr was not loaded */
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_WEEK;
  CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_ENODATA);
  CHECK_HAS(ls_workspace_errmsg(ws), "precomputed by month only");
  CHECK_INT(ls_metric_run(ws, "arr", &(ls_query)LS_QUERY_INIT, &s), LS_ENODATA);
  ls_workspace_free(ws);
}

TEST(dates_should_be_weeks_only_when_every_one_is_a_monday_a_week_after_the_last) {
  /* 2025-11-03, -10, -17 are Mondays: weeks */
  ls_workspace *ws = ws_of("new_users.csv", "period,value\n2025-11-03,5\n2025-11-10,6\n2025-11-17,7\n");
  ls_series *s = run(ws, "new_users", LS_GRAIN_WEEK);
  CHECK(s && s->n == 3 && s->grain == LS_GRAIN_WEEK);
  if (s) CHECK_INT(s->start[3], T("2025-11-24"));
  ls_series_free(s);
  ls_workspace_free(ws);
  /* 2025-11-01 is a Saturday: days, the missing 2025-11-02 undefined */
  ws = ws_of("dau.csv", "period,value\n2025-11-01,5\n2025-11-03,7\n2025-11-04,8\n");
  s = run(ws, "dau", LS_GRAIN_DAY);
  CHECK(s && s->n == 4 && s->grain == LS_GRAIN_DAY);
  if (s && s->n == 4) {
    CHECK_NUM(s->value[0], 5, 0);
    CHECK(isnan(s->value[1]));
    CHECK_NUM(s->value[2], 7, 0);
    CHECK_NUM(s->value[3], 8, 0);
  }
  ls_series_free(s);
  ls_workspace_free(ws);
  /* Mondays two weeks apart are days (with the days between undefined) */
  ws = ws_of("dau.csv", "period,value\n2025-11-03,5\n2025-11-17,7\n2025-11-18,8\n");
  s = run(ws, "dau", LS_GRAIN_DAY);
  CHECK(s && s->n == 16 && s->grain == LS_GRAIN_DAY);
  ls_series_free(s);
  ls_workspace_free(ws);
}

TEST(the_long_form_should_hold_several_metrics_and_from_to_should_cut_them) {
  ls_workspace *ws = ws_of("warehouse.csv",
                           "metric,period,value\nmrr,2025-11,10\narr,2025-11,120\nmrr,2025-12,20\n"
                           "arr,2025-12,240\nmrr,2026-01,30\narr,2026-01,360\n");
  CHECK_INT(ls_workspace_detection(ws, 0)->kind, LS_KIND_METRIC_VALUES);
  ls_query q = LS_QUERY_INIT;
  q.from = T("2025-12-15"); /* the period holding it on */
  q.to = T("2025-12-31");
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "arr", &q, &s), LS_OK);
  CHECK(s && s->n == 1);
  if (s && s->n == 1) {
    CHECK_NUM(s->value[0], 240, 0);
    CHECK_INT(s->start[0], T("2025-12-01"));
  }
  ls_series_free(s);
  q = (ls_query)LS_QUERY_INIT;
  q.asof = T("2026-01-15"); /* January does not end by it */
  CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_OK);
  CHECK(s && s->n == 2);
  ls_series_free(s);
  ls_workspace_free(ws);
}

TEST(a_stated_grain_should_be_taken_as_stated) {
  /* one Monday alone reads as a day; stated, it is a week */
  ls_workspace *ws = ws_of("g.csv", "metric,grain,period,value\nnew_users,week,2025-11-03,4\nnew_users,week,2025-11-10,\n"
                                    "dau,day,2025-11-03,9\n");
  check_series(ws, "new_users", LS_GRAIN_WEEK, 2, NAN);
  check_series(ws, "dau", LS_GRAIN_DAY, 1, 9);
  ls_workspace_free(ws);
}

TEST(the_lifecycle_table_should_give_the_four_lifecycle_metrics) {
  ls_workspace *ws = ws_of("lifecycle.csv", "period,new,returning,resurrecting,dormant\n2025-11,650,0,0,0\n"
                                            "2025-12,539,572,0,78\n2026-01,558,932,43,179\n");
  check_series(ws, "lifecycle_dormant", LS_GRAIN_MONTH, 3, 179);
  ls_series *life = NULL;
  double *v = NULL;
  int used = 0;
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_MONTH;
  CHECK_INT(ls_precomp_lifecycle(ws, &q, &life, &v, &used), LS_OK);
  CHECK_INT(used, 1);
  if (life && v) {
    CHECK_INT(life->n, 3);
    CHECK_NUM(v[0 * 3 + 1], 539, 0); /* new, December */
    CHECK_NUM(v[1 * 3 + 2], 932, 0); /* returning, January */
    CHECK_NUM(v[2 * 3 + 2], 43, 0);  /* resurrecting, January */
  }
  ls_free(v);
  ls_series_free(life);
  ls_workspace_free(ws);
}

TEST(dates_should_be_read_in_the_workspace_zone) {
  ls_workspace *ws = ls_workspace_new();
  ls_tz tz;
  CHECK(ls_tz_parse("+08:00", &tz));
  ls_workspace_set_tz(ws, tz);
  CHECK_INT(add_csv(ws, "dau.csv", "period,value\n2025-11-01,5\n2025-11-02,6\n2025-11-03,7\n"), LS_OK);
  ls_series *s = run(ws, "dau", LS_GRAIN_DAY);
  CHECK(s && s->n == 3);
  if (s) CHECK_INT(s->start[0], T("2025-10-31T16:00:00Z")); /* midnight at +08:00 */
  ls_series_free(s);
  ls_workspace_free(ws);
}

TEST(period_value_files_should_stay_apart_and_bound_the_workspace) {
  ls_workspace *ws = ws_of("mrr.csv", "period,value\n2025-11,1\n2025-12,2\n2026-01,3\n");
  CHECK_INT(add_csv(ws, "arr.csv", "period,value\n2025-11,12\n2025-12,24\n2026-01,36\n"), LS_OK);
  CHECK_INT(ls_workspace_count(ws), 2); /* same header, but two metrics: not appended */
  int64_t first, asof;
  CHECK_INT(ls_workspace_extent(ws, LS_KIND_UNKNOWN, &first, &asof), LS_OK);
  CHECK_INT(first, T("2025-11-01"));
  CHECK_INT(asof, T("2026-02-01"));
  char *json = ls_workspace_json(ws);
  CHECK_HAS(json, "\"through\":\"2026-01-31\"");
  CHECK_HAS(json, "\"metrics\":[{\"name\":\"arr\",\"grain\":\"month\",\"periods\":3}]");
  ls_free(json);
  ls_workspace_free(ws);
}

TEST(a_retention_matrix_should_come_back_with_its_mean_row) {
  ls_workspace *ws = ws_of("retention.csv", "cohort,size,0,1,2\n2025-11,10,10,5,4\n2025-12,8,8,2,\n2026-01,6,6,,\n");
  CHECK_INT(ls_workspace_detection(ws, 0)->kind, LS_KIND_RETENTION_MATRIX);
  ls_retention_query q = LS_RETENTION_QUERY_INIT;
  q.period = LS_GRAIN_MONTH;
  ls_retention *r = NULL;
  CHECK_INT(ls_retention_run(ws, &q, &r), LS_OK);
  if (r) {
    CHECK_INT(r->ncohorts, 3);
    CHECK_INT(r->nk, 3);
    CHECK_INT(r->size[1], 8);
    CHECK_INT(r->count[1 * 3 + 1], 2);
    CHECK_INT(r->count[1 * 3 + 2], LS_RETENTION_ABSENT);
    CHECK_INT(r->cohort[2], T("2026-01-01"));
    /* mean: k=0 24/24; k=1 (5+2)/(10+8); k=2 4/10 */
    CHECK_NUM(r->mean[0], 1, 1e-15);
    CHECK_NUM(r->mean[1], 7.0 / 18.0, 1e-15);
    CHECK_NUM(r->mean[2], 0.4, 1e-15);
    CHECK_INT(r->mean_size[0], 24);
  }
  ls_retention_free(r);
  q.period = LS_GRAIN_WEEK;
  CHECK_INT(ls_retention_run(ws, &q, &r), LS_EGRAIN);
  CHECK_HAS(ls_workspace_errmsg(ws), "by month, not by week");
  ls_workspace_free(ws);
}

TEST(a_funnel_should_come_back_for_its_own_steps_only) {
  ls_workspace *ws = ws_of("funnel.csv", "step,event,users,from_start,from_previous,median_seconds,mean_seconds\n"
                                         "1,signup,100,1,1,,\n2,activate,40,0.4,0.4,3600,7200.5\n"
                                         "3,purchase,10,0.1,0.25,60,90\n");
  CHECK_INT(ls_workspace_detection(ws, 0)->kind, LS_KIND_FUNNEL_STEPS);
  const char *steps[] = {"signup", "Activate", "purchase"};
  ls_funnel_query q = LS_FUNNEL_QUERY_INIT;
  q.steps = steps;
  q.nsteps = 3;
  ls_funnel *f = NULL;
  CHECK_INT(ls_funnel_run(ws, &q, &f), LS_OK);
  if (f) {
    CHECK_INT(f->nsteps, 3);
    CHECK_INT(f->users[2], 10);
    CHECK_NUM(f->from_previous[2], 0.25, 0);
    CHECK_NUM(f->mean_seconds[1], 7200.5, 0);
    CHECK(isnan(f->median_seconds[0]));
  }
  ls_funnel_free(f);
  q.nsteps = 2;
  CHECK_INT(ls_funnel_run(ws, &q, &f), LS_ENOTFOUND);
  CHECK_HAS(ls_workspace_errmsg(ws), "signup,activate,purchase");
  ls_workspace_free(ws);
}

TEST(bad_files_should_be_refused_naming_file_line_and_column) {
  static const struct {
    const char *name, *csv, *want;
  } cases[] = {
    {"mrr.csv", "period,value\n2025-11,1\n2025-13,2\n2026-01,3\n", "mrr.csv:3:1: bad period label \"2025-13\""},
    {"mrr.csv", "period,value\n2025-11,1\n2025-12,2\n2026-01,lots\n", "mrr.csv:4:2: the value is not a number"},
    {"w.csv", "metric,period,value\nmrr,2025-11,1\nmrrr,2025-12,2\n", "w.csv:3:1: no metric named \"mrrr\""},
    {"mrr.csv", "period,value\n2025-11,1\n2025-12-01,2\n2026-01,3\n",
     "mrr.csv:3:1: mixed grains for mrr: this is a date, line 2 had a month"},
    {"mrr.csv", "period,value\n2025-11,1\n2025-12,2\n2025-11,3\n",
     "mrr.csv:4:1: the period of mrr is given twice (also on line 2)"},
    {"sales.csv", "period,value\n2025-11,1\n2025-12,2\n", "sales.csv:2:2: no metric named \"sales\""},
    {"g.csv", "metric,grain,period,value\ndau,week,2025-11-04,1\n", "g.csv:2:3: a week is labelled by its Monday"},
    {"r.csv", "cohort,size,0,1\n2025-11,10,10,5\n2025-12,8,8.5,\n2026-01,6,6,\n",
     "r.csv:3:3: the count is not a whole number"},
    {"r.csv", "cohort,size,0,1\n2025-11,10,10,5\n2026-01,8,8,\n",
     "r.csv:3:1: this cohort does not follow the one before by one month"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char msg[300];
    CHECK_INT(load_error(cases[i].name, cases[i].csv, msg, sizeof msg), LS_EPARSE);
    CHECK_HAS(msg, cases[i].want);
  }
}

TEST(the_kind_should_need_the_whole_header) {
  ls_table *t = ls_table_new("x.csv");
  ls_table_add(t, "period", LS_TYPE_STRING);
  ls_table_add(t, "value", LS_TYPE_DOUBLE);
  CHECK_INT(ls_precomp_kind(t), LS_KIND_METRIC_VALUES);
  ls_table_add(t, "extra", LS_TYPE_DOUBLE);
  CHECK_INT(ls_precomp_kind(t), LS_KIND_UNKNOWN);
  ls_table_free(t);
  t = ls_table_new("r.csv");
  ls_table_add(t, "Cohort", LS_TYPE_STRING);
  ls_table_add(t, "size", LS_TYPE_INT64);
  ls_table_add(t, "0", LS_TYPE_INT64);
  ls_table_add(t, "2", LS_TYPE_INT64); /* 1 is missing */
  CHECK_INT(ls_precomp_kind(t), LS_KIND_UNKNOWN);
  ls_table_free(t);
  CHECK_INT(ls_precomp_kind(NULL), LS_KIND_UNKNOWN);
}

int main(void) {
  RUN(a_period_value_file_should_be_the_metric_its_name_names);
  RUN(dates_should_be_weeks_only_when_every_one_is_a_monday_a_week_after_the_last);
  RUN(the_long_form_should_hold_several_metrics_and_from_to_should_cut_them);
  RUN(a_stated_grain_should_be_taken_as_stated);
  RUN(the_lifecycle_table_should_give_the_four_lifecycle_metrics);
  RUN(dates_should_be_read_in_the_workspace_zone);
  RUN(period_value_files_should_stay_apart_and_bound_the_workspace);
  RUN(a_retention_matrix_should_come_back_with_its_mean_row);
  RUN(a_funnel_should_come_back_for_its_own_steps_only);
  RUN(bad_files_should_be_refused_naming_file_line_and_column);
  RUN(the_kind_should_need_the_whole_header);
  return check_done();
}

/* lifecyclecmd.c: lifecycle and activedays (cli/lifecyclecmd.h). */
#include "cli/lifecyclecmd.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "base/tz.h"
#include "catalog/catalog.h"
#include "cli/loadargs.h"
#include "metrics/lifecycle.h"

#define MAX_WHERE 16

typedef struct {
  cli_load load;
  ls_query q;
  ls_where where[MAX_WHERE];
  char *where_text[MAX_WHERE];
} life_args;

/* ---- private ---- */

static void args_free(life_args *a) {
  for (size_t i = 0; i < a->q.scope.n; i++) ls_free(a->where_text[i]);
  cli_load_free(&a->load);
}

/* 0 when argv parsed into a (grains: the --period values cmd takes);
 * otherwise the exit status after printing the error */
static int parse_args(life_args *a, const char *cmd, unsigned grains, int argc, char **argv) {
  memset(a, 0, sizeof *a);
  a->q = (ls_query)LS_QUERY_INIT;
  a->q.grain = LS_GRAIN_WEEK;
  a->q.scope.where = a->where;
  if (!cli_load_init(&a->load, argc)) return 1;
  int from = 0, to = 0;
  for (int i = 0; i < argc; i++) {
    const char *o = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    int used = 2;
    if (strcmp(o, "--period") == 0 && val && (ls_grain_parse(val) & grains)) {
      a->q.grain = ls_grain_parse(val);
    } else if (strcmp(o, "--from") == 0 && val && ls_time_parse(val, strlen(val), &a->q.from)) {
      from = 1;
    } else if (strcmp(o, "--to") == 0 && val && ls_time_parse(val, strlen(val), &a->q.to)) {
      to = 1;
    } else if (strcmp(o, "--where") == 0 && val && strchr(val, '=') && val[0] != '=') {
      if (a->q.scope.n == MAX_WHERE) return cli_usage("%s: at most %d --where", cmd, MAX_WHERE);
      char *t = ls_strdup(val);
      if (!t) return 1;
      char *eq = strchr(t, '=');
      *eq = '\0';
      a->where_text[a->q.scope.n] = t;
      a->where[a->q.scope.n++] = (ls_where){t, eq + 1};
    } else {
      int k = cli_load_arg(&a->load, cmd, o, val);
      if (k < 0) return 2;
      if (k == 0) return cli_usage("%s: bad or incomplete option %s", cmd, o);
      used = k;
    }
    i += used - 1;
  }
  if (a->load.nfiles == 0) return cli_usage("%s: no files given", cmd);
  if (from) a->q.from = ls_tz_from_local(a->load.tz, a->q.from);
  if (to) a->q.to = ls_tz_from_local(a->load.tz, a->q.to);
  return 0;
}

/* Parse, load and lay out the periods (the series of metric `periods`);
 * 0 with *ws and *s set, else the exit status after printing the error. */
static int prepare(life_args *a, const char *cmd, unsigned grains, int argc, char **argv, ls_workspace **ws,
                   ls_series **s) {
  *ws = NULL;
  *s = NULL;
  int rc = parse_args(a, cmd, grains, argc, argv);
  if (rc) return rc;
  *ws = cli_load_workspace(&a->load);
  if (!*ws) return 1;
  if (ls_metric_run(*ws, "active_users", &a->q, s) != LS_OK) {
    fprintf(stderr, "lodestar: %s: %s\n", cmd, ls_workspace_errmsg(*ws));
    return 1;
  }
  return 0;
}

static int finish(int rc, life_args *a, ls_workspace *ws, ls_series *s, double *v) {
  ls_free(v);
  ls_series_free(s);
  ls_workspace_free(ws);
  args_free(a);
  return rc;
}

/* ---- API ---- */

int cli_lifecycle(int argc, char **argv) {
  life_args a;
  ls_workspace *ws;
  ls_series *s;
  int rc = prepare(&a, "lifecycle", LS_GRAIN_DAY | LS_GRAIN_WEEK | LS_GRAIN_MONTH, argc, argv, &ws, &s);
  if (rc) return finish(rc, &a, ws, s, NULL);
  ls_periods p = {s->n, s->start, s->grain, s->tz};
  double *v = ls_malloc((LS_LIFE_STATES * s->n + 1) * sizeof *v);
  if (!v || ls_lifecycle(ws, &a.q.scope, &p, v) != LS_OK) {
    fprintf(stderr, "lodestar: lifecycle: %s\n", v ? ls_workspace_errmsg(ws) : "out of memory");
    return finish(1, &a, ws, s, v);
  }
  char period[LS_TIME_TEXT_MAX];
  puts("period,new,returning,resurrecting,dormant");
  for (size_t k = 0; k < s->n; k++) {
    ls_period_name(s->start[k], s->grain, s->tz, period);
    printf("%s,%.0f,%.0f,%.0f,%.0f\n", period, v[LS_LIFE_NEW * s->n + k], v[LS_LIFE_RETURNING * s->n + k],
           v[LS_LIFE_RESURRECTING * s->n + k], v[LS_LIFE_DORMANT * s->n + k]);
  }
  return finish(0, &a, ws, s, v);
}

int cli_activedays(int argc, char **argv) {
  life_args a;
  ls_workspace *ws;
  ls_series *s;
  int rc = prepare(&a, "activedays", LS_GRAIN_WEEK | LS_GRAIN_MONTH, argc, argv, &ws, &s);
  if (rc) return finish(rc, &a, ws, s, NULL);
  const size_t w = LS_ACTIVE_DAYS_MAX + 1;
  ls_periods p = {s->n, s->start, s->grain, s->tz};
  double *v = ls_malloc((s->n * w + 1) * sizeof *v);
  if (!v || ls_active_days(ws, &a.q.scope, &p, v) != LS_OK) {
    fprintf(stderr, "lodestar: activedays: %s\n", v ? ls_workspace_errmsg(ws) : "out of memory");
    return finish(1, &a, ws, s, v);
  }
  char period[LS_TIME_TEXT_MAX];
  puts("period,days,users");
  for (size_t k = 0; k < s->n; k++) {
    ls_period_name(s->start[k], s->grain, s->tz, period);
    int64_t days = ls_floor_div(ls_tz_to_local(s->tz, s->start[k + 1]), LS_MS_PER_DAY) -
                   ls_floor_div(ls_tz_to_local(s->tz, s->start[k]), LS_MS_PER_DAY);
    for (int64_t d = 1; d <= days && d <= LS_ACTIVE_DAYS_MAX; d++)
      printf("%s,%lld,%.0f\n", period, (long long)d, v[k * w + (size_t)d]);
  }
  return finish(0, &a, ws, s, v);
}

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
#include "precomp/precomp.h"


typedef struct {
  cli_load load;
  ls_query q;
  cli_where wh;
} life_args;

/* ---- private ---- */

static void args_free(life_args *a) {
  cli_where_free(&a->wh);
  cli_load_free(&a->load);
}

/* 0 when argv parsed into a (grains: the --period values cmd takes);
 * otherwise the exit status after printing the error */
static int parse_args(life_args *a, const char *cmd, unsigned grains, int argc, char **argv) {
  memset(a, 0, sizeof *a);
  a->q = (ls_query)LS_QUERY_INIT;
  a->q.grain = LS_GRAIN_WEEK;
  if (!cli_load_init(&a->load, argc)) return 1;
  int from = 0, to = 0;
  for (int i = 0; i < argc; i += 2) {
    const char *o = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    int k = cli_load_arg(&a->load, cmd, o, val); /* files and load options first */
    int w;
    if (k < 0) return 2;
    if (k > 0) {
      i += k - 2;
      continue;
    }
    if (strcmp(o, "--period") == 0 && val && (ls_grain_parse(val) & grains)) {
      a->q.grain = ls_grain_parse(val);
    } else if (strcmp(o, "--from") == 0 && val && ls_time_parse(val, strlen(val), &a->q.from)) {
      from = 1;
    } else if (strcmp(o, "--to") == 0 && val && ls_time_parse(val, strlen(val), &a->q.to)) {
      to = 1;
    } else if (strcmp(o, "--where") == 0 && (w = cli_where_add(&a->wh, cmd, val)) != 0) {
      if (w < 0) return w == -1 ? 2 : 1;
      a->q.scope = a->wh.scope;
    } else {
      return cli_usage("%s: bad or incomplete option %s", cmd, o);
    }
  }
  if (a->load.nfiles == 0) return cli_usage("%s: no files given", cmd);
  if (from) a->q.from = ls_tz_from_local(a->load.tz, a->q.from);
  if (to) a->q.to = ls_tz_from_local(a->load.tz, a->q.to);
  return 0;
}

/* A command's table: compute fills `width` doubles per period, row prints
 * period k's rows from them. */
typedef struct {
  const char *name;
  unsigned grains; /* the --period values it takes */
  size_t width;
  ls_status (*compute)(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out);
  const char *header;
  void (*row)(const ls_series *s, size_t k, const char *period, const double *v);
} life_cmd;

/* Parse, load, lay out the complete periods (those of active_users), compute
 * and print; the exit status. */
static int run(const life_cmd *c, int argc, char **argv) {
  life_args a;
  ls_workspace *ws = NULL;
  ls_series *s = NULL;
  double *v = NULL;
  int rc = parse_args(&a, c->name, c->grains, argc, argv);
  if (rc == 0 && !(ws = cli_load_workspace(&a.load))) rc = 1;
  int pre = 0; /* the lifecycle read back from a file (precomp/precomp.h) */
  ls_status st = rc || c->compute != ls_lifecycle ? LS_OK : ls_precomp_lifecycle(ws, &a.q, &s, &v, &pre);
  if (rc == 0 && st == LS_OK && !pre) st = ls_metric_run(ws, "active_users", &a.q, &s);
  if (rc == 0 && st == LS_OK && !pre) {
    ls_periods p = {s->n, s->start, s->grain, s->tz, NULL}; /* start[n] ends the last period */
    v = ls_malloc((c->width * s->n + 1) * sizeof *v);
    st = v ? c->compute(ws, &a.q.scope, &p, v) : ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  if (rc == 0 && st != LS_OK) {
    fprintf(stderr, "lodestar: %s: %s\n", c->name, ls_workspace_errmsg(ws));
    rc = 1;
  }
  if (rc == 0) {
    char period[LS_TIME_TEXT_MAX];
    puts(c->header);
    for (size_t k = 0; k < s->n; k++) {
      ls_period_name(s->start[k], s->grain, s->tz, period);
      c->row(s, k, period, v);
    }
  }
  ls_free(v);
  ls_series_free(s);
  ls_workspace_free(ws);
  args_free(&a);
  return rc;
}

static void life_row(const ls_series *s, size_t k, const char *period, const double *v) {
  printf("%s,%.0f,%.0f,%.0f,%.0f\n", period, v[LS_LIFE_NEW * s->n + k], v[LS_LIFE_RETURNING * s->n + k],
         v[LS_LIFE_RESURRECTING * s->n + k], v[LS_LIFE_DORMANT * s->n + k]);
}

/* one row per day count from 1 to the period's days */
static void days_row(const ls_series *s, size_t k, const char *period, const double *v) {
  int64_t days = ls_floor_div(ls_tz_to_local(s->tz, s->start[k + 1]), LS_MS_PER_DAY) -
                 ls_floor_div(ls_tz_to_local(s->tz, s->start[k]), LS_MS_PER_DAY);
  for (int64_t d = 1; d <= days && d <= LS_ACTIVE_DAYS_MAX; d++)
    printf("%s,%lld,%.0f\n", period, (long long)d, v[k * (LS_ACTIVE_DAYS_MAX + 1) + (size_t)d]);
}

/* ---- API ---- */

int cli_lifecycle(int argc, char **argv) {
  static const life_cmd c = {"lifecycle", LS_GRAIN_DAY | LS_GRAIN_WEEK | LS_GRAIN_MONTH, LS_LIFE_STATES,
                             ls_lifecycle, "period,new,returning,resurrecting,dormant", life_row};
  return run(&c, argc, argv);
}

int cli_activedays(int argc, char **argv) {
  static const life_cmd c = {"activedays", LS_GRAIN_WEEK | LS_GRAIN_MONTH, LS_ACTIVE_DAYS_MAX + 1,
                             ls_active_days, "period,days,users", days_row};
  return run(&c, argc, argv);
}

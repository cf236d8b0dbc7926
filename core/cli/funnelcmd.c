/* funnelcmd.c: the funnel command (cli/funnelcmd.h). */
#include "cli/funnelcmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/numfmt.h"
#include "base/timeutil.h"
#include "cli/loadargs.h"
#include "metrics/funnel.h"


typedef struct {
  cli_load load;
  ls_funnel_query q;
  char *steps_text;
  const char *steps[LS_FUNNEL_MAX_STEPS + 1];
  const char *exclude[LS_FUNNEL_MAX_EXCLUDE];
  cli_where wh;
} funnel_args;

/* ---- private ---- */

/* split --steps at commas into a->steps; 0 when a name is empty or too many */
static int split_steps(funnel_args *a, const char *val) {
  a->steps_text = ls_strdup(val);
  if (!a->steps_text) return 0;
  size_t n = 0;
  for (char *p = a->steps_text;;) {
    char *comma = strchr(p, ',');
    if (comma) *comma = '\0';
    if (!*p || n == LS_FUNNEL_MAX_STEPS) return 0;
    a->steps[n++] = p;
    if (!comma) break;
    p = comma + 1;
  }
  a->q.steps = a->steps;
  a->q.nsteps = n;
  return 1;
}

static void args_free(funnel_args *a) {
  cli_where_free(&a->wh);
  ls_free(a->steps_text);
  cli_load_free(&a->load);
}

static int parse(funnel_args *a, int argc, char **argv) {
  const char *from = NULL, *to = NULL;
  int64_t day;
  if (!cli_load_init(&a->load, argc)) return 1;
  for (int i = 0; i < argc; i++) {
    int w;
    const char *o = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    int used = 2, ord;
    if (strcmp(o, "--steps") == 0 && val && !a->steps_text) {
      if (!split_steps(a, val))
        return cli_usage("funnel: --steps takes %d to %d event names separated by commas", LS_FUNNEL_MIN_STEPS,
                         LS_FUNNEL_MAX_STEPS);
    } else if (strcmp(o, "--window") == 0 && val) {
      if (!ls_funnel_window_parse(val, &a->q.window)) return cli_usage("funnel: bad --window %s (e.g. 14d, 1h, 90m, 3600s)", val);
    } else if (strcmp(o, "--order") == 0 && val && (ord = ls_funnel_order_parse(val)) >= 0) {
      a->q.order = (ls_funnel_order)ord;
    } else if (strcmp(o, "--exclude") == 0 && val && *val) {
      if (a->q.nexclude == LS_FUNNEL_MAX_EXCLUDE) return cli_usage("funnel: at most %d --exclude", LS_FUNNEL_MAX_EXCLUDE);
      a->exclude[a->q.nexclude++] = val;
    } else if (strcmp(o, "--by") == 0 && val && *val) {
      a->q.by = val;
    } else if (strcmp(o, "--from") == 0 && val && cli_parse_day(val, &day)) {
      from = val;
    } else if (strcmp(o, "--to") == 0 && val && cli_parse_day(val, &day)) {
      to = val;
    } else if (strcmp(o, "--where") == 0 && (w = cli_where_add(&a->wh, "funnel", val)) != 0) {
      if (w < 0) return w == -1 ? 2 : 1;
      a->q.scope = a->wh.scope;
    } else {
      int k = cli_load_arg(&a->load, "funnel", o, val);
      if (k < 0) return 2;
      if (k == 0) return cli_usage("funnel: bad or incomplete option %s", o);
      used = k;
    }
    i += used - 1;
  }
  if (!a->steps_text) return cli_usage("funnel: --steps is required");
  if (a->load.nfiles == 0) return cli_usage("funnel: no files given");
  if (from && cli_parse_day(from, &day)) a->q.from = ls_tz_from_local(a->load.tz, day);
  if (to && cli_parse_day(to, &day)) a->q.to = cli_day_end(a->load.tz, day);
  if (a->q.from >= a->q.to) return cli_usage("funnel: --from is after --to");
  return 0;
}


static void print(const ls_funnel *f, const funnel_args *a) {
  char n1[LS_NUMFMT_MAX], n2[LS_NUMFMT_MAX], n3[LS_NUMFMT_MAX], n4[LS_NUMFMT_MAX];
  if (a->q.by) {
    cli_csv_text(a->q.by);
    putchar(',');
  }
  puts("step,event,users,from_start,from_previous,median_seconds,mean_seconds");
  for (size_t s = 0; s < f->nsegments; s++)
    for (size_t k = 0; k < f->nsteps; k++) {
      size_t i = s * f->nsteps + k;
      if (f->segment) {
        cli_csv_text(f->segment[s]);
        putchar(',');
      }
      printf("%zu,", k + 1);
      cli_csv_text(a->steps[k]);
      printf(",%lld,%s,%s,%s,%s\n", (long long)f->users[i], ls_fmt_double(f->from_start[i], n1),
             ls_fmt_double(f->from_previous[i], n2), ls_fmt_double(f->median_seconds[i], n3),
             ls_fmt_double(f->mean_seconds[i], n4));
    }
}

/* ---- API ---- */

int cli_funnel(int argc, char **argv) {
  funnel_args a;
  memset(&a, 0, sizeof a);
  a.q = (ls_funnel_query)LS_FUNNEL_QUERY_INIT;
  a.q.exclude = a.exclude;
  int rc = parse(&a, argc, argv);
  ls_workspace *ws = rc == 0 ? cli_load_workspace(&a.load) : NULL;
  if (rc == 0 && !ws) rc = 1;
  ls_funnel *f = NULL;
  if (rc == 0) {
    ls_status st = ls_funnel_run(ws, &a.q, &f);
    if (st == LS_EINVAL) rc = cli_usage("funnel: %s", ls_workspace_errmsg(ws));
    else if (st != LS_OK) fprintf(stderr, "lodestar: %s\n", ls_workspace_errmsg(ws)), rc = 1;
    else print(f, &a);
  }
  ls_funnel_free(f);
  ls_workspace_free(ws);
  args_free(&a);
  return rc;
}

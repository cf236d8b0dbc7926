/* pathscmd.c: the paths command (cli/pathscmd.h). */
#include "cli/pathscmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "cli/loadargs.h"
#include "metrics/paths.h"
#include "workspace/settings.h"

typedef struct {
  cli_load load;
  ls_paths_query q;
  int dropoff;
  const char *gap;
  cli_where wh;
} paths_args;

/* ---- private ---- */

/* a whole number in [lo, hi] */
static int parse_count(const char *s, long lo, long hi, size_t *out) {
  char *end;
  if (!s) return 0;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) return 0;
  *out = (size_t)v;
  return 1;
}

/* one option of paths with its value: 1 taken, 0 not one of its options, -1
 * or -2 as cli_where_add, 2 after a usage error */
static int take(paths_args *a, const char *o, const char *v, int64_t *from, int64_t *to) {
  int k;
  if (strcmp(o, "--after") == 0 && v && *v && !a->q.after) a->q.after = v;
  else if (strcmp(o, "--before") == 0 && v && *v && !a->q.before) a->q.before = v;
  else if (strcmp(o, "--steps") == 0 && v) {
    if (!parse_count(v, 1, LS_PATHS_MAX_STEPS, &a->q.steps))
      return cli_usage("paths: --steps takes a number from 1 to %d", LS_PATHS_MAX_STEPS);
  } else if (strcmp(o, "--top") == 0 && v) {
    if (!parse_count(v, 1, LS_PATHS_MAX_TOP, &a->q.top))
      return cli_usage("paths: --top takes a number from 1 to %d", LS_PATHS_MAX_TOP);
  } else if (strcmp(o, "--gap") == 0 && v) {
    ls_settings s;
    char err[160];
    ls_settings_default(&s);
    if (ls_settings_set(&s, "session_gap_minutes", v, err, sizeof err) != LS_OK)
      return cli_usage("paths: --gap: %s", err);
    a->gap = v;
  } else if (strcmp(o, "--from") == 0 && cli_parse_day(v, from)) return 1;
  else if (strcmp(o, "--to") == 0 && cli_parse_day(v, to)) return 1;
  else if (strcmp(o, "--where") == 0 && (k = cli_where_add(&a->wh, "paths", v)) != 0) {
    if (k < 0) return k;
    a->q.scope = a->wh.scope;
  } else return 0;
  return 1;
}

/* 0 when argv parsed into a; otherwise the exit status after the message */
static int parse(paths_args *a, int argc, char **argv) {
  int64_t from = INT64_MIN, to = INT64_MAX;
  if (!cli_load_init(&a->load, argc)) return 1;
  for (int i = 0; i < argc; i++) {
    const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(o, "--dropoff") == 0) {
      a->dropoff = 1;
      continue;
    }
    int t = take(a, o, v, &from, &to);
    if (t < 0) return t == -1 ? 2 : 1;
    if (t == 2) return 2;
    int k = t ? 2 : cli_load_arg(&a->load, "paths", o, v);
    if (k < 0) return 2;
    if (k == 0) return cli_usage("paths: bad or incomplete option %s", o);
    i += k - 1;
  }
  if (a->q.after && a->q.before) return cli_usage("paths: --after and --before exclude each other");
  if (a->dropoff && !a->q.after) return cli_usage("paths: --dropoff needs --after EVENT");
  if (a->load.nfiles == 0) return cli_usage("paths: no files given");
  if (from != INT64_MIN) a->q.from = ls_tz_from_local(a->load.tz, from);
  if (to != INT64_MAX) a->q.to = cli_day_end(a->load.tz, to);
  if (a->q.from >= a->q.to) return cli_usage("paths: --from is after --to");
  return 0;
}

static void print_pairs(const ls_paths *p) {
  puts("from,to,users,transitions");
  for (size_t k = 0; k < p->n; k++) {
    cli_csv_text(p->from[k]);
    putchar(',');
    cli_csv_text(p->to[k]);
    printf(",%lld,%lld\n", (long long)p->users[k], (long long)p->transitions[k]);
  }
}

static void print_dropoff(const ls_paths *p) {
  puts("step,sessions,users,ended_sessions,ended_users");
  for (size_t k = 0; k <= p->nsteps; k++) {
    printf("%zu,%lld,%lld,%lld,%lld\n", k, (long long)p->reached_sessions[k], (long long)p->reached_users[k],
           (long long)p->ended_sessions[k], (long long)p->ended_users[k]);
  }
}

/* ---- API ---- */

int cli_paths(int argc, char **argv) {
  paths_args a;
  memset(&a, 0, sizeof a);
  a.q = (ls_paths_query)LS_PATHS_QUERY_INIT;
  int rc = parse(&a, argc, argv);
  ls_workspace *ws = rc == 0 ? cli_load_workspace(&a.load) : NULL;
  if (rc == 0 && !ws) rc = 1;
  ls_paths *p = NULL;
  if (rc == 0) {
    if (a.gap) ls_workspace_set(ws, "session_gap_minutes", a.gap); /* checked in parse */
    ls_status st = ls_paths_run(ws, &a.q, &p);
    if (st == LS_EINVAL) rc = cli_usage("paths: %s", ls_workspace_errmsg(ws));
    else if (st != LS_OK) fprintf(stderr, "lodestar: paths: %s\n", ls_workspace_errmsg(ws)), rc = 1;
    else if (a.dropoff) print_dropoff(p);
    else print_pairs(p);
  }
  ls_paths_free(p);
  ls_workspace_free(ws);
  cli_where_free(&a.wh);
  cli_load_free(&a.load);
  return rc;
}

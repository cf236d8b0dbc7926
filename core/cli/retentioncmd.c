/* retentioncmd.c: the retention command (cli/retentioncmd.h). */
#include "cli/retentioncmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/numfmt.h"
#include "base/timeutil.h"
#include "base/tz.h"
#include "cli/loadargs.h"
#include "metrics/retention.h"


typedef struct {
  cli_load load;
  ls_retention_query q;
  int percent, mean, period_set;
  long periods; /* --periods N: the columns 0..N-1 (0: as many as the data has) */
  cli_where wh;
} ret_args;

/* ---- private ---- */

/* one option with its value; 1 taken, 0 not an option of retention or a bad
 * value, -1 or -2 as cli_where_add */
static int take(ret_args *a, const char *o, const char *v, int64_t *from, int64_t *to) {
  int k;
  char *end;
  if (strcmp(o, "--period") == 0 && v && ls_grain_parse(v)) a->q.period = ls_grain_parse(v), a->period_set = 1;
  else if (strcmp(o, "--type") == 0 && (k = ls_retention_type_parse(v)) >= 0) a->q.type = (ls_retention_type)k;
  else if (strcmp(o, "--mode") == 0 && (k = ls_retention_mode_parse(v)) >= 0) a->q.mode = (ls_retention_mode)k;
  else if (strcmp(o, "--buckets") == 0 && (k = ls_retention_buckets_parse(v)) >= 0)
    a->q.buckets = (ls_retention_buckets)k;
  else if (strcmp(o, "--start-event") == 0 && v && *v) a->q.start_event = v;
  else if (strcmp(o, "--return-event") == 0 && v && *v) a->q.return_event = v;
  else if (strcmp(o, "--by") == 0 && v && *v) a->q.by = v;
  else if (strcmp(o, "--periods") == 0 && v && (a->periods = strtol(v, &end, 10)) >= 1 && a->periods <= 100000 && !*end)
    return 1;
  else if (strcmp(o, "--from") == 0 && cli_parse_day(v, from)) return 1;
  else if (strcmp(o, "--to") == 0 && cli_parse_day(v, to)) return 1;
  else if (strcmp(o, "--where") == 0 && (k = cli_where_add(&a->wh, "retention", v)) != 0) {
    if (k < 0) return k; /* a usage error printed, or out of memory */
    a->q.scope = a->wh.scope;
  } else return 0;
  return 1;
}

/* 0 when argv parsed into a; otherwise the exit status after the message */
static int parse(ret_args *a, int argc, char **argv) {
  int64_t from = INT64_MIN, to = INT64_MAX;
  if (!cli_load_init(&a->load, argc)) return 1;
  for (int i = 0; i < argc; i++) {
    const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(o, "--percent") == 0 || strcmp(o, "--mean") == 0) {
      *(o[2] == 'p' ? &a->percent : &a->mean) = 1;
      continue;
    }
    /* retention's own options first: --type first_time|recurring is not the
     * load option --type COLUMN=TYPE */
    int t = take(a, o, v, &from, &to);
    if (t < 0) return t == -1 ? 2 : 1;
    int k = t ? 2 : cli_load_arg(&a->load, "retention", o, v);
    if (k < 0) return 2;
    if (k == 0) return cli_usage("retention: bad or incomplete option %s", o);
    i += k - 1;
  }
  if (!a->period_set) return cli_usage("retention: --period day|week|month is required");
  if (a->load.nfiles == 0) return cli_usage("retention: no files given");
  if (from != INT64_MIN) a->q.from = ls_tz_from_local(a->load.tz, from);
  if (to != INT64_MAX) a->q.to = ls_tz_from_local(a->load.tz, to);
  if (a->q.from > a->q.to) return cli_usage("retention: --from is after --to");
  return 0;
}

/* segment g's label and a comma (nothing without a breakdown) */
static void put_segment(const ls_retention *r, size_t g) {
  if (!r->segment) return;
  cli_csv_text(r->segment[g]);
  putchar(',');
}

/* segment g's rows: one per cohort, then with mean its mean row (always as
 * fractions: a mean over a varying set of cohorts has no count) */
static void print_segment(const ls_retention *r, size_t g, size_t nk, int percent, int mean) {
  char name[LS_TIME_TEXT_MAX], num[LS_NUMFMT_MAX];
  for (size_t c = 0; c < r->ncohorts; c++) {
    size_t m = g * r->ncohorts + c;
    put_segment(r, g);
    ls_period_name(r->cohort[c], r->grain, r->tz, name);
    printf("%s,%lld", name, (long long)r->size[m]);
    for (size_t k = 0; k < nk; k++) {
      int64_t v = k < r->nk ? r->count[m * r->nk + k] : LS_RETENTION_ABSENT;
      putchar(',');
      if (v == LS_RETENTION_ABSENT) continue;
      if (!percent) printf("%lld", (long long)v);
      else if (r->size[m]) fputs(ls_fmt_double((double)v / (double)r->size[m], num), stdout);
    }
    putchar('\n');
  }
  if (!mean) return;
  put_segment(r, g);
  printf("mean,%lld", (long long)r->mean_size[g]);
  for (size_t k = 0; k < nk; k++) printf(",%s", k < r->nk ? ls_fmt_double(r->mean[g * r->nk + k], num) : "");
  putchar('\n');
}

/* nk columns: the matrix's, or with --periods that many (cut, or padded with
 * empty cells, none of them observable) */
static void print(const ls_retention *r, size_t nk, int percent, int mean) {
  fputs(r->segment ? "segment,cohort,size" : "cohort,size", stdout);
  if (!nk) nk = r->nk;
  for (size_t k = 0; k < nk; k++) printf(",%zu", k);
  putchar('\n');
  for (size_t g = 0; g < r->nsegments; g++) print_segment(r, g, nk, percent, mean);
}

/* ---- API ---- */

int cli_retention(int argc, char **argv) {
  ret_args a;
  memset(&a, 0, sizeof a);
  a.q = (ls_retention_query)LS_RETENTION_QUERY_INIT;
  int rc = parse(&a, argc, argv);
  ls_workspace *ws = rc == 0 ? cli_load_workspace(&a.load) : NULL;
  if (rc == 0 && !ws) rc = 1;
  ls_retention *r = NULL;
  if (rc == 0) {
    ls_status st = ls_retention_run(ws, &a.q, &r);
    if (st == LS_EINVAL) rc = cli_usage("retention: %s", ls_workspace_errmsg(ws));
    else if (st != LS_OK) fprintf(stderr, "lodestar: retention: %s\n", ls_workspace_errmsg(ws)), rc = 1;
    else print(r, (size_t)a.periods, a.percent, a.mean);
  }
  ls_retention_free(r);
  ls_workspace_free(ws);
  cli_where_free(&a.wh);
  cli_load_free(&a.load);
  return rc;
}

/* main.c: the lodestar command line: gen, inspect, metrics, metric, version.
 * Exit status: 0 success, 1 a data error (message on stderr naming the file,
 * line and column), 2 a usage error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/alloc.h"
#include "base/numfmt.h"
#include "base/timeutil.h"
#include "base/version.h"
#include "catalog/catalog.h"
#include "cJSON.h"
#include "gen/gen.h"
#include "sqlite3.h"
#include "table/csvout.h"
#include "workspace/workspace.h"

static const char USAGE[] =
    "usage: lodestar COMMAND [ARGS]\n"
    "\n"
    "  gen [--seed N] [--users N] [--days N] [--start DATE] --out DIR\n"
    "        write the demo workspace (customers, subscriptions, events, payments CSV)\n"
    "  inspect [--now DATE] FILE...\n"
    "        JSON: per file its kind, rows, and columns with types and roles\n"
    "  metrics\n"
    "        the metric catalog, one line each\n"
    "  metric NAME [--grain day|week|month] [--from DATE] [--to DATE] [--tz ZONE] FILE...\n"
    "        CSV period,value over the complete periods of the data, in ZONE (default\n"
    "        UTC; an offset such as +08:00 or a name such as America/New_York)\n"
    "  version\n";

/* ---- private ---- */

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "lodestar: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(lodestar help lists the commands and their options)\n");
  return 2;
}

static int parse_long(const char *s, long lo, long hi, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) return 0;
  *out = v;
  return 1;
}

static int load_files(ls_workspace *ws, char **files, int n) {
  for (int i = 0; i < n; i++) {
    if (ls_workspace_load_path(ws, files[i]) != LS_OK) {
      fprintf(stderr, "lodestar: %s\n", ls_workspace_errmsg(ws));
      return 1;
    }
  }
  return 0;
}

/* ---- commands ---- */

static int cmd_gen(int argc, char **argv) {
  ls_gen_options o;
  ls_gen_defaults(&o);
  const char *out = NULL;
  for (int i = 0; i < argc; i++) {
    long v;
    const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--out") == 0 && val) {
      out = val;
    } else if (strcmp(a, "--seed") == 0 && val && parse_long(val, 0, 2147483647L, &v)) {
      o.seed = (uint64_t)v;
    } else if (strcmp(a, "--users") == 0 && val && parse_long(val, 1, 10000000L, &v)) {
      o.users = (int)v;
    } else if (strcmp(a, "--days") == 0 && val && parse_long(val, 1, 3650, &v)) {
      o.days = (int)v;
    } else if (strcmp(a, "--start") == 0 && val && ls_time_parse(val, strlen(val), &o.start) &&
               o.start % LS_MS_PER_DAY == 0) {
    } else {
      return usage_error("gen: bad or incomplete option %s", a);
    }
    i++;
  }
  if (!out) return usage_error("gen: --out DIR is required%s", "");
  if (mkdir(out, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "lodestar: %s: %s\n", out, strerror(errno));
    return 1;
  }
  ls_table *tables[LS_GEN_TABLES];
  ls_status s = ls_gen(&o, tables);
  if (s != LS_OK) {
    fprintf(stderr, "lodestar: gen: %s\n", ls_status_message(s));
    return 1;
  }
  int rc = 0;
  for (int k = 0; k < LS_GEN_TABLES; k++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", out, ls_table_name(tables[k]));
    FILE *f = fopen(path, "wb");
    if (!f || ls_csv_write(tables[k], f) != LS_OK || fclose(f) != 0) {
      fprintf(stderr, "lodestar: %s: %s\n", path, strerror(errno));
      rc = 1;
    } else {
      printf("%s\t%zu rows\n", path, ls_table_rows(tables[k]));
    }
    ls_table_free(tables[k]);
  }
  return rc;
}

static int cmd_inspect(int argc, char **argv) {
  int64_t now = (int64_t)time(NULL) * 1000;
  if (argc >= 2 && strcmp(argv[0], "--now") == 0) {
    if (!ls_time_parse(argv[1], strlen(argv[1]), &now)) return usage_error("inspect: bad --now %s", argv[1]);
    argc -= 2;
    argv += 2;
  }
  if (argc == 0) return usage_error("inspect: no files given%s", "");
  ls_workspace *ws = ls_workspace_new();
  if (!ws) return 1;
  ls_workspace_set_now(ws, now);
  int rc = load_files(ws, argv, argc);
  if (rc == 0) {
    char *json = ls_workspace_json(ws);
    cJSON *doc = json ? cJSON_Parse(json) : NULL;
    char *pretty = doc ? cJSON_Print(doc) : NULL;
    if (pretty) printf("%s\n", pretty);
    else rc = 1;
    ls_free(pretty);
    cJSON_Delete(doc);
    ls_free(json);
  }
  ls_workspace_free(ws);
  return rc;
}

static int cmd_metrics(void) {
  for (size_t i = 0; i < ls_catalog_count(); i++) {
    const ls_metric_def *d = ls_catalog_at(i);
    char grains[32] = "";
    for (unsigned g = LS_GRAIN_DAY; g <= LS_GRAIN_MONTH; g <<= 1) {
      if (!(d->grains & g)) continue;
      if (grains[0]) strcat(grains, ",");
      strcat(grains, ls_grain_name((ls_grain)g));
    }
    printf("%-10s %-9s %-14s %-15s %s\n", d->name, d->unit, ls_kind_name(d->needs), grains,
           d->description);
  }
  return 0;
}

static int cmd_metric(int argc, char **argv) {
  if (argc == 0) return usage_error("metric: no metric name given%s", "");
  const char *name = argv[0];
  if (!ls_catalog_find(name)) return usage_error("metric: no metric named \"%s\" (see lodestar metrics)", name);
  ls_query q = LS_QUERY_INIT;
  ls_tz tz = LS_TZ_UTC;
  const char *from = NULL, *to = NULL;
  char **files = malloc(sizeof(char *) * (size_t)argc);
  int nfiles = 0;
  if (!files) return 1;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (strncmp(a, "--", 2) != 0) {
      files[nfiles++] = argv[i];
      continue;
    }
    if (strcmp(a, "--grain") == 0 && val && ls_grain_parse(val)) {
      q.grain = ls_grain_parse(val);
    } else if (strcmp(a, "--from") == 0 && val && ls_time_parse(val, strlen(val), &q.from)) {
      from = val;
    } else if (strcmp(a, "--to") == 0 && val && ls_time_parse(val, strlen(val), &q.to)) {
      to = val;
    } else if (strcmp(a, "--tz") == 0 && val) {
      if (!ls_tz_parse(val, &tz)) {
        char forms[1024], msg[1400];
        ls_tz_forms(forms, sizeof forms);
        snprintf(msg, sizeof msg, "metric: unknown time zone \"%s\" (use %s)", val, forms);
        free(files);
        return usage_error("%s", msg);
      }
    } else {
      free(files);
      return usage_error("metric: bad or incomplete option %s", a);
    }
    i++;
  }
  if (nfiles == 0) {
    free(files);
    return usage_error("metric: no files given%s", "");
  }
  /* --from / --to name times in the workspace zone */
  if (from) q.from = ls_tz_from_local(tz, q.from);
  if (to) q.to = ls_tz_from_local(tz, q.to);
  const ls_metric_def *def = ls_catalog_find(name);
  if (q.grain && !(def->grains & q.grain)) {
    free(files);
    return usage_error("metric: this metric has no such grain: %s", ls_grain_name(q.grain));
  }

  ls_workspace *ws = ls_workspace_new();
  if (ws) ls_workspace_set_tz(ws, tz); /* before loading: naive times are read in it */
  int rc = ws ? load_files(ws, files, nfiles) : 1;
  free(files);
  ls_series *s = NULL;
  if (rc == 0 && ls_metric_run(ws, name, &q, &s) != LS_OK) {
    fprintf(stderr, "lodestar: %s\n", ls_workspace_errmsg(ws));
    rc = 1;
  }
  if (rc == 0) {
    printf("period,value\n");
    for (size_t i = 0; i < s->n; i++) {
      char period[LS_TIME_TEXT_MAX], num[LS_NUMFMT_MAX];
      ls_period_name(s->start[i], s->grain, s->tz, period);
      printf("%s,%s\n", period, ls_fmt_double(s->value[i], num));
    }
  }
  ls_series_free(s);
  ls_workspace_free(ws);
  return rc;
}

/* ---- main ---- */

int main(int argc, char **argv) {
  ls_alloc_init_json();
  if (argc < 2) {
    fputs("usage: lodestar COMMAND [ARGS]\n(lodestar help lists the commands and their options)\n", stderr);
    return 2;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "gen") == 0) return cmd_gen(argc - 2, argv + 2);
  if (strcmp(cmd, "inspect") == 0) return cmd_inspect(argc - 2, argv + 2);
  if (strcmp(cmd, "metrics") == 0) return argc == 2 ? cmd_metrics() : usage_error("metrics takes no arguments%s", "");
  if (strcmp(cmd, "metric") == 0) return cmd_metric(argc - 2, argv + 2);
  if (strcmp(cmd, "version") == 0) {
    printf("lodestar %s (SQLite %s, cJSON %s)\n", LS_VERSION, sqlite3_libversion(), cJSON_Version());
    return 0;
  }
  if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
    fputs(USAGE, stdout);
    return 0;
  }
  return usage_error("unknown command %s", cmd);
}

/* main.c: the lodestar command line: gen, inspect, cat, metrics, version, and
 * the catalog's commands (cli/metriccmd.h).
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
#include "cli/loadargs.h"
#include "cli/metriccmd.h"
#include "cli/experimentcmd.h"
#include "cli/funnelcmd.h"
#include "cli/lifecyclecmd.h"
#include "cli/sqlexportcmd.h"
#include "cli/retentioncmd.h"
#include "cli/pathscmd.h"
#include "cli/alertscmd.h"
#include "cli/reportcmd.h"
#include "cli/sqlcmd.h"
#include "cli/toolcmd.h"
#include "cli/askcmd.h"
#include "cli/reviewscmd.h"
#include "cli/savecmd.h"

static const char USAGE[] =
    "usage: lodestar COMMAND [ARGS]\n"
    "\n"
    "  gen [--seed N] [--users N] [--days N] [--start DATE] [--event-users N] --out DIR\n"
    "        write the demo workspace (customers, subscriptions, events, payments, campaigns, reviews CSV);\n"
    "        --event-users N: only N customers, evenly spread in signup order, send events\n"
    "  inspect [LOAD OPTIONS] FILE...\n"
    "        JSON: per dataset how it was read (format, encoding, dialect), its kind,\n"
    "        source format, columns with types and roles, and a data-quality summary\n"
    "  cat [--limit N] [LOAD OPTIONS] FILE\n"
    "        each parsed row as one JSON object of its cell texts, before typing\n"
    "  metrics\n"
    "        the metric catalog, one line each\n"
    "  metric NAME [QUERY OPTIONS] [LOAD OPTIONS] FILE...\n"
    "        period,value (period,COLUMN,value with --by) over the complete periods of the data\n"
    "  cohorts --metric revenue [QUERY OPTIONS] [LOAD OPTIONS] FILE...\n"
    "        revenue retention by cohort: one row per cohort, one column per period after it\n"
    "  funnel --steps E1,E2[,...] [--window 14d] [--order sequential|strict|any] [--exclude E]...\n"
    "         [--by COLUMN] [--where COLUMN=VALUE]... [--from DATE] [--to DATE] [LOAD OPTIONS] FILE...\n"
    "        step,event,users,from_start,from_previous,median_seconds,mean_seconds per step\n"
    "  experiment --variant COLUMN (--goal EVENT | --metric COLUMN [--goal EVENT]) [--control V]\n"
    "         [--exposure EVENT] [--no-cuped] [--weight V=SHARE]... [--min-exposures N]\n"
    "         [--min-conversions N] [--where C=V]... [--from DATE] [--to DATE] [--spec JSON] [LOAD OPTIONS] FILE...\n"
    "        an A/B test as JSON: per variant exposures, conversions, rate or mean, 95% interval, lift,\n"
    "        chance to win; CUPED, sample-ratio mismatch, minimum-sample guard (docs/experiments.md)\n"
    "  lifecycle [--period day|week|month] [--from DATE] [--to DATE] [--where C=V] [LOAD OPTIONS] FILE...\n"
    "        period,new,returning,resurrecting,dormant: each user's lifecycle state (PostHog)\n"
    "  activedays [--period week|month] [--from DATE] [--to DATE] [--where C=V] [LOAD OPTIONS] FILE...\n"
    "        period,days,users: users by number of active days in the period\n"
    "  retention --period day|week|month [--type first_time|recurring] [--mode on|on_or_after]\n"
    "         [--buckets calendar|rolling_24h] [--start-event E] [--return-event E] [--percent]\n"
    "         [--by COLUMN] [--mean] [--where C=V]... [--from DATE] [--to DATE] [--periods N]\n"
    "         [LOAD OPTIONS] FILE...\n"
    "        cohort,size,0,1,2,...: users of each cohort active in each period after it\n"
    "        (--periods N: exactly the columns 0..N-1, as sql-export writes them)\n"
    "        (segment,cohort,... with --by; --mean: a last row of size-weighted mean fractions)\n"
    "  alerts [--rules FILE] [--at DATE] [--format text|json] [--webhook slack|feishu|dingtalk]\n"
    "         [--lang en|zh-CN|zh-TW] [--post URL] [LOAD OPTIONS] FILE...\n"
    "        the firing alerts of a rules file (default: the default rules), then the incidents;\n"
    "        exit 3 when a P0 alert fires (docs/alerts.md)\n"
    "  report --period daily|weekly|monthly [--at DATE] [--format md|html] [--lang en|zh-CN|zh-TW]\n"
    "         [--rules FILE] [LOAD OPTIONS] FILE...\n"
    "        the report of the last complete day, week or month ending by DATE: KPIs, revenue bridge,\n"
    "        retention, funnels, incidents, top movers, recommendations (Markdown or self-contained HTML)\n"
    "  sql --query \"SELECT ...\" | --query-file FILE [--max-rows N] [--max-steps N]\n"
    "      [--format text|json|csv] [LOAD OPTIONS] FILE...\n"
    "        one read-only SQLite SELECT over the files, each a table (docs/sql.md)\n"
    "  tool NAME ['{JSON ARGS}'] [LOAD OPTIONS] FILE...   (tool --list: the definitions)\n"
    "        one of the AI assistant's tools run on the files, its JSON result (docs/assistant.md)\n"
    "  ask [--format text|json] [LOAD OPTIONS] FILE... \"QUESTION\"\n"
    "        the offline assistant: the metric a question in English or Chinese names, its definition,\n"
    "        latest value and change, the default rules on it and the top movers (docs/assistant.md)\n"
    "  reviews [--grain day|week|month] [--from DATE] [--to DATE] [--labels FILE.json]\n"
    "          [--format text|json] [--appeals] [LOAD OPTIONS] FILE...\n"
    "        review triage: negative reviews as logistics, product quality or other, their rate\n"
    "        per period, and the appeal records of the logistics ones (docs/reviews.md)\n"
    "  mapping [LOAD OPTIONS] FILE...\n"
    "        the warehouse mapping file (JSON): the table of each dataset kind, the column of each role\n"
    "  sql-export --dialect clickhouse|postgres|duckdb [--mapping FILE] [--metric NAME]... [--grain G]\n"
    "             [--event NAME] [--property COLUMN] [--tz ZONE] [--out DIR] [--list] [--ddl]\n"
    "             [--analysis retention|funnel|lifecycle ITS OPTIONS]\n"
    "        the catalog's metrics as SQL for a warehouse, same columns as lodestar metric (docs/warehouse.md)\n"
    "  save [--set KEY=VALUE]... [--page JSON] [LOAD OPTIONS] FILE... --out PATH\n"
    "        the whole workspace (datasets, mappings, settings, zone) as one workspace file,\n"
    "        PATH.lodestar.sqlite, which every command reads as FILE (docs/workspace-file.md)\n"
    "  settings\n"
    "        the metric settings, their defaults and choices\n"
    "  version\n"
    "\n"
    "QUERY OPTIONS\n"
    "  --grain day|week|month   the period (default: the metric's)\n"
    "  --from DATE, --to DATE   the first and last periods, in the workspace zone\n"
    "  --by COLUMN              one series per value of a column of the dataset or its customers\n"
    "  --where COLUMN=VALUE     only rows whose COLUMN has VALUE (repeatable)\n"
    "  --event NAME             only events named NAME (property math, technical metrics)\n"
    "  --property COLUMN        the number column of property math (sum, mean, p95, ...)\n"
    "  --top N                  with --by: the N segments of largest total, largest first\n"
    "  --set KEY=VALUE          a metric setting (see lodestar settings; repeatable)\n"
    "  --format csv|json        the output (default csv)\n"
    "\n"
    "LOAD OPTIONS\n"
    "  --tz ZONE           workspace time zone: UTC, an offset such as +08:00, or a name\n"
    "                      such as Asia/Shanghai or America/New_York (DST rules applied)\n"
    "  --now DATE          the instant lag and future dates are measured against\n"
    "  --encoding NAME     utf-8, utf-16le, utf-16be or gb18030 (gbk) instead of detecting\n"
    "  --delimiter C       , ; | tab or any ASCII character instead of sniffing\n"
    "  --quote C|none      the quote character, or none\n"
    "  --escape C|none     the escape inside quotes (default: a doubled quote)\n"
    "  --header yes|no     whether the first record names the columns\n"
    "  --skip N            preamble lines before the first record\n"
    "  --ragged fix|error  pad short rows and cut long ones (counted), or fail (default)\n"
    "  --type COL=TYPE     read COL as int, float, timestamp, date, bool or string\n"
    "  --no-append         keep files with the same header as separate datasets\n";

/* ---- private ---- */


static int parse_long(const char *s, long lo, long hi, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) return 0;
  *out = v;
  return 1;
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
    } else if (strcmp(a, "--event-users") == 0 && val && parse_long(val, 1, 10000000L, &v)) {
      o.event_users = (int)v;
    } else if (strcmp(a, "--days") == 0 && val && parse_long(val, 1, 3650, &v)) {
      o.days = (int)v;
    } else if (strcmp(a, "--start") == 0 && val && ls_time_parse(val, strlen(val), &o.start) &&
               o.start % LS_MS_PER_DAY == 0) {
    } else {
      return cli_usage("gen: bad or incomplete option %s", a);
    }
    i++;
  }
  if (!out) return cli_usage("gen: --out DIR is required%s", "");
  if (o.event_users > o.users) return cli_usage("gen: --event-users is more than --users%s", "");
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
  cli_load l;
  if (!cli_load_init(&l, argc)) return 1;
  for (int i = 0; i < argc; i++) {
    int k = cli_load_arg(&l, "inspect", argv[i], i + 1 < argc ? argv[i + 1] : NULL);
    if (k <= 0) {
      cli_load_free(&l);
      return k < 0 ? 2 : cli_usage("inspect: unknown option %s", argv[i]);
    }
    i += k - 1;
  }
  if (l.nfiles == 0) {
    cli_load_free(&l);
    return cli_usage("inspect: no files given%s", "");
  }
  ls_workspace *ws = cli_load_workspace(&l);
  cli_load_free(&l);
  if (!ws) return 1;
  int rc = 0;
  char *json = ls_workspace_json(ws);
  cJSON *doc = json ? cJSON_Parse(json) : NULL;
  char *pretty = doc ? cJSON_Print(doc) : NULL;
  if (pretty)
    printf("%s\n", pretty);
  else
    rc = 1;
  ls_free(pretty);
  cJSON_Delete(doc);
  ls_free(json);
  ls_workspace_free(ws);
  return rc;
}

/* cat: each row as one JSON object of its cell texts, keyed by column name */
typedef struct {
  long limit, done;
} cat_state;

static ls_status print_record(void *ctx, uint64_t line, const ls_field *names, const ls_field *values,
                              size_t n) {
  cat_state *c = ctx;
  (void)line;
  if (c->limit >= 0 && c->done >= c->limit) return LS_ERANGE; /* enough: stop reading */
  cJSON *o = cJSON_CreateObject();
  if (!o) return LS_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    char *k = ls_strndup(names[i].s, names[i].len), *v = ls_strndup(values[i].s, values[i].len);
    if (!k || !v || !cJSON_AddStringToObject(o, k, v)) {
      ls_free(k);
      ls_free(v);
      cJSON_Delete(o);
      return LS_ENOMEM;
    }
    ls_free(k);
    ls_free(v);
  }
  char *s = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  if (!s) return LS_ENOMEM;
  puts(s);
  ls_free(s);
  c->done++;
  return LS_OK;
}

static int cmd_cat(int argc, char **argv) {
  cli_load l;
  cat_state c = {-1, 0};
  if (!cli_load_init(&l, argc)) return 1;
  for (int i = 0; i < argc; i++) {
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    long v;
    if (strcmp(argv[i], "--limit") == 0 && val && parse_long(val, 0, 2147483647L, &v)) {
      c.limit = v;
      i++;
      continue;
    }
    int k = cli_load_arg(&l, "cat", argv[i], val);
    if (k <= 0) {
      cli_load_free(&l);
      return k < 0 ? 2 : cli_usage("cat: unknown or incomplete option %s", argv[i]);
    }
    i += k - 1;
  }
  if (l.nfiles != 1) {
    cli_load_free(&l);
    return cli_usage("cat: give exactly one file%s", "");
  }
  ls_workspace *ws = ls_workspace_new();
  ls_status st = ws ? ls_load_path_records(ws, l.files[0], &l.o, print_record, &c) : LS_ENOMEM;
  int rc = 0;
  if (st != LS_OK && !(st == LS_ERANGE && c.limit >= 0 && c.done >= c.limit)) {
    fprintf(stderr, "lodestar: %s\n", ws ? ls_workspace_errmsg(ws) : "out of memory");
    rc = 1;
  }
  ls_workspace_free(ws);
  cli_load_free(&l);
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
    printf("%-22s %-9s %-14s %-15s %s\n", d->name, d->unit, ls_kind_name(d->needs), grains,
           d->description);
  }
  return 0;
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
  if (strcmp(cmd, "cat") == 0) return cmd_cat(argc - 2, argv + 2);
  if (strcmp(cmd, "metrics") == 0) return argc == 2 ? cmd_metrics() : cli_usage("metrics takes no arguments%s", "");
  if (strcmp(cmd, "metric") == 0) return cli_metric(argc - 2, argv + 2);
  if (strcmp(cmd, "funnel") == 0) return cli_funnel(argc - 2, argv + 2);
  if (strcmp(cmd, "experiment") == 0) return cli_experiment(argc - 2, argv + 2);
  if (strcmp(cmd, "cohorts") == 0) return cli_cohorts(argc - 2, argv + 2);
  if (strcmp(cmd, "settings") == 0) return cli_settings(argc - 2, argv + 2);
  if (strcmp(cmd, "lifecycle") == 0) return cli_lifecycle(argc - 2, argv + 2);
  if (strcmp(cmd, "retention") == 0) return cli_retention(argc - 2, argv + 2);
  if (strcmp(cmd, "paths") == 0) return cli_paths(argc - 2, argv + 2);
  if (strcmp(cmd, "activedays") == 0) return cli_activedays(argc - 2, argv + 2);
  if (strcmp(cmd, "alerts") == 0) return cli_alerts(argc - 2, argv + 2);
  if (strcmp(cmd, "report") == 0) return cli_report(argc - 2, argv + 2);
  if (strcmp(cmd, "sql") == 0) return cli_sql(argc - 2, argv + 2);
  if (strcmp(cmd, "tool") == 0) return cli_tool(argc - 2, argv + 2);
  if (strcmp(cmd, "ask") == 0) return cli_ask(argc - 2, argv + 2);
  if (strcmp(cmd, "reviews") == 0) return cli_reviews(argc - 2, argv + 2);
  if (strcmp(cmd, "mapping") == 0) return cli_mapping(argc - 2, argv + 2);
  if (strcmp(cmd, "sql-export") == 0) return cli_sql_export(argc - 2, argv + 2);
  if (strcmp(cmd, "save") == 0) return cli_save(argc - 2, argv + 2);
  if (strcmp(cmd, "version") == 0) {
    printf("lodestar %s (SQLite %s, cJSON %s)\n", LS_VERSION, sqlite3_libversion(), cJSON_Version());
    return 0;
  }
  if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
    fputs(USAGE, stdout);
    return 0;
  }
  return cli_usage("unknown command %s", cmd);
}

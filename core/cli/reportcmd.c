/* reportcmd.c: the report command (cli/reportcmd.h). */
#include "cli/reportcmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "base/tz.h"
#include "cli/loadargs.h"
#include "report/report.h"

typedef struct {
  cli_load load;
  int period; /* -1 until given */
  ls_report_format format;
  const char *lang, *rules_path;
  int64_t at; /* the day given, as UTC wall time; INT64_MIN none */
} report_args;

/* ---- private ---- */

/* the whole of a file as a string (ls_free), or NULL after the message */
/* 0 when argv parsed into a; otherwise the exit status after the message */
static int parse(report_args *a, int argc, char **argv) {
  static const char *const periods[] = {"daily", "weekly", "monthly"};
  if (!cli_load_init(&a->load, argc)) return 1;
  for (int i = 0; i < argc; i++) {
    const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    int taken = 1;
    if (strcmp(o, "--period") == 0 && v) {
      for (int k = 0; k < 3; k++)
        if (strcmp(v, periods[k]) == 0) a->period = k;
      taken = a->period >= 0;
    } else if (strcmp(o, "--format") == 0 && v && (strcmp(v, "md") == 0 || strcmp(v, "html") == 0)) {
      a->format = v[0] == 'h' ? LS_REPORT_HTML : LS_REPORT_MD;
    } else if (strcmp(o, "--lang") == 0 && v &&
               (strcmp(v, "en") == 0 || strcmp(v, "zh-CN") == 0 || strcmp(v, "zh-TW") == 0)) {
      a->lang = v;
    } else if (strcmp(o, "--rules") == 0 && v && *v) {
      a->rules_path = v;
    } else if (strcmp(o, "--at") == 0) {
      taken = cli_parse_day(v, &a->at);
    } else {
      int k = cli_load_arg(&a->load, "report", o, v);
      if (k < 0) return 2;
      if (k == 0) return cli_usage("report: bad or incomplete option %s", o);
      i += k - 1;
      continue;
    }
    if (!taken) return cli_usage("report: bad or incomplete option %s", o);
    i++;
  }
  if (a->period < 0) return cli_usage("report: --period daily|weekly|monthly is required");
  if (a->load.nfiles == 0) return cli_usage("report: no files given");
  return 0;
}

/* ---- API ---- */

int cli_report(int argc, char **argv) {
  report_args a = {.period = -1, .format = LS_REPORT_MD, .lang = "en", .at = INT64_MIN};
  int rc = parse(&a, argc, argv);
  char *rules = NULL, *out = NULL;
  if (rc == 0 && a.rules_path && !(rules = cli_read_text(a.rules_path))) rc = 1;
  ls_workspace *ws = rc == 0 ? cli_load_workspace(&a.load) : NULL;
  if (rc == 0 && !ws) rc = 1;
  if (rc == 0) {
    /* the end of day DATE in the workspace zone: the report may cover it */
    int64_t at = INT64_MIN;
    if (a.at != INT64_MIN) at = cli_day_end(a.load.tz, a.at);
    ls_status st = ls_report(ws, (ls_report_period)a.period, at, rules, a.format, a.lang, &out);
    if (st != LS_OK) fprintf(stderr, "lodestar: report: %s\n", ls_workspace_errmsg(ws)), rc = 1;
    else fputs(out, stdout);
  }
  ls_free(out);
  ls_free(rules);
  ls_workspace_free(ws);
  cli_load_free(&a.load);
  return rc;
}

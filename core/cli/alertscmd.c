/* alertscmd.c: the alerts command (cli/alertscmd.h, docs/alerts.md). */
#include "cli/alertscmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "cJSON.h"
#include "cli/loadargs.h"
#include "cli/post.h"
#include "monitor/monitor.h"
#include "monitor/notify.h"

typedef struct {
  cli_load load;
  const char *rules, *at, *webhook, *post, *lang;
  int json;
} alerts_args;

static int one_of(const char *s, const char *const *names, size_t n) {
  for (size_t i = 0; s && i < n; i++)
    if (!strcmp(s, names[i])) return 1;
  return 0;
}

/* 0 when parsed; otherwise the exit status after printing the error. */
static int parse(alerts_args *a, int argc, char **argv) {
  static const char *const targets[] = {"slack", "feishu", "dingtalk"}, *const langs[] = {"en", "zh-CN", "zh-TW"};
  int64_t day;
  for (int i = 0; i < argc; i++) {
    const char *o = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    int used = 2;
    if (!strcmp(o, "--rules") && val) a->rules = val;
    else if (!strcmp(o, "--at") && cli_parse_day(val, &day)) a->at = val;
    else if (!strcmp(o, "--format") && val && (!strcmp(val, "json") || !strcmp(val, "text"))) a->json = val[0] == 'j';
    else if (!strcmp(o, "--webhook") && one_of(val, targets, 3)) a->webhook = val;
    else if (!strcmp(o, "--post") && val && *val) a->post = val;
    else if (!strcmp(o, "--lang") && one_of(val, langs, 3)) a->lang = val;
    else {
      int k = cli_load_arg(&a->load, "alerts", o, val);
      if (k < 0) return 2;
      if (k == 0) return cli_usage("alerts: bad or incomplete option %s", o);
      used = k;
    }
    i += used - 1;
  }
  if (a->load.nfiles == 0) return cli_usage("alerts: no files given%s", "");
  return 0;
}

/* The whole of file path (NUL-terminated; caller ls_frees), or NULL after
 * printing why. */
static const char *text_of(const cJSON *o, const char *key) {
  const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
  return s ? s : "";
}

/* One line per alert (P0 first, as the result orders them), then one per
 * ongoing incident, then how many ended before (--format json lists them). */
static void print_text(const cJSON *res) {
  const cJSON *a;
  int ended = 0;
  cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(res, "alerts")) puts(text_of(a, "text"));
  cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(res, "incidents")) {
    if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "ongoing"))) {
      ended++;
      continue;
    }
    const cJSON *peak = cJSON_GetObjectItemCaseSensitive(a, "peak_value");
    printf("incident [%s] %s: %s from %s to %s, %d period(s), peak %.6g in %s%s%s\n", text_of(a, "severity"),
           text_of(a, "rule"), text_of(a, "metric"), text_of(a, "start"), text_of(a, "end"),
           (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(a, "periods")),
           cJSON_IsNumber(peak) ? peak->valuedouble : 0.0, text_of(a, "peak_period"),
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "ongoing")) ? ", ongoing" : "",
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "suppressed")) ? ", suppressed (flapping)" : "");
  }
  if (ended) printf("%d earlier incident(s) ended (--format json lists them)\n", ended);
  /* a P0 rule that fires but flaps raises no alert and no exit 3: say so */
  cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(res, "rules")) {
    if (!strcmp(text_of(a, "severity"), "P0") && !strcmp(text_of(a, "status"), "suppressed"))
      printf("P0 rule %s is flapping: suppressed\n", text_of(a, "id"));
  }
}

/* Each rule whose status is error on stderr (a mistake only the data shows:
 * an unknown column); how many. */
static int print_errors(const cJSON *res) {
  const cJSON *r;
  int n = 0;
  cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(res, "rules")) {
    if (strcmp(text_of(r, "status"), "error")) continue;
    /* entity and reconcile messages name their rule already */
    char named[160];
    snprintf(named, sizeof named, "rule \"%s\"", text_of(r, "id"));
    const char *msg = text_of(r, "message");
    if (strstr(msg, named)) fprintf(stderr, "lodestar: %s\n", msg);
    else fprintf(stderr, "lodestar: %s: %s\n", named, msg);
    n++;
  }
  return n;
}

/* Print (and post) the result; the exit status: 3 when a P0 fires (even if
 * the post failed or a rule errored: the page comes first), else 1 when a
 * rule errored or the post failed, else 0. */
static int report(const alerts_args *a, const char *json) {
  cJSON *res = cJSON_Parse(json);
  if (!res) return fputs("lodestar: out of memory\n", stderr), 1;
  int p0 = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, "p0")), rc = print_errors(res) ? 1 : 0;
  char *payload = NULL;
  if (a->webhook) {
    ls_status st = ls_notify_payload(json, a->webhook, a->lang ? a->lang : "en", &payload);
    if (st != LS_OK) {
      fprintf(stderr, "lodestar: webhook payload: %s\n", ls_status_message(st));
      cJSON_Delete(res);
      return 1;
    }
    puts(payload);
  } else if (a->json) {
    puts(json);
  } else {
    print_text(res);
  }
  fflush(stdout);
  if (a->post) {
    char err[512];
    if (cli_post_json(a->post, payload ? payload : json, err, sizeof err) != 0) {
      fprintf(stderr, "lodestar: %s\n", err);
      rc = 1;
    }
  }
  ls_free(payload);
  cJSON_Delete(res);
  return p0 ? 3 : rc;
}

int cli_alerts(int argc, char **argv) {
  alerts_args a;
  memset(&a, 0, sizeof a);
  if (!cli_load_init(&a.load, argc)) return 1;
  int rc = parse(&a, argc, argv);
  char *rules = NULL, *out = NULL;
  if (rc == 0 && a.rules && !(rules = cli_read_text(a.rules))) rc = 1;
  ls_workspace *ws = rc == 0 ? cli_load_workspace(&a.load) : NULL;
  if (rc == 0 && !ws) rc = 1;
  if (rc == 0) {
    /* --at DATE: DATE is the last day judged; periods end by the next midnight */
    int64_t at = INT64_MIN, day;
    ls_tz tz = ls_workspace_tz(ws);
    if (a.at && cli_parse_day(a.at, &day)) at = cli_day_end(tz, day);
    if (ls_monitor_run(ws, rules, at, &out) != LS_OK) {
      fprintf(stderr, "lodestar: %s\n", ls_workspace_errmsg(ws));
      rc = 1;
    } else {
      rc = report(&a, out);
    }
  }
  ls_free(out);
  ls_free(rules);
  ls_workspace_free(ws);
  cli_load_free(&a.load);
  return rc;
}

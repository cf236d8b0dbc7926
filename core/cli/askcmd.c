/* askcmd.c: the ask command (cli/askcmd.h). The text reads as the page's
 * offline answer: the metric, its definition, the latest value and change,
 * the rules' verdicts, the segments asked for and the top movers. */
#include "cli/askcmd.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "assist/offline.h"
#include "base/alloc.h"
#include "cJSON.h"
#include "cli/loadargs.h"

typedef struct {
  cli_load load;
  const char *question;
  int json;
} ask_args;

/* 0 when parsed; otherwise the exit status after printing the error. The
 * first argument that is not an option and not a file is the question: the
 * last one not starting with "--" is taken as it when no file has that name. */
static int parse(ask_args *a, int argc, char **argv) {
  for (int i = 0; i < argc; i++) {
    const char *o = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    int used = 2;
    if (!strcmp(o, "--format") && val && (!strcmp(val, "json") || !strcmp(val, "text"))) a->json = val[0] == 'j';
    else if (!strcmp(o, "--question") && val) a->question = val;
    else {
      int k = cli_load_arg(&a->load, "ask", o, val);
      if (k < 0) return 2;
      if (k == 0) return cli_usage("ask: bad or incomplete option %s", o);
      used = k;
    }
    i += used - 1;
  }
  /* lodestar ask FILES... "question": the last plain argument is the question */
  if (!a->question && a->load.nfiles > 0) a->question = a->load.files[--a->load.nfiles];
  if (!a->question) return cli_usage("ask: no question given%s", "");
  if (a->load.nfiles == 0) return cli_usage("ask: give the files, then the question (in quotes)%s", "");
  return 0;
}

static const char *text_of(const cJSON *o, const char *key) {
  const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
  return s ? s : "";
}

static double num_of(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* v in unit as text: a ratio as a percent, currency with 2 decimals, a count
 * whole when it is, else 4 significant digits; "n/a" when undefined. */
static const char *fmt(const char *unit, double v, char *buf, size_t n) {
  if (!isfinite(v)) snprintf(buf, n, "n/a");
  else if (!strcmp(unit, "ratio")) snprintf(buf, n, "%.2f%%", v * 100);
  else if (!strcmp(unit, "currency")) snprintf(buf, n, "%.2f", v);
  else if (v == floor(v) && fabs(v) < 1e15) snprintf(buf, n, "%.0f", v);
  else snprintf(buf, n, "%.4g", v);
  return buf;
}

/* "+1.20 pts" for a ratio's change, "+12.50" otherwise, and " (+3.4%)". */
static void print_change(const char *unit, double change, double pct) {
  char b[64];
  if (!isfinite(change)) return;
  if (!strcmp(unit, "ratio")) printf(", %+.2f pts", change * 100);
  else printf(", %s%s", change >= 0 ? "+" : "", fmt(unit, change, b, sizeof b));
  if (isfinite(pct)) printf(" (%+.1f%%)", pct);
}

static void print_latest(const cJSON *res, const char *unit) {
  const cJSON *l = cJSON_GetObjectItemCaseSensitive(res, "latest");
  char b[64], p[64];
  if (!cJSON_IsObject(l)) {
    puts(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, "available"))
             ? "Latest: no complete period yet"
             : "Latest: its dataset is not loaded");
    return;
  }
  printf("Latest: %s in %s", fmt(unit, num_of(l, "value"), b, sizeof b), text_of(l, "period"));
  if (*text_of(l, "previous_period"))
    printf(" (%s in %s", fmt(unit, num_of(l, "previous"), p, sizeof p), text_of(l, "previous_period")),
        print_change(unit, num_of(l, "change"), num_of(l, "change_pct")), printf(")");
  printf("%s\n", cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(l, "lower_is_better")) ? "; lower is better" : "");
}

static void print_rules(const cJSON *res, const char *unit) {
  const cJSON *r, *rules = cJSON_GetObjectItemCaseSensitive(res, "rules");
  char b[64], t[64];
  if (cJSON_GetArraySize(rules) == 0) {
    puts("Rules: none of the default rules watches this metric");
    return;
  }
  puts("Rules:");
  cJSON_ArrayForEach(r, rules) {
    printf("  [%s] %s (%s): %s", text_of(r, "severity"), text_of(r, "id"), text_of(r, "title"), text_of(r, "status"));
    /* a threshold is in the metric's unit; a change rule's is a percent or an amount */
    int in_unit = !strcmp(text_of(r, "type"), "threshold") && isfinite(num_of(r, "threshold"));
    if (isfinite(num_of(r, "value")))
      printf(" (%s in %s", fmt(unit, num_of(r, "value"), b, sizeof b), text_of(r, "period")),
          in_unit ? printf(", threshold %s)", fmt(unit, num_of(r, "threshold"), t, sizeof t)) : printf(")");
    if (*text_of(r, "message")) printf(": %s", text_of(r, "message"));
    putchar('\n');
  }
}

static void print_segments(const cJSON *res, const char *unit) {
  const cJSON *s, *segs = cJSON_GetObjectItemCaseSensitive(res, "segments");
  char b[64];
  if (!cJSON_IsArray(segs)) {
    if (*text_of(res, "dimension"))
      printf("By %s: this metric cannot be broken down by it here\n", text_of(res, "dimension"));
    return;
  }
  const cJSON *l = cJSON_GetObjectItemCaseSensitive(res, "latest");
  printf("By %s in %s, best first:\n", text_of(res, "by"), text_of(l, "period"));
  cJSON_ArrayForEach(s, segs) printf("  %s: %s\n", text_of(s, "label"), fmt(unit, num_of(s, "value"), b, sizeof b));
}

static void print_movers(const cJSON *res) {
  const cJSON *m, *movers = cJSON_GetObjectItemCaseSensitive(res, "movers");
  char a[64], b[64];
  if (cJSON_GetArraySize(movers) == 0) return;
  puts("Top movers:");
  cJSON_ArrayForEach(m, movers) {
    const char *unit = text_of(m, "unit");
    printf("  %s (%s): %s -> %s", text_of(m, "metric"), text_of(m, "period"), fmt(unit, num_of(m, "previous"), a, sizeof a),
           fmt(unit, num_of(m, "value"), b, sizeof b));
    if (isfinite(num_of(m, "change_pct"))) printf(" (%+.1f%%)", num_of(m, "change_pct"));
    putchar('\n');
  }
}

static void print_text(const cJSON *res) {
  const cJSON *metric = cJSON_GetObjectItemCaseSensitive(res, "metric"), *s;
  if (!cJSON_IsString(metric)) {
    printf("No metric matched \"%s\". I can answer about:", text_of(res, "question"));
    int first = 1;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(res, "suggestions")) {
      printf("%s %s", first ? "" : ",", cJSON_GetStringValue(s));
      first = 0;
    }
    putchar('\n');
  } else {
    const char *unit = text_of(res, "unit");
    printf("Metric: %s (%s), by %s\n", text_of(res, "title"), metric->valuestring, text_of(res, "grain"));
    printf("Definition: %s\n", text_of(res, "description"));
    print_latest(res, unit);
    print_rules(res, unit);
    print_segments(res, unit);
  }
  print_movers(res);
  puts("This is the offline answer from the metric catalog; an LLM key gives free-form answers.");
}

int cli_ask(int argc, char **argv) {
  ask_args a;
  memset(&a, 0, sizeof a);
  if (!cli_load_init(&a.load, argc)) return 1;
  int rc = parse(&a, argc, argv);
  ls_workspace *ws = rc == 0 ? cli_load_workspace(&a.load) : NULL;
  if (rc == 0 && !ws) rc = 1;
  cJSON *res = NULL;
  if (rc == 0 && ls_assist_answer(ws, a.question, &res) != LS_OK)
    fprintf(stderr, "lodestar: ask: %s\n", ls_workspace_errmsg(ws)), rc = 1;
  if (rc == 0 && a.json) {
    char *out = cJSON_PrintUnformatted(res);
    if (out) puts(out);
    else fputs("lodestar: out of memory\n", stderr), rc = 1;
    ls_free(out);
  } else if (rc == 0) {
    print_text(res);
  }
  cJSON_Delete(res);
  ls_workspace_free(ws);
  cli_load_free(&a.load);
  return rc;
}

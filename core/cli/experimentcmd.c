/* experimentcmd.c: the experiment command (cli/experimentcmd.h). */
#include "cli/experimentcmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "cJSON.h"
#include "cli/loadargs.h"
#include "metrics/experiment.h"

/* ---- private ---- */

/* set key k of o (replacing it) to v; 0 on out of memory */
static int put(cJSON *o, const char *k, cJSON *v) {
  if (!v) return 0;
  cJSON_DeleteItemFromObjectCaseSensitive(o, k);
  if (cJSON_AddItemToObject(o, k, v)) return 1;
  cJSON_Delete(v);
  return 0;
}

/* the goal object of o, made when absent */
static cJSON *goal_of(cJSON *o) {
  cJSON *g = cJSON_GetObjectItemCaseSensitive(o, "goal");
  if (cJSON_IsObject(g)) return g;
  return put(o, "goal", cJSON_CreateObject()) ? cJSON_GetObjectItemCaseSensitive(o, "goal") : NULL;
}

/* "NAME=VALUE" into o[key][NAME] = VALUE (a number); 0 when malformed */
static int put_weight(cJSON *o, const char *val) {
  const char *eq = val ? strchr(val, '=') : NULL;
  if (!eq || eq == val) return 0;
  char *end;
  double w = strtod(eq + 1, &end);
  if (end == eq + 1 || *end) return 0;
  cJSON *ws = cJSON_GetObjectItemCaseSensitive(o, "weights");
  if (!cJSON_IsObject(ws) && !put(o, "weights", cJSON_CreateObject())) return -1;
  ws = cJSON_GetObjectItemCaseSensitive(o, "weights");
  char *name = ls_strndup(val, (size_t)(eq - val));
  int ok = name && put(ws, name, cJSON_CreateNumber(w));
  ls_free(name);
  return ok ? 1 : -1;
}

static int put_where(cJSON *o, const char *val) {
  const char *eq = val ? strchr(val, '=') : NULL;
  if (!eq || eq == val) return 0;
  cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "where");
  if (!cJSON_IsArray(a) && !put(o, "where", cJSON_CreateArray())) return -1;
  a = cJSON_GetObjectItemCaseSensitive(o, "where");
  cJSON *c = cJSON_CreateObject();
  if (!c || !cJSON_AddItemToArray(a, c)) {
    cJSON_Delete(c);
    return -1;
  }
  char *col = ls_strndup(val, (size_t)(eq - val));
  int ok = col && cJSON_AddStringToObject(c, "column", col) && cJSON_AddStringToObject(c, "value", eq + 1);
  ls_free(col);
  return ok ? 1 : -1;
}

/* the options into the spec *o; 0, or the exit status of a usage error */
static int parse(cli_load *l, cJSON **o, int argc, char **argv) {
  static const char *const TEXTS[][2] = {{"--variant", "variant"}, {"--control", "control"},
                                         {"--exposure", "exposure"}, {"--from", "from"}, {"--to", "to"}};
  static const char *const COUNTS[][2] = {{"--min-exposures", "min_exposures"}, {"--min-conversions", "min_conversions"}};
  if (!cli_load_init(l, argc)) return 1;
  const char *spec = NULL;
  for (int i = 0; i < argc; i++)
    if (strcmp(argv[i], "--spec") == 0 && i + 1 < argc) spec = argv[++i];
  *o = spec ? cJSON_Parse(spec) : cJSON_CreateObject();
  if (!cJSON_IsObject(*o)) return cli_usage("experiment: --spec is not a JSON object");
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    int used = 2, r = 1, day;
    int64_t t;
    size_t k;
    for (k = 0; k < sizeof TEXTS / sizeof TEXTS[0] && strcmp(a, TEXTS[k][0]) != 0; k++) continue;
    day = k >= 3;
    if (strcmp(a, "--spec") == 0 && val) {
      /* read above */
    } else if (k < sizeof TEXTS / sizeof TEXTS[0] && val && *val) {
      if (day && !cli_parse_day(val, &t)) return cli_usage("experiment: %s takes a day YYYY-MM-DD, not %s", a, val);
      r = put(*o, TEXTS[k][1], cJSON_CreateString(val));
    } else if (strcmp(a, "--goal") == 0 && val && *val) {
      cJSON *g = goal_of(*o);
      r = g && put(g, "event", cJSON_CreateString(val));
    } else if (strcmp(a, "--metric") == 0 && val && *val) {
      cJSON *g = goal_of(*o);
      r = g && put(g, "metric", cJSON_CreateString(val));
    } else if (strcmp(a, "--no-cuped") == 0) {
      used = 1;
      r = put(*o, "cuped", cJSON_CreateFalse());
    } else if (strcmp(a, "--weight") == 0 && (r = put_weight(*o, val)) != 0) {
      r = r > 0;
    } else if (strcmp(a, "--where") == 0 && (r = put_where(*o, val)) != 0) {
      r = r > 0;
    } else if ((strcmp(a, COUNTS[0][0]) == 0 || strcmp(a, COUNTS[1][0]) == 0) && val) {
      char *end;
      long long n = strtoll(val, &end, 10);
      if (*val < '0' || *val > '9' || *end) return cli_usage("experiment: %s takes a whole number, not %s", a, val);
      r = put(*o, COUNTS[strcmp(a, COUNTS[0][0]) == 0 ? 0 : 1][1], cJSON_CreateNumber((double)n));
    } else {
      int n = cli_load_arg(l, "experiment", a, val);
      if (n < 0) return 2;
      if (n == 0) return cli_usage("experiment: bad or incomplete option %s", a);
      used = n;
    }
    if (!r) {
      fputs("lodestar: out of memory\n", stderr);
      return 1;
    }
    i += used - 1;
  }
  if (l->nfiles == 0) return cli_usage("experiment: no files given");
  return 0;
}

/* ---- API ---- */

int cli_experiment(int argc, char **argv) {
  cli_load l;
  memset(&l, 0, sizeof l);
  cJSON *o = NULL;
  int rc = parse(&l, &o, argc, argv);
  char *spec = rc == 0 ? cJSON_PrintUnformatted(o) : NULL;
  if (rc == 0 && !spec) fputs("lodestar: out of memory\n", stderr), rc = 1;
  ls_workspace *ws = rc == 0 ? cli_load_workspace(&l) : NULL;
  if (rc == 0 && !ws) rc = 1;
  if (rc == 0) {
    char *out = NULL;
    ls_status st = ls_experiment_json(ws, spec, &out);
    if (st == LS_EINVAL) rc = cli_usage("experiment: %s", ls_workspace_errmsg(ws));
    else if (st != LS_OK) fprintf(stderr, "lodestar: %s\n", ls_workspace_errmsg(ws)), rc = 1;
    else puts(out);
    ls_free(out);
  }
  ls_free(spec);
  cJSON_Delete(o);
  ls_workspace_free(ws);
  cli_load_free(&l);
  return rc;
}

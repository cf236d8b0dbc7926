/* reviewscmd.c: the reviews command (cli/reviewscmd.h). */
#include "cli/reviewscmd.h"

#include <stdio.h>
#include <string.h>

#include "assist/reviews.h"
#include "base/alloc.h"
#include "base/timeutil.h"
#include "cJSON.h"
#include "cli/loadargs.h"

#define TEXT_ITEMS 10

typedef struct {
  cli_load load;
  const char *grain, *from, *to, *labels;
  int json, appeals;
} reviews_args;

/* ---- private ---- */

/* 0 when parsed; otherwise the exit status after printing the error. */
static int parse(reviews_args *a, int argc, char **argv) {
  int64_t t;
  for (int i = 0; i < argc; i++) {
    const char *o = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    int used = 2;
    if (!strcmp(o, "--grain") && val && ls_grain_parse(val)) a->grain = val;
    else if (!strcmp(o, "--from") && val && ls_time_parse(val, strlen(val), &t)) a->from = val;
    else if (!strcmp(o, "--to") && val && ls_time_parse(val, strlen(val), &t)) a->to = val;
    else if (!strcmp(o, "--labels") && val) a->labels = val;
    else if (!strcmp(o, "--format") && val && (!strcmp(val, "json") || !strcmp(val, "text"))) a->json = val[0] == 'j';
    else if (!strcmp(o, "--appeals")) a->appeals = 1, used = 1;
    else {
      int k = cli_load_arg(&a->load, "reviews", o, val);
      if (k < 0) return 2;
      if (k == 0) return cli_usage("reviews: bad or incomplete option %s", o);
      used = k;
    }
    i += used - 1;
  }
  if (a->load.nfiles == 0) return cli_usage("reviews: no files given%s", "");
  return 0;
}

/* The triage's spec from the options, or NULL after printing why. */
static cJSON *spec_of(const reviews_args *a) {
  cJSON *spec = cJSON_CreateObject();
  if (!spec) return NULL;
  if (a->grain) cJSON_AddStringToObject(spec, "grain", a->grain);
  if (a->from) cJSON_AddStringToObject(spec, "from", a->from);
  if (a->to) cJSON_AddStringToObject(spec, "to", a->to);
  if (!a->labels) return spec;
  char *text = cli_read_text(a->labels);
  cJSON *l = text ? cJSON_Parse(text) : NULL;
  ls_free(text);
  if (cJSON_IsObject(l)) { /* {"labels": [...]}, as the submit_labels tool's arguments */
    cJSON *inner = cJSON_DetachItemFromObjectCaseSensitive(l, "labels");
    cJSON_Delete(l);
    l = inner;
  }
  if (!cJSON_IsArray(l)) {
    if (text) fprintf(stderr, "lodestar: reviews: %s: not a JSON array of labels\n", a->labels);
    cJSON_Delete(l);
    cJSON_Delete(spec);
    return NULL;
  }
  cJSON_AddItemToObject(spec, "labels", l);
  return spec;
}

static double num(const cJSON *o, const char *key) {
  return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static const char *str(const cJSON *o, const char *key) {
  const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
  return s ? s : "";
}

static void print_text(const cJSON *r) {
  static const char *const cats[] = {"logistics", "product_quality", "other"};
  const cJSON *rule = cJSON_GetObjectItemCaseSensitive(r, "negative_rule");
  const cJSON *counts = cJSON_GetObjectItemCaseSensitive(r, "counts"), *rate = cJSON_GetObjectItemCaseSensitive(r, "rate");
  const cJSON *periods = cJSON_GetObjectItemCaseSensitive(r, "periods"), *reviews = cJSON_GetObjectItemCaseSensitive(r, "reviews");
  printf("%s: %.0f reviews, %.0f negative (rating <= %.0f; largest rating %g)\n", str(r, "dataset"), num(r, "total"),
         num(r, "negatives"), num(rule, "at_most"), num(rule, "max_rating"));
  for (int k = 0; k < 3; k++) printf("  %-16s %.0f\n", cats[k], num(counts, cats[k]));
  printf("\nnegative-review rate by %s: negatives of the category / reviews\n", str(r, "grain"));
  printf("period,reviews,logistics,product_quality,other\n");
  for (int p = 0; p < cJSON_GetArraySize(periods); p++) {
    printf("%s,%.0f", cJSON_GetStringValue(cJSON_GetArrayItem(periods, p)),
           cJSON_GetNumberValue(cJSON_GetArrayItem(reviews, p)));
    for (int k = 0; k < 3; k++) {
      const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(rate, cats[k]), p);
      if (cJSON_IsNumber(v))
        printf(",%.4f", v->valuedouble);
      else
        printf(",");
    }
    printf("\n");
  }
  const cJSON *items = cJSON_GetObjectItemCaseSensitive(r, "items"), *it;
  int n = 0, all = cJSON_GetArraySize(items);
  if (all) printf("\nnewest negative reviews:\n");
  cJSON_ArrayForEach(it, items) {
    if (n++ == TEXT_ITEMS) break;
    const char *created = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "created"));
    printf("  %s  %g  %s (%s, %s)  \"%s\"\n", created ? created : "-", num(it, "rating"), str(it, "category"),
           str(it, "source"), str(it, "reason"), str(it, "text"));
  }
  if (all > TEXT_ITEMS) printf("  (%d more: --format json lists them)\n", all - TEXT_ITEMS);
  printf("\n%d appeal record(s), the logistics negatives: --appeals prints them\n",
         cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "appeals")));
}

/* ---- API ---- */

int cli_reviews(int argc, char **argv) {
  reviews_args a;
  memset(&a, 0, sizeof a);
  if (!cli_load_init(&a.load, argc)) return 1;
  int rc = parse(&a, argc, argv);
  ls_workspace *ws = NULL;
  cJSON *spec = NULL, *r = NULL;
  if (rc == 0 && !(spec = spec_of(&a))) rc = 1;
  if (rc == 0 && !(ws = cli_load_workspace(&a.load))) rc = 1;
  if (rc == 0 && ls_reviews_triage(ws, spec, &r) != LS_OK) {
    fprintf(stderr, "lodestar: %s\n", ls_workspace_errmsg(ws));
    rc = 1;
  }
  if (rc == 0 && (a.appeals || a.json)) {
    char *out = cJSON_Print(a.appeals ? cJSON_GetObjectItemCaseSensitive(r, "appeals") : r);
    if (out) puts(out);
    ls_free(out);
  } else if (rc == 0) {
    print_text(r);
  }
  cJSON_Delete(r);
  cJSON_Delete(spec);
  ls_workspace_free(ws);
  cli_load_free(&a.load);
  return rc;
}

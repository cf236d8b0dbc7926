/* opsbench.c: the worker's ops timed natively, through the same exports
 * (wasm/exports.c, wasm/ops_*.c, built natively with shim/emscripten.h).
 * Built by CMake beside the tests, never installed.
 *
 *   opsbench OPS.txt FILE... [--reps N] [--cpu]
 *
 * OPS.txt: one op a line, "NAME JSON" (NAME as the worker's: metric,
 * lifecycle, activeDays, retention, funnel, paths, cohorts, monitor, insights,
 * values, eventNames); "#" starts a comment. The files are loaded into one
 * workspace (not timed). Then, after one untimed warm-up, in rounds: the
 * cache dropped and every op in order (each op's time is its share of a cold
 * dashboard), then every op again (warm); then each op alone from a dropped
 * cache (its cold cost on its own). Prints, per op, the medians, and a hash
 * of its answer (FNV-1a of the JSON, or of a metric's info and values), so
 * that two builds can be shown to answer alike. --cpu: the process's CPU
 * time instead of the wall clock (the ops run on one thread: on a busy
 * machine the CPU time is what an idle one's wall clock would be). */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timing.h"
#include "../../wasm/ops.h"

/* the exports (wasm/exports.c, wasm/ops_*.c) */
lsw_ws *lsw_workspace_new(void);
void lsw_workspace_free(lsw_ws *w);
const char *lsw_errmsg(lsw_ws *w);
void lsw_free(void *p);
void *lsw_metric(lsw_ws *w, const char *spec);
size_t lsw_series_len(const void *s);
const double *lsw_series_x(const void *s);
const double *lsw_series_y(const void *s);
const double *lsw_series_segment_y(const void *s, size_t k);
const char *lsw_series_info(const void *s);
void lsw_series_free(void *s);
char *lsw_cohorts(lsw_ws *w, const char *spec);
char *lsw_lifecycle(lsw_ws *w, const char *spec);
char *lsw_active_days(lsw_ws *w, const char *spec);
char *lsw_retention(lsw_ws *w, const char *spec);
char *lsw_values(lsw_ws *w, const char *spec);
char *lsw_funnel(lsw_ws *w, const char *spec);
char *lsw_event_names(lsw_ws *w);
char *lsw_paths(lsw_ws *w, const char *spec);
char *lsw_monitor(lsw_ws *w, const char *spec);
char *lsw_insights(lsw_ws *w, const char *spec);
char *lsw_default_rules(void);

typedef char *(*json_op)(lsw_ws *, const char *);
static const struct {
  const char *name;
  json_op fn;
} JSON_OPS[] = {{"cohorts", lsw_cohorts},   {"lifecycle", lsw_lifecycle}, {"activeDays", lsw_active_days},
                {"retention", lsw_retention}, {"values", lsw_values},     {"funnel", lsw_funnel},
                {"paths", lsw_paths},         {"monitor", lsw_monitor},   {"insights", lsw_insights}};

#define MAX_OPS 256
typedef struct {
  char name[32];
  char *spec;
  runs seq, warm, alone;
  uint64_t hash;
} op;

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ull;
  return h;
}

/* run one op; its answer's hash (or its failure's) into *hash */
static int run(lsw_ws *w, const op *o, uint64_t *hash) {
  uint64_t h = 1469598103934665603ull;
  if (!strcmp(o->name, "metric")) {
    void *s = lsw_metric(w, o->spec);
    if (!s) goto fail;
    const char *info = lsw_series_info(s);
    size_t n = lsw_series_len(s);
    h = fnv(h, info, strlen(info));
    h = fnv(h, lsw_series_x(s), n * sizeof(double));
    const double *y = lsw_series_y(s);
    if (y) h = fnv(h, y, n * sizeof(double));
    else
      for (size_t k = 0; (y = lsw_series_segment_y(s, k)); k++) h = fnv(h, y, n * sizeof(double));
    lsw_series_free(s);
  } else {
    char *out = NULL;
    if (!strcmp(o->name, "eventNames")) out = lsw_event_names(w);
    for (size_t i = 0; i < sizeof JSON_OPS / sizeof *JSON_OPS; i++)
      if (!strcmp(o->name, JSON_OPS[i].name)) out = JSON_OPS[i].fn(w, o->spec);
    if (!out) goto fail;
    h = fnv(h, out, strlen(out));
    lsw_free(out);
  }
  *hash = h;
  return 0;
fail:
  /* a failure is an answer too (the views show it): its message is hashed */
  *hash = fnv(h, lsw_errmsg(w), strlen(lsw_errmsg(w))) ^ 1;
  return 0;
}

static int use_cpu;

static double clock_ms(void) {
  if (!use_cpu) return now_ms();
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int drop(lsw_ws *w) { return ls_workspace_set(w->ws, "movements", "boundary") != LS_OK; }

static char *rules_spec(void) {
  char *rules = lsw_default_rules();
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "rules", rules);
  char *s = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  lsw_free(rules);
  return s;
}

int main(int argc, char **argv) {
  int reps = 3;
  const char *ops_path = NULL;
  const char *files[16];
  int nfiles = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--cpu")) use_cpu = 1;
    else if (!ops_path) ops_path = argv[i];
    else if (nfiles < 16) files[nfiles++] = argv[i];
  }
  if (!ops_path || !nfiles || reps < 1 || reps > MAX_REPS) {
    fprintf(stderr, "usage: opsbench OPS.txt FILE... [--reps N]\n");
    return 2;
  }
  static op ops[MAX_OPS];
  int nops = 0;
  FILE *f = fopen(ops_path, "r");
  if (!f) return perror(ops_path), 1;
  char line[65536];
  while (fgets(line, sizeof line, f) && nops < MAX_OPS) {
    line[strcspn(line, "\n")] = 0;
    if (!line[0] || line[0] == '#') continue;
    char *sp = strchr(line, ' ');
    op *o = &ops[nops++];
    memset(o, 0, sizeof *o);
    snprintf(o->name, sizeof o->name, "%.*s", sp ? (int)(sp - line) : (int)strlen(line), line);
    const char *spec = sp ? sp + 1 : "{}";
    o->spec = !strcmp(spec, "RULES") ? rules_spec() : strdup(spec);
    if (!strcmp(o->name, "monitor") && !strcmp(spec, "{}")) {
      free(o->spec);
      o->spec = rules_spec();
    }
  }
  fclose(f);

  lsw_ws *w = lsw_workspace_new();
  ls_tz utc;
  ls_tz_parse("UTC", &utc);
  ls_workspace_set_tz(w->ws, utc);
  double t0 = clock_ms();
  for (int i = 0; i < nfiles; i++)
    if (ls_workspace_load_path(w->ws, files[i]) != LS_OK) {
      fprintf(stderr, "opsbench: %s: %s\n", files[i], lsw_errmsg(w));
      return 1;
    }
  fprintf(stderr, "loaded in %.0f ms\n", clock_ms() - t0);

  for (int r = -1; r < reps; r++) {
    if (drop(w)) return 1;
    double total = 0;
    for (int k = 0; k < nops; k++) {
      uint64_t h;
      double a = clock_ms();
      if (run(w, &ops[k], &h)) return 1;
      double ms = clock_ms() - a;
      total += ms;
      if (r >= 0) add(&ops[k].seq, ms);
      if (r >= 0 && ops[k].hash && ops[k].hash != h) fprintf(stderr, "opsbench: %s answers differ between rounds\n", ops[k].name);
      ops[k].hash = h;
    }
    for (int k = 0; k < nops; k++) {
      uint64_t h;
      double a = clock_ms();
      if (run(w, &ops[k], &h)) return 1;
      if (r >= 0) add(&ops[k].warm, clock_ms() - a);
    }
    if (r >= 0) fprintf(stderr, "round %d: dashboard cold %.1f ms\n", r + 1, total);
  }
  for (int r = 0; r < reps; r++)
    for (int k = 0; k < nops; k++) {
      uint64_t h;
      if (drop(w)) return 1;
      double a = clock_ms();
      if (run(w, &ops[k], &h)) return 1;
      add(&ops[k].alone, clock_ms() - a);
    }
  double seq = 0, warm = 0;
  printf("%-4s %-12s %9s %9s %9s  %-16s %s\n", "#", "op", "in-seq", "warm", "alone", "hash", "spec");
  for (int k = 0; k < nops; k++) {
    seq += median(&ops[k].seq);
    warm += median(&ops[k].warm);
    printf("%-4d %-12s %9.2f %9.2f %9.2f  %016llx %.90s\n", k, ops[k].name, median(&ops[k].seq), median(&ops[k].warm),
           median(&ops[k].alone), (unsigned long long)ops[k].hash, ops[k].spec);
  }
  printf("total: cold dashboard (sum of in-seq medians) %.1f ms, warm %.1f ms\n", seq, warm);
  for (int k = 0; k < nops; k++) free(ops[k].spec);
  lsw_workspace_free(w);
  return 0;
}

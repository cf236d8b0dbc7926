/* timing.h: what the native bench harnesses (revbench.c, prodbench.c) share:
 * a monotonic clock in milliseconds, a run list with its median, and the
 * runs as JSON ({"median", "ms": [...]}) for the harness's report. */
#ifndef LS_BENCH_TIMING_H
#define LS_BENCH_TIMING_H

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cJSON.h"

#define MAX_REPS 99

typedef struct {
  double ms[MAX_REPS];
  int n;
} runs;

static inline double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static inline int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* the median of r's runs; NaN when it has none */
static inline double median(const runs *r) {
  if (!r->n) return NAN;
  double s[MAX_REPS];
  memcpy(s, r->ms, (size_t)r->n * sizeof *s);
  qsort(s, (size_t)r->n, sizeof *s, cmp_double);
  return r->n % 2 ? s[r->n / 2] : (s[r->n / 2 - 1] + s[r->n / 2]) / 2;
}

static inline void add(runs *r, double ms) {
  if (r->n < MAX_REPS) r->ms[r->n++] = ms;
}

static inline cJSON *json_runs(const runs *r) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "median", median(r));
  cJSON_AddItemToObject(o, "ms", cJSON_CreateDoubleArray(r->ms, r->n));
  return o;
}

#endif

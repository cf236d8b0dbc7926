/* fuzz_precomp.c: libFuzzer target for precomputed results read back
 * (precomp/precomp.h): the header of one of the forms, then any bytes as its
 * rows, loaded as mrr.csv in a zone the first byte draws; then every reader
 * behind it (the catalog, the lifecycle, retention, the funnel, the workspace
 * JSON and extent). A refused file's message must name it; a loaded one must
 * read back without failing but for no data. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "catalog/catalog.h"
#include "metrics/funnel.h"
#include "metrics/retention.h"
#include "precomp/precomp.h"
#include "workspace/load.h"

static const char *const HEADERS[] = {
  "period,value\n", "metric,period,value\n", "metric,grain,period,value\n",
  "period,new,returning,resurrecting,dormant\n", "cohort,size,0,1,2\n",
  "step,event,users,from_start,from_previous,median_seconds,mean_seconds\n",
};
static const char *const ZONES[] = {"UTC", "+08:00", "America/New_York", "-03:30"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  unsigned knob = data[0];
  data++;
  size--;
  ls_workspace *ws = ls_workspace_new();
  if (!ws) return 0;
  ls_tz tz;
  if (ls_tz_parse(ZONES[(knob >> 4) & 3], &tz)) ls_workspace_set_tz(ws, tz);
  const char *head = HEADERS[(knob & 15) % (sizeof HEADERS / sizeof *HEADERS)];
  ls_loader *l = ls_loader_new(ws, "mrr.csv", NULL);
  ls_status st = ls_loader_feed(l, head, strlen(head));
  if (st == LS_OK && size) st = ls_loader_feed(l, data, size);
  if (st == LS_OK) st = ls_loader_finish(l);
  if (st != LS_OK && st != LS_ENOMEM && strncmp(ls_loader_errmsg(l), "mrr.csv", 7) != 0) __builtin_trap();
  ls_loader_free(l);
  const char *metrics[] = {"mrr", "dau", "new_users", "lifecycle_new"};
  for (size_t i = 0; i < 4; i++)
    for (unsigned g = LS_GRAIN_DAY; g <= LS_GRAIN_MONTH; g <<= 1) {
      ls_query q = LS_QUERY_INIT;
      q.grain = (ls_grain)g;
      ls_series *s = NULL;
      st = ls_metric_run(ws, metrics[i], &q, &s);
      if (st != LS_OK && st != LS_ENODATA && st != LS_EGRAIN && st != LS_ENOMEM && st != LS_ERANGE) __builtin_trap();
      ls_series_free(s);
    }
  ls_series *s = NULL;
  double *v = NULL;
  int used;
  ls_query q = LS_QUERY_INIT;
  (void)ls_precomp_lifecycle(ws, &q, &s, &v, &used);
  ls_free(v);
  ls_series_free(s);
  ls_retention_query rq = LS_RETENTION_QUERY_INIT;
  ls_retention *r = NULL;
  (void)ls_retention_run(ws, &rq, &r);
  ls_retention_free(r);
  const char *steps[] = {"a", "b"};
  ls_funnel_query fq = LS_FUNNEL_QUERY_INIT;
  fq.steps = steps;
  fq.nsteps = 2;
  ls_funnel *f = NULL;
  (void)ls_funnel_run(ws, &fq, &f);
  ls_funnel_free(f);
  int64_t first, asof;
  (void)ls_workspace_extent(ws, LS_KIND_UNKNOWN, &first, &asof);
  char *json = ls_workspace_json(ws);
  ls_free(json);
  ls_workspace_free(ws);
  return 0;
}

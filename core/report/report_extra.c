/* report_extra.c: the report's monitoring and insight sections: incidents and
 * firing alerts (monitor/monitor.h) and the top movers with the contributors
 * to the first of them (monitor/insights.h). */
#include <string.h>

#include "base/alloc.h"
#include "monitor/insights.h"
#include "monitor/monitor.h"
#include "report/report_internal.h"

#define RP_MOVERS 5
#define RP_CONTRIB_TOP 3

ls_status rp_model_extra(ls_workspace *ws, const char *rules, rp_model *m) {
  char *json = NULL;
  /* judged up to the report's end: a bad rules file fails the report */
  ls_status st = ls_monitor_run(ws, rules, m->end, &json);
  if (st != LS_OK) return st;
  m->monitor = cJSON_Parse(json);
  ls_free(json);
  if (!m->monitor) return ls_workspace_fail(ws, LS_ENOMEM, "report: out of memory");
  st = ls_insights_movers(ws, m->grain, m->end, RP_MOVERS, &m->movers);
  if (st == LS_ENOMEM) return st;
  if (st != LS_OK) m->movers = NULL; /* no metric runs on two periods: the section says so */
  /* the contributors of the biggest mover in money or counts, whose
   * segments' shares add up; else of the biggest mover */
  const cJSON *top = cJSON_GetArrayItem(m->movers, 0), *x;
  cJSON_ArrayForEach(x, m->movers) {
    const char *unit = rp_jstr(x, "unit");
    if (strcmp(unit, "currency") == 0 || strcmp(unit, "count") == 0) {
      top = x;
      break;
    }
  }
  const cJSON *metric = cJSON_GetObjectItemCaseSensitive(top, "metric");
  if (!cJSON_IsString(metric)) return LS_OK;
  st = ls_insights_contrib(ws, metric->valuestring, m->grain, m->end, NULL, 0, RP_CONTRIB_TOP, &m->contrib);
  if (st == LS_ENOMEM) return st;
  if (st != LS_OK) m->contrib = NULL;
  return LS_OK;
}

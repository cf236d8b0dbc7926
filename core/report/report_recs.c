/* report_recs.c: the report's recommendations, fixed rules in C
 * (docs/reports.md "Recommendations"). Each fires strictly past its
 * threshold and names the number that triggered it. */
#include <math.h>

#include "catalog/catalog.h"
#include "report/report_internal.h"

static const struct {
  const char *key, *metric;
  int monthly; /* judged on the last complete month (else the report's period) */
  int below;   /* fires when the value is under the threshold (else over it) */
  double threshold;
} RULES[] = {
    {"rec_ltv_cac", "ltv_cac", 1, 1, 3},
    {"rec_cac_payback", "cac_payback_months", 1, 0, 12},
    {"rec_churn", "customer_churn_rate", 1, 0, 0.05},
    {"rec_quick_ratio", "quick_ratio", 0, 1, 1},
    {"rec_task_success", "task_success_rate", 0, 1, 0.95},
    {"rec_error_rate", "error_rate", 0, 0, 0.02},
};

ls_status rp_model_recs(ls_workspace *ws, rp_model *m) {
  for (size_t i = 0; i < sizeof RULES / sizeof RULES[0] && m->nrecs < RP_MAX_RECS; i++) {
    rp_rec *r = &m->rec[m->nrecs];
    r->grain = RULES[i].monthly ? LS_GRAIN_MONTH : m->grain;
    if (rp_metric_at(ws, RULES[i].metric, r->grain, m->end, &r->value, r->period) != LS_OK) return LS_ENOMEM;
    if (!isfinite(r->value)) continue;
    if (RULES[i].below ? !(r->value < RULES[i].threshold) : !(r->value > RULES[i].threshold)) continue;
    r->key = RULES[i].key;
    r->metric = RULES[i].metric;
    r->unit = ls_catalog_find(r->metric)->unit;
    r->threshold = RULES[i].threshold;
    m->nrecs++;
  }
  return LS_OK;
}

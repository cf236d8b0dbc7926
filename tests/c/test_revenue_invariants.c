/* test_revenue_invariants.c: on generated workspaces of many seeds, under
 * both movement settings: MRR(P) = MRR(P-1) + new + reactivation +
 * expansion - contraction - churn exactly, no movement negative, NRR >= 0,
 * 0 <= GRR <= 1, the paying count moved by new, reactivated and churned
 * customers (boundary), and the catalog's MRR the walk's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gen/gen.h"
#include "metrics/revwalk.h"
#include "workspace/workspace.h"

static ls_workspace *generated(uint64_t seed) {
  ls_gen_options o;
  ls_gen_defaults(&o);
  o.seed = seed;
  o.users = 400;
  o.days = 400;
  ls_table *t[LS_GEN_TABLES];
  if (ls_gen(&o, t) != LS_OK) return NULL;
  ls_workspace *ws = ls_workspace_new();
  for (int i = 0; i < LS_GEN_TABLES; i++) ls_workspace_add(ws, t[i]);
  return ws;
}

static int check_walk(ls_workspace *ws, int event) {
  ls_query q = LS_QUERY_INIT;
  ls_series *s = NULL;
  if (ls_metric_run(ws, "mrr", &q, &s) != LS_OK || s->n < 6) {
    CHECK_FAIL_("mrr: %s", ls_workspace_errmsg(ws));
    ls_series_free(s);
    return 0;
  }
  int64_t *starts = malloc((s->n + 1) * sizeof *starts);
  memcpy(starts, s->start, s->n * sizeof *starts);
  starts[s->n] = ls_period_next(s->start[s->n - 1], s->grain, s->tz);
  ls_periods p = {s->n, starts, s->grain, s->tz, NULL};
  const ls_revwalk *w = NULL;
  size_t off = 0;
  int bad = 0;
  if (ls_revwalk_get(ws, &q.scope, &p, &w, &off) != LS_OK) bad++;
  for (size_t k = 0; !bad && k < w->n; k++) {
    int64_t moved = w->new_mrr[k] + w->reactivation[k] + w->expansion[k] - w->contraction[k] - w->churn[k];
    if (w->mrr[k] != w->start_mrr[k] + moved) bad++;
    if (k && w->start_mrr[k] != w->mrr[k - 1]) bad++;
    if (w->new_mrr[k] < 0 || w->reactivation[k] < 0 || w->expansion[k] < 0 || w->contraction[k] < 0 ||
        w->churn[k] < 0)
      bad++;
    if (w->retained[k] < 0 || w->kept[k] < 0 || w->kept[k] > w->start_mrr[k] || w->kept[k] > w->retained[k]) bad++;
    if (!event && w->customers[k] != w->start_customers[k] + w->n_new[k] + w->n_reactivation[k] - w->n_churn[k])
      bad++;
    if (bad) printf("  seed walk period %zu (event %d) breaks an invariant\n", k, event);
  }
  for (size_t i = 0; !bad && i < s->n; i++)
    if (s->value[i] != (double)w->mrr[off + i] / (double)LS_REV_UNIT) bad++;
  free(starts);
  ls_series_free(s);
  return !bad;
}

TEST(revenue_invariants_should_hold_on_generated_data_of_many_seeds) {
  int good = 0, runs = 0;
  for (uint64_t seed = 1; seed <= 12; seed++) {
    ls_workspace *ws = generated(seed);
    CHECK(ws != NULL);
    if (!ws) continue;
    for (int event = 0; event < 2; event++) {
      ls_workspace_set(ws, "movements", event ? "event" : "boundary");
      runs++;
      good += check_walk(ws, event);
    }
    ls_workspace_free(ws);
  }
  CHECK_INT(good, runs);
}

TEST(movement_settings_should_agree_on_net_change_and_differ_in_gross) {
  ls_workspace *ws = generated(42);
  ls_query q = LS_QUERY_INIT;
  ls_series *nb = NULL, *ne = NULL, *cb = NULL, *ce = NULL;
  CHECK_INT(ls_metric_run(ws, "net_new_mrr", &q, &nb), LS_OK);
  CHECK_INT(ls_metric_run(ws, "churned_mrr", &q, &cb), LS_OK);
  ls_workspace_set(ws, "movements", "event");
  CHECK_INT(ls_metric_run(ws, "net_new_mrr", &q, &ne), LS_OK);
  CHECK_INT(ls_metric_run(ws, "churned_mrr", &q, &ce), LS_OK);
  double bsum = 0, esum = 0;
  for (size_t i = 0; nb && ne && cb && ce && i < nb->n; i++) {
    CHECK_NUM(nb->value[i], ne->value[i], 1e-9);
    bsum += cb->value[i];
    esum += ce->value[i];
  }
  CHECK(esum >= bsum); /* event mode sees churn the boundaries hide */
  ls_series_free(nb);
  ls_series_free(ne);
  ls_series_free(cb);
  ls_series_free(ce);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(revenue_invariants_should_hold_on_generated_data_of_many_seeds);
  RUN(movement_settings_should_agree_on_net_change_and_differ_in_gross);
  return check_done();
}

/* ops_experiment.c: the experiment export (metrics/experiment.h).
 * Conventions as exports.c says: the char * result is JSON the caller frees
 * with lsw_free; NULL on failure, with the status in lsw_status(w) and the
 * message in lsw_errmsg(w). */
#include <emscripten.h>

#include "metrics/experiment.h"
#include "ops.h"

/* ---- API ---- */

/* spec: {"variant": column, "control"?, "exposure"?, "goal": {"event"} |
 * {"metric", "event"?}, "cuped"?: true, "weights"?: {variant: share},
 * "min_exposures"?, "min_conversions"?, "from"?, "to"? (days, to included),
 * "where"?} → the result docs/experiments.md describes ({variant, goal,
 * kind, method, control, exposure, variants: [{name, exposures, conversions,
 * rate, mean, sd, pre_mean, value, ci, lift, chance, expected,
 * significant}], cuped, cuped_requested, users_with_pre, multiple, srm,
 * srm_test, insufficient, reason, winner}). NULL on error. */
EMSCRIPTEN_KEEPALIVE char *lsw_experiment(lsw_ws *w, const char *spec) {
  if (!w) return NULL;
  char *out = NULL;
  w->status = ls_experiment_json(w->ws, spec, &out);
  return out;
}

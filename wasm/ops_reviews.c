/* ops_reviews.c: review triage (core/assist/reviews.h) for the page's Reviews
 * view. Conventions as exports.c says: a JSON spec in, a NUL-terminated JSON
 * text out that the caller frees with lsw_free, NULL on failure with the
 * status in lsw_status(w) and the message on the workspace. */
#include <emscripten.h>

#include "assist/reviews.h"
#include "ops.h"

/* ---- API ---- */

/* spec {grain?, from?, to?, labels?: [{row, category, reason, evidence}]}
 * → the triage as ls_reviews_triage gives it; LS_ENODATA without a reviews
 * dataset, LS_EINVAL for a bad spec or a dataset without ratings. */
EMSCRIPTEN_KEEPALIVE char *lsw_reviews(lsw_ws *w, const char *spec) {
  if (!w) return NULL;
  cJSON *j = NULL, *o = NULL;
  char *out = NULL;
  ls_status st = lsw_parse_spec(w, spec, "reviews", &j);
  if (st == LS_OK) st = ls_reviews_triage(w->ws, j, &o);
  if (st == LS_OK && !(out = cJSON_PrintUnformatted(o))) st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  cJSON_Delete(o);
  cJSON_Delete(j);
  w->status = st;
  return out;
}

/* ops_assist.c: the offline assistant's exports (issue 7,
 * core/assist/offline.h). Conventions as exports.c says: a JSON spec in, a
 * NUL-terminated JSON text out that the caller frees with lsw_free, NULL on
 * failure with the status in lsw_status(w) and the message on the
 * workspace. */
#include <emscripten.h>

#include "assist/offline.h"
#include "base/alloc.h"
#include "ops.h"

/* ---- private ---- */

/* The JSON text of o (deleted here), the status on w. */
static char *finish(lsw_ws *w, ls_status st, cJSON *o) {
  char *out = st == LS_OK ? cJSON_PrintUnformatted(o) : NULL;
  cJSON_Delete(o);
  if (st == LS_OK && !out) st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  w->status = st;
  return out;
}

/* ---- API ---- */

/* The offline answer for spec {"question": text} (ls_assist_answer): a
 * question that matches nothing is an answer with metric null, not a
 * failure. LS_EINVAL when question is missing or not text. */
EMSCRIPTEN_KEEPALIVE char *lsw_ask(lsw_ws *w, const char *spec) {
  if (!w) return NULL;
  cJSON *j = NULL, *o = NULL;
  ls_status st = lsw_parse_spec(w, spec, "ask", &j);
  const char *q = st == LS_OK ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "question")) : NULL;
  if (st == LS_OK && !q) st = ls_workspace_fail(w->ws, LS_EINVAL, "ask: \"question\" must be text");
  if (st == LS_OK) st = ls_assist_answer(w->ws, q, &o);
  cJSON_Delete(j);
  return finish(w, st, o);
}

/* The aggregates the assistant may send (ls_assist_aggregates):
 * {"aggregates": [{metric, unit, grain, period, value, previous, change_pct, …}]}. */
EMSCRIPTEN_KEEPALIVE char *lsw_aggregates(lsw_ws *w) {
  if (!w) return NULL;
  cJSON *o = NULL;
  ls_status st = ls_assist_aggregates(w->ws, &o);
  return finish(w, st, o);
}

/* ops_warehouse.c: the warehouse mapping of the loaded datasets
 * (core/warehouse/whmap.h) for the page's "Export mapping for warehouse SQL".
 * Conventions as exports.c says: a NUL-terminated JSON text out that the
 * caller frees with lsw_free, NULL on failure with the status in
 * lsw_status(w) and the message on the workspace. */
#include <emscripten.h>

#include "base/alloc.h"
#include "ops.h"
#include "warehouse/whmap.h"

/* ---- API ---- */

/* → the mapping file `lodestar mapping` prints for the same files:
 * {"lodestar_mapping": 1, "tz", "tables": {kind: {table, columns: {role:
 * column}, schema: [{name, type}], …}}} (docs/warehouse.md). */
EMSCRIPTEN_KEEPALIVE char *lsw_wh_mapping(lsw_ws *w) {
  if (!w) return NULL;
  char *out = NULL;
  ls_status st = ls_wh_mapping_json(w->ws, &out);
  if (st != LS_OK) {
    ls_free(out);
    out = NULL;
    if (st == LS_ENOMEM) ls_workspace_fail(w->ws, st, "out of memory");
  }
  w->status = st;
  return out;
}

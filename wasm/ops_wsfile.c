/* ops_wsfile.c: the workspace file (core/workspace/wsfile.h) for the page's
 * "Save workspace" and for a dropped workspace file. Conventions as
 * exports.c says. Loading a workspace file goes through the ordinary load
 * exports (lsw_load_begin … lsw_load_end): it replaces the workspace, and
 * lsw_take_restored then says so. */
#include <emscripten.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "workspace/wsfile.h"
#include "ops.h"

/* ---- API ---- */

/* Write the workspace and page (the page state, a JSON text stored as it is;
 * NULL for none) as a workspace file. out (8 bytes) receives the bytes'
 * pointer and length as two uint32; JS copies the bytes out, then frees them
 * with lsw_wsfile_free. A status; the message on the workspace. */
EMSCRIPTEN_KEEPALIVE int lsw_save_workspace(lsw_ws *w, const char *page, uint32_t *out) {
  if (!w || !out) return LS_EINVAL;
  unsigned char *bytes = NULL;
  size_t n = 0;
  ls_status st = ls_wsfile_write(w->ws, page, &bytes, &n);
  out[0] = (uint32_t)(uintptr_t)bytes;
  out[1] = (uint32_t)n;
  return st;
}

EMSCRIPTEN_KEEPALIVE void lsw_wsfile_free(unsigned char *bytes) { ls_wsfile_free(bytes); }

/* After a load: {"version": major, "page": the page text or null} when the
 * file was a workspace file (once), else NULL. Free with lsw_free. */
EMSCRIPTEN_KEEPALIVE char *lsw_take_restored(lsw_ws *w) {
  int version;
  char *page;
  if (!w || !ls_workspace_take_restored(w->ws, &version, &page)) return NULL;
  ls_alloc_init_json();
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "version", version);
  if (page) cJSON_AddStringToObject(o, "page", page);
  else cJSON_AddNullToObject(o, "page");
  char *text = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  ls_free(page);
  return text;
}

/* ops_privacy.c: privacy masking (core/privacy/mask.h): the workspace's
 * salt, and a dataset as CSV with its personal data masked (what a share
 * link carries inline). Whether an op shows raw personal data is its spec's
 * "unmask" (lsw_reveal). Conventions as exports.c says. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <emscripten.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "ops.h"
#include "privacy/mask.h"

/* ---- API ---- */

void lsw_reveal(lsw_ws *w, const cJSON *spec) {
  ls_workspace_set_reveal(w->ws, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(spec, "unmask")));
}

/* Set the salt from its 32 hex digits. LS_EINVAL (nothing changed) for
 * anything else. */
EMSCRIPTEN_KEEPALIVE int lsw_set_salt(lsw_ws *w, const char *hex) {
  if (!w) return LS_EINVAL;
  uint8_t salt[16];
  if (!hex || strlen(hex) != 32)
    return w->status = ls_workspace_fail(w->ws, LS_EINVAL, "privacy: the salt must be 32 hex digits");
  for (int i = 0; i < 32; i++) {
    char c = hex[i];
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0) return w->status = ls_workspace_fail(w->ws, LS_EINVAL, "privacy: the salt must be 32 hex digits");
    salt[i / 2] = (uint8_t)(i % 2 ? salt[i / 2] | v : v << 4);
  }
  ls_workspace_set_salt(w->ws, salt);
  return w->status = LS_OK;
}

/* Dataset i as CSV text (NUL-terminated; free with lsw_free) with every
 * personal-data column masked, whatever "unmask" said; NULL with the status
 * on w (LS_EINVAL: no dataset i). */
EMSCRIPTEN_KEEPALIVE char *lsw_masked_csv(lsw_ws *w, int i) {
  if (!w) return NULL;
  if (i < 0 || (size_t)i >= ls_workspace_count(w->ws)) {
    w->status = ls_workspace_fail(w->ws, LS_EINVAL, "privacy: no dataset %d", i);
    return NULL;
  }
  char *buf = NULL, *out = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  ls_status st = f ? ls_mask_write_csv(w->ws, (size_t)i, f) : LS_ENOMEM;
  if (f && fclose(f) != 0 && st == LS_OK) st = LS_EIO;
  if (st == LS_OK && (out = ls_malloc(n + 1))) {
    memcpy(out, buf, n);
    out[n] = '\0';
  }
  free(buf);
  if (st == LS_OK && !out) st = LS_ENOMEM;
  w->status = st == LS_OK ? LS_OK : ls_workspace_fail(w->ws, st, "privacy: dataset %d could not be written", i);
  return out;
}

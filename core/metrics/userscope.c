/* userscope.c: dense user ids, and scopes that select whole users
 * (metrics/userscope.h). */
#include "metrics/userscope.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/keymap.h"
#include "metrics/scope.h"

typedef struct {
  int32_t *uid;
  size_t nusers;
} user_ids;

static void ids_free(void *p) {
  user_ids *u = p;
  if (!u) return;
  ls_free(u->uid);
  ls_free(u);
}

static ls_status build_ids(ls_workspace *ws, void *ctx, void **value) {
  int di = *(const int *)ctx;
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  const ls_detection *d = ls_workspace_detection(ws, (size_t)di);
  if (d->col[LS_ROLE_USER] < 0) return ls_workspace_fail(ws, LS_ENODATA, "%s has no user column", ls_table_name(t));
  const ls_column *user = ls_table_col(t, (size_t)d->col[LS_ROLE_USER]);
  int ac = d->col[LS_ROLE_ANONYMOUS_ID]; /* events without a user id are their anonymous id's */
  user_ids *u = ls_calloc(1, sizeof *u);
  if (!u || ls_keymap_build_fallback(user, ac < 0 ? NULL : ls_table_col(t, (size_t)ac), &u->uid, &u->nusers) != LS_OK) {
    ls_free(u);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  *value = u;
  return LS_OK;
}

ls_status ls_user_ids(ls_workspace *ws, int di, const int32_t **uid, size_t *nusers) {
  char key[32];
  snprintf(key, sizeof key, "userids|%d", di);
  void *v = NULL;
  ls_status s = ls_workspace_cached_ctx(ws, key, build_ids, &di, ids_free, &v);
  if (s != LS_OK) return s;
  *uid = ((user_ids *)v)->uid;
  *nusers = ((user_ids *)v)->nusers;
  return LS_OK;
}

ls_status ls_user_scope(ls_workspace *ws, int di, const ls_scope *sc, uint8_t **kept) {
  *kept = NULL;
  if (!sc || !sc->n) return LS_OK;
  uint8_t *keep = NULL;
  ls_status s = ls_scope_mask(ws, di, sc, &keep);
  const int32_t *uid = NULL;
  size_t nusers = 0, rows = ls_table_rows(ls_workspace_table(ws, (size_t)di));
  if (s == LS_OK && ls_user_ids(ws, di, &uid, &nusers) != LS_OK) { /* left to the index's own build */
    ls_workspace_fail(ws, LS_OK, "%s", "");
    ls_free(keep);
    return LS_OK;
  }
  uint8_t *k = s == LS_OK ? ls_malloc(nusers + 1) : NULL;
  if (s == LS_OK && !k) s = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  if (s != LS_OK || !keep) {
    ls_free(keep);
    ls_free(k);
    return s;
  }
  /* 2: not seen yet; each user's rows must all agree with its first */
  memset(k, 2, nusers + 1);
  int whole = 1;
  for (size_t i = 0; whole && i < rows; i++) {
    int32_t u = uid[i];
    if (u < 0) whole = !keep[i];
    else if (k[u] == 2) k[u] = keep[i];
    else whole = k[u] == keep[i];
  }
  ls_free(keep);
  if (!whole) {
    ls_free(k);
    return LS_OK;
  }
  for (size_t u = 0; u < nusers; u++) k[u] &= 1; /* a user without rows: dropped */
  *kept = k;
  return LS_OK;
}

ls_status ls_user_scope_cut(ls_workspace *ws, int di, const ls_scope *sc,
                            ls_status (*cut)(ls_workspace *ws, const uint8_t *kept, void **out), void **out, int *done) {
  *done = 0;
  uint8_t *kept = NULL;
  ls_status st = ls_user_scope(ws, di, sc, &kept);
  if (st != LS_OK || !kept) return st;
  *done = 1;
  st = cut(ws, kept, out);
  ls_free(kept);
  return st;
}

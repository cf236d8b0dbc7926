/* strcache.c: growing the short-text cache (ingest/strcache.h). */
#include "ingest/strcache.h"

#include "base/alloc.h"

ls_status ls_strcache_fit(ls_strcache *c, size_t n) {
  size_t want = 64;
  unsigned bits = 6;
  while (want < 2 * n && want < LS_STRCACHE_MAX) want *= 2, bits++;
  if (want <= c->n) return LS_OK;
  ls_strcache_entry *e = ls_reallocarray(NULL, want, sizeof *e);
  if (!e) return LS_ENOMEM;
  for (size_t i = 0; i < want; i++) e[i] = (ls_strcache_entry){0, 0, 0, -1};
  ls_free(c->e);
  c->e = e;
  c->n = want;
  c->bits = bits;
  return LS_OK;
}

void ls_strcache_free(ls_strcache *c) {
  ls_free(c->e);
  memset(c, 0, sizeof *c);
}

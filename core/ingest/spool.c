/* spool.c: input kept to read again (ingest/spool.h). */
#include "ingest/spool.h"

#include <string.h>

#include "base/alloc.h"

ls_status ls_spool_add(ls_spool *s, const char *buf, size_t n) {
  if (!n) return LS_OK;
  if (s->n && s->blocks[s->n - 1].cap - s->blocks[s->n - 1].len >= n) {
    memcpy(s->blocks[s->n - 1].bytes + s->blocks[s->n - 1].len, buf, n);
    s->blocks[s->n - 1].len += n;
    s->total += n;
    return LS_OK;
  }
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    void *b = ls_reallocarray(s->blocks, cap, sizeof *s->blocks);
    if (!b) return LS_ENOMEM;
    s->blocks = b;
    s->cap = cap;
  }
  size_t cap = n > LS_SPOOL_BLOCK ? n : LS_SPOOL_BLOCK;
  char *bytes = ls_malloc(cap);
  if (!bytes) return LS_ENOMEM;
  memcpy(bytes, buf, n);
  s->blocks[s->n].bytes = bytes;
  s->blocks[s->n].len = n;
  s->blocks[s->n].cap = cap;
  s->n++;
  s->total += n;
  return LS_OK;
}

void ls_spool_free(ls_spool *s) {
  for (size_t i = 0; i < s->n; i++) ls_free(s->blocks[i].bytes);
  ls_free(s->blocks);
  memset(s, 0, sizeof *s);
}

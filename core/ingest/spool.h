/* spool.h: the bytes a reader has been fed, kept to read again.
 *
 * A reader that types its columns as it reads them keeps its input here: when
 * a later cell shows a column's type was guessed wrong, the reader reads the
 * input again for that column's text. Bytes are copied into blocks of at
 * least LS_SPOOL_BLOCK bytes, so many small feeds cost few allocations.
 *
 *   ls_spool s = {0};
 *   ls_spool_add(&s, buf, n); ...
 *   for (size_t i = 0; i < s.n; i++) use(s.blocks[i].bytes, s.blocks[i].len);
 *   ls_spool_free(&s); */
#ifndef LS_SPOOL_H
#define LS_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

#define LS_SPOOL_BLOCK ((size_t)4 << 20)

typedef struct {
  struct {
    char *bytes;
    size_t len, cap;
  } *blocks;
  size_t n, cap;
  uint64_t total; /* bytes held */
} ls_spool;

/* Keep a copy of buf[0..n). LS_ENOMEM (the spool keeps what it had). */
ls_status ls_spool_add(ls_spool *s, const char *buf, size_t n);
/* Free every block and leave an empty spool; safe to call twice. */
void ls_spool_free(ls_spool *s);

#endif

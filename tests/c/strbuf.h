/* strbuf.h: a growing, NUL-terminated text buffer for tests' dumps.
 *
 * Zero it ({0}) before use; s is NULL until the first put, then malloc'd
 * memory the test frees. Out of memory is not handled (tests only). */
#ifndef LS_STRBUF_H
#define LS_STRBUF_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *s;
  size_t len, cap;
} strbuf;

/* Append n bytes of s (n may be 0: the buffer then holds at least ""). */
static inline void put(strbuf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    b->s = realloc(b->s, b->cap);
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

/* Append printf-style text of under 256 bytes. */
static inline void putf(strbuf *b, const char *fmt, ...) {
  char tmp[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  put(b, tmp, (size_t)n);
}

#endif

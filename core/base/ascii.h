/* ascii.h: text compared with ASCII case ignored (column names, event names,
 * status words: bytes outside A-Z compare as they are). */
#ifndef LS_ASCII_H
#define LS_ASCII_H

#include <stddef.h>
#include <string.h>

/* 1 when a[0..an) equals b[0..bn) with ASCII case ignored */
static inline int ls_ascii_ieqn(const char *a, size_t an, const char *b, size_t bn) {
  if (an != bn) return 0;
  for (size_t i = 0; i < an; i++) {
    unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
    if (x >= 'A' && x <= 'Z') x = (unsigned char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = (unsigned char)(y - 'A' + 'a');
    if (x != y) return 0;
  }
  return 1;
}

/* 1 when a[0..an) equals the string b with ASCII case ignored */
static inline int ls_ascii_ieq(const char *a, size_t an, const char *b) { return ls_ascii_ieqn(a, an, b, strlen(b)); }

#endif

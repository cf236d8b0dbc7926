/* strcache.h: the ids of a string column's recent short texts.
 *
 * A string column being built interns every cell in its dictionary
 * (base/dict.h): a hash of the text, then a compare with the text it keeps.
 * For a text of 1 to 16 bytes this cache answers from the bytes alone: its
 * length and two words that cover every byte (the first and last 8 bytes,
 * the first and last 4, or the first, middle and last byte) are the key, so
 * a key that matches is the same text and its id is the dictionary's.
 * Direct-mapped: a new key takes the place of the one before. It grows with
 * the dictionary, to twice its texts, up to LS_STRCACHE_MAX entries (24
 * bytes each). Private to ingest. */
#ifndef LS_STRCACHE_H
#define LS_STRCACHE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/status.h"

#define LS_STRCACHE_MAX ((size_t)1 << 16)
#define LS_STRCACHE_LEN 16

typedef struct {
  uint64_t a, b;
  uint32_t len;
  int32_t id; /* -1: empty */
} ls_strcache_entry;

typedef struct {
  ls_strcache_entry *e;
  size_t n;      /* entries: 0 or a power of two */
  unsigned bits; /* log2 n */
} ls_strcache;

/* The key of s[0..len), 1 <= len <= LS_STRCACHE_LEN. */
static inline void ls_strcache_key(const char *s, size_t len, uint64_t *a, uint64_t *b) {
  uint64_t x = 0, y = 0;
  if (len >= 8) {
    memcpy(&x, s, 8);
    memcpy(&y, s + len - 8, 8);
  } else if (len >= 4) {
    uint32_t lo, hi;
    memcpy(&lo, s, 4);
    memcpy(&hi, s + len - 4, 4);
    x = lo | (uint64_t)hi << 32;
  } else {
    x = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << 8 |
        (uint64_t)(unsigned char)s[len - 1] << 16;
  }
  *a = x;
  *b = y;
}

/* The entry for a key (the cache not empty). */
static inline ls_strcache_entry *ls_strcache_at(const ls_strcache *c, uint64_t a, uint64_t b, size_t len) {
  uint64_t h = (a ^ (b * UINT64_C(0xC2B2AE3D27D4EB4F)) ^ len) * UINT64_C(0x9E3779B97F4A7C15);
  return &c->e[(size_t)(h >> (64 - c->bits))];
}

/* Room for a dictionary of n texts (no change once big enough or at the
 * most). Entries are forgotten when it grows. LS_ENOMEM. */
ls_status ls_strcache_fit(ls_strcache *c, size_t n);
/* ls_strcache_free on a zeroed cache is a no-op; it leaves the cache zeroed. */
void ls_strcache_free(ls_strcache *c);

#endif

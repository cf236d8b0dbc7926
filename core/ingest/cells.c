/* cells.c: text cell stores and their UTF-8 repair. */
#include "ingest/cells.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"

/* ---- private: UTF-8 ---- */

/* The length of the sequence starting at s[0] (n > 0 bytes available) and
 * whether it is a valid character: the maximal subpart of an invalid one
 * (Unicode 3.9, table 3-7), at least 1 byte. */
static size_t utf8_step(const unsigned char *s, size_t n, int *valid) {
  unsigned char b = s[0];
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
  if (b < 0x80) {
    *valid = 1;
    return 1;
  }
  if (b >= 0xC2 && b <= 0xDF) {
    need = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 4;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    *valid = 0;
    return 1;
  }
  size_t i = 1;
  for (; i < need; i++) {
    if (i >= n) break;
    unsigned char lo_i = i == 1 ? lo : 0x80, hi_i = i == 1 ? hi : 0xBF;
    if (s[i] < lo_i || s[i] > hi_i) break;
  }
  *valid = i == need;
  return i;
}

/* Offset of the first byte of s[0..n) that belongs to an invalid sequence,
 * or n when all of it is valid UTF-8. */
static size_t utf8_first_invalid(const unsigned char *s, size_t n) {
  /* the common case, ASCII, without a branch on the data */
  uint64_t any = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    any |= w;
  }
  for (; i < n; i++) any |= s[i];
  if (!(any & UINT64_C(0x8080808080808080))) return n;
  for (i = 0; i < n;) {
    if (s[i] < 0x80) {
      i++;
      continue;
    }
    int valid;
    size_t k = utf8_step(s + i, n - i, &valid);
    if (!valid) return i;
    i += k;
  }
  return n;
}

/* Replace the invalid sequences of the open cell, which holds an invalid one
 * at offset bad, each by EF BF BD. Copies the cell past its repaired length
 * first, then writes the repaired text in place. */
static ls_status utf8_repair(ls_cells *c, size_t bad) {
  unsigned char *cell = (unsigned char *)c->bytes + c->start;
  size_t len = c->nbytes - c->start, out_len = bad, nbad = 0;
  for (size_t i = bad; i < len;) {
    int valid;
    size_t k = utf8_step(cell + i, len - i, &valid);
    out_len += valid ? k : 3;
    nbad += !valid;
    i += k;
  }
  size_t need = c->start + out_len + len;
  if (need > c->cap) {
    char *b = ls_realloc(c->bytes, need);
    if (!b) return LS_ENOMEM;
    c->bytes = b;
    c->cap = need;
    cell = (unsigned char *)c->bytes + c->start;
  }
  unsigned char *src = cell + out_len;
  memmove(src, cell, len);
  size_t o = bad;
  for (size_t i = bad; i < len;) {
    int valid;
    size_t k = utf8_step(src + i, len - i, &valid);
    if (valid) {
      memmove(cell + o, src + i, k);
      o += k;
    } else {
      cell[o++] = 0xEF;
      cell[o++] = 0xBF;
      cell[o++] = 0xBD;
    }
    i += k;
  }
  assert(o == out_len);
  c->nbytes = c->start + out_len;
  c->repaired += nbad;
  return LS_OK;
}

/* ---- private: cells ---- */

static ls_status cells_grow(ls_cells *c, size_t len) {
  size_t need = c->nbytes + len, cap = c->cap ? c->cap : 256;
  if (need < c->nbytes) return LS_ENOMEM;
  while (cap < need) cap = cap > SIZE_MAX / 3 ? need : cap / 2 * 3; /* 1.5x: memory is the budget */
  char *b = ls_realloc(c->bytes, cap);
  if (!b) return LS_ENOMEM;
  c->bytes = b;
  c->cap = cap;
  return LS_OK;
}

static ls_status cells_append(ls_cells *c, const char *s, size_t len) {
  if (len == 0) return LS_OK;
  if (len > c->cap - c->nbytes && cells_grow(c, len) != LS_OK) return LS_ENOMEM;
  memcpy(c->bytes + c->nbytes, s, len);
  c->nbytes += len;
  return LS_OK;
}

/* End the open cell as it is (its bytes known to be valid UTF-8). */
static ls_status cells_close(ls_cells *c) {
  size_t len = c->nbytes - c->start;
  if (c->lens_cap - c->nlens < 10) {
    size_t cap = c->lens_cap ? c->lens_cap / 2 * 3 : 64;
    unsigned char *l = ls_realloc(c->lens, cap);
    if (!l) return LS_ENOMEM;
    c->lens = l;
    c->lens_cap = cap;
  }
  while (len >= 0x80) {
    c->lens[c->nlens++] = (unsigned char)(len | 0x80);
    len >>= 7;
  }
  c->lens[c->nlens++] = (unsigned char)len;
  c->n++;
  c->start = c->nbytes;
  return LS_OK;
}

static ls_status cells_end(ls_cells *c) {
  size_t len = c->nbytes - c->start;
  if (len) {
    size_t bad = utf8_first_invalid((const unsigned char *)c->bytes + c->start, len);
    if (bad < len && utf8_repair(c, bad) != LS_OK) return LS_ENOMEM;
  }
  return cells_close(c);
}

/* ---- API: cells ---- */

void ls_cells_init(ls_cells *c) { memset(c, 0, sizeof *c); }

void ls_cells_free(ls_cells *c) {
  ls_free(c->bytes);
  ls_free(c->lens);
  ls_cells_init(c);
}

ls_cells_mark ls_cells_here(const ls_cells *c) { return (ls_cells_mark){c->n, c->nbytes, c->nlens}; }

void ls_cells_rewind(ls_cells *c, ls_cells_mark m) {
  if (m.n > c->n || m.nbytes > c->nbytes || m.nlens > c->nlens) return;
  c->n = m.n;
  c->nbytes = c->start = m.nbytes;
  c->nlens = m.nlens;
}

void ls_cells_clear(ls_cells *c) {
  c->nbytes = c->nlens = c->n = c->start = 0;
}

ls_status ls_cells_append(ls_cells *c, const char *s, size_t len) { return cells_append(c, s, len); }

ls_status ls_cells_end(ls_cells *c) { return cells_end(c); }

ls_status ls_cells_push(ls_cells *c, const char *s, size_t len) {
  ls_status st = cells_append(c, s, len);
  return st != LS_OK ? st : cells_end(c);
}

ls_status ls_cells_end_ascii(ls_cells *c) { return cells_close(c); }

ls_status ls_cells_push_ascii(ls_cells *c, const char *s, size_t len) {
  ls_status st = cells_append(c, s, len);
  return st != LS_OK ? st : cells_close(c);
}

void ls_cells_begin(const ls_cells *c, ls_cells_cursor *k) {
  k->cells = c;
  k->at = k->lat = k->i = 0;
}

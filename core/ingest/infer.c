/* infer.c: text cell stores, UTF-8 repair and column type inference. */
#include "ingest/infer.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"

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
  size_t len = c->nbytes - c->start, out_len = bad;
  for (size_t i = bad; i < len;) {
    int valid;
    size_t k = utf8_step(cell + i, len - i, &valid);
    out_len += valid ? k : 3;
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

static ls_status cells_end(ls_cells *c) {
  size_t len = c->nbytes - c->start;
  if (len) {
    size_t bad = utf8_first_invalid((const unsigned char *)c->bytes + c->start, len);
    if (bad < len) {
      if (utf8_repair(c, bad) != LS_OK) return LS_ENOMEM;
      len = c->nbytes - c->start;
    }
  }
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

static inline int cells_next(ls_cells_cursor *k, const char **s, size_t *len) {
  const ls_cells *c = k->cells;
  if (k->i >= c->n) return 0;
  size_t v = 0;
  unsigned shift = 0;
  unsigned char b;
  do {
    b = c->lens[k->lat++];
    v |= (size_t)(b & 0x7F) << shift;
    shift += 7;
  } while (b & 0x80);
  *s = c->bytes ? c->bytes + k->at : ""; /* no bytes yet when every cell is null */
  *len = v;
  k->at += v;
  k->i++;
  return 1;
}

/* ---- API: cells ---- */

void ls_cells_init(ls_cells *c) { memset(c, 0, sizeof *c); }

void ls_cells_free(ls_cells *c) {
  ls_free(c->bytes);
  ls_free(c->lens);
  ls_cells_init(c);
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

void ls_cells_begin(const ls_cells *c, ls_cells_cursor *k) {
  k->cells = c;
  k->at = k->lat = k->i = 0;
}

int ls_cells_next(ls_cells_cursor *k, const char **s, size_t *len) { return cells_next(k, s, len); }

/* ---- private: reading values ---- */

static int is_space(char ch) { return ch == ' ' || ch == '\t'; }

static void trim(const char **s, size_t *len) {
  const char *p = *s;
  size_t n = *len;
  while (n && is_space(p[0])) p++, n--;
  while (n && is_space(p[n - 1])) n--;
  *s = p;
  *len = n;
}

static int lower(int ch) { return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch; }

static int equals_nocase(const char *s, size_t len, const char *word) {
  size_t i = 0;
  for (; i < len && word[i]; i++)
    if (lower((unsigned char)s[i]) != word[i]) return 0;
  return i == len && !word[i];
}

/* 1 for true, 0 for false, -1 for anything else */
static int parse_bool(const char *s, size_t len) {
  if (equals_nocase(s, len, "true")) return 1;
  if (equals_nocase(s, len, "false")) return 0;
  return -1;
}

enum { NUM_NONE, NUM_INT, NUM_FLOAT };

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* strtod on a NUL-terminated copy, for the values the fast path cannot take
 * exactly; NUM_NONE when too long to copy or not finite. */
static int slow_float(const char *s, size_t len, double *dv) {
  char buf[256];
  if (len >= sizeof buf) return NUM_NONE;
  memcpy(buf, s, len);
  buf[len] = '\0';
  double d = strtod(buf, NULL);
  if (!isfinite(d)) return NUM_NONE;
  *dv = d;
  return NUM_FLOAT;
}

/* Read a trimmed cell as a number: NUM_INT with *iv and *dv, NUM_FLOAT with
 * *dv, or NUM_NONE. Syntax: [+-] (digits [. digits*] | . digits)
 * [(e|E) [+-] digits], the integer digits without leading zeros. */
static int parse_num(const char *s, size_t len, int64_t *iv, double *dv) {
  size_t i = 0;
  int neg = 0;
  if (i < len && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  uint64_t m = 0;        /* up to 19 significant digits */
  int sig = 0, inexact = 0;
  long exp10 = 0;
  size_t int_start = i;
  while (i < len && s[i] >= '0' && s[i] <= '9') {
    unsigned d = (unsigned)(s[i++] - '0');
    if (sig < 19) {
      m = m * 10 + d;
      if (m) sig++;
    } else {
      exp10++;
      if (d) inexact = 1;
    }
  }
  size_t int_digits = i - int_start;
  if (int_digits > 1 && s[int_start] == '0') return NUM_NONE;
  int is_int = 1;
  size_t frac_digits = 0;
  if (i < len && s[i] == '.') {
    is_int = 0;
    i++;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
      unsigned d = (unsigned)(s[i++] - '0');
      frac_digits++;
      if (sig < 19) {
        m = m * 10 + d;
        if (m) sig++;
        exp10--;
      } else if (d) {
        inexact = 1;
      }
    }
  }
  if (int_digits + frac_digits == 0) return NUM_NONE;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    is_int = 0;
    i++;
    int eneg = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    size_t e_start = i;
    long e = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
      if (e < 100000) e = e * 10 + (s[i] - '0');
      i++;
    }
    if (i == e_start) return NUM_NONE;
    exp10 += eneg ? -e : e;
  }
  if (i != len) return NUM_NONE;
  if (is_int) {
    /* exact int64 from the digits; too large is not a number */
    if (int_digits > 19) return NUM_NONE;
    uint64_t u = 0;
    for (size_t k = int_start; k < int_start + int_digits; k++) {
      unsigned d = (unsigned)(s[k] - '0');
      if (u > (UINT64_MAX - d) / 10) return NUM_NONE;
      u = u * 10 + d;
    }
    uint64_t limit = neg ? UINT64_C(9223372036854775808) : UINT64_C(9223372036854775807);
    if (u > limit) return NUM_NONE;
    *iv = neg ? (int64_t)(0 - u) : (int64_t)u;
    if (neg && u == limit) *iv = INT64_MIN;
    *dv = (double)*iv;
    return NUM_INT;
  }
  if (!inexact && m <= (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22) {
    double d = (double)m;
    d = exp10 < 0 ? d / pow10_exact[-exp10] : d * pow10_exact[exp10];
    *dv = neg ? -d : d;
    return NUM_FLOAT;
  }
  if (m == 0) {
    *dv = neg ? -0.0 : 0.0;
    return NUM_FLOAT;
  }
  return slow_float(s, len, dv);
}

/* ---- private: names ---- */

static int norm_kept(unsigned char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch >= 0x80;
}

static const char *norm_skip(const char *p) {
  while (*p && !norm_kept((unsigned char)*p)) p++;
  return p;
}

/* The end of word when the normalized name continues with it at p, or NULL */
static const char *norm_match(const char *p, const char *word) {
  for (; *word; word++) {
    p = norm_skip(p);
    if (!*p || lower((unsigned char)*p) != *word) return NULL;
    p++;
  }
  return p;
}

static int norm_equals(const char *name, const char *word) {
  const char *end = norm_match(norm_skip(name), word);
  return end && !*norm_skip(end);
}

static int norm_contains(const char *name, const char *word) {
  for (const char *p = norm_skip(name); *p; p = norm_skip(p + 1))
    if (norm_match(p, word)) return 1;
  return 0;
}

/* ---- private: inference ---- */

enum { EPOCH_NONE, EPOCH_S, EPOCH_MS };

typedef struct {
  ls_type type;
  int epoch;
} plan;

static plan infer(const char *name, const ls_cells *cells) {
  int can_bool = 1, can_int = 1, can_float = 1, can_time = 1;
  int in_s = 1, in_ms = 1;
  size_t values = 0;
  ls_cells_cursor k;
  const char *s;
  size_t len;
  ls_cells_begin(cells, &k);
  while (cells_next(&k, &s, &len)) {
    if (len == 0) continue;
    values++;
    trim(&s, &len);
    if (can_bool && parse_bool(s, len) < 0) can_bool = 0;
    if (can_float) {
      int64_t iv;
      double dv;
      int kind = parse_num(s, len, &iv, &dv);
      if (kind == NUM_NONE) {
        can_int = can_float = 0;
      } else {
        if (kind == NUM_FLOAT) can_int = 0;
        in_s &= dv >= 1e9 && dv < 1e11;
        in_ms &= dv >= 1e11 && dv < 1e14;
      }
    }
    if (can_time) {
      int64_t t;
      if (!ls_time_parse(s, len, &t)) can_time = 0;
    }
    if (!can_bool && !can_float && !can_time) break;
  }
  plan p = {LS_TYPE_STRING, EPOCH_NONE};
  if (values == 0) return p;
  if (can_bool) {
    p.type = LS_TYPE_BOOL;
  } else if (can_float) {
    p.type = can_int ? LS_TYPE_INT64 : LS_TYPE_DOUBLE;
    if ((in_s || in_ms) && ls_infer_time_name(name)) {
      p.type = LS_TYPE_TIME;
      p.epoch = in_s ? EPOCH_S : EPOCH_MS;
    }
  } else if (can_time) {
    p.type = LS_TYPE_TIME;
  }
  return p;
}

/* Push one non-null trimmed cell of a column planned as p. */
static ls_status push_value(ls_column *c, plan p, const char *s, size_t len) {
  int64_t iv = 0;
  double dv = 0;
  switch (p.type) {
    case LS_TYPE_BOOL: return ls_column_push_bool(c, parse_bool(s, len) == 1);
    case LS_TYPE_INT64:
      parse_num(s, len, &iv, &dv);
      return ls_column_push_i64(c, iv);
    case LS_TYPE_DOUBLE:
      parse_num(s, len, &iv, &dv);
      return ls_column_push_f64(c, dv);
    case LS_TYPE_TIME:
      if (p.epoch == EPOCH_NONE) {
        ls_time_parse(s, len, &iv);
      } else {
        int kind = parse_num(s, len, &iv, &dv);
        if (kind == NUM_INT)
          iv = p.epoch == EPOCH_S ? iv * 1000 : iv;
        else
          iv = (int64_t)llround(p.epoch == EPOCH_S ? dv * 1000 : dv);
      }
      return ls_column_push_i64(c, iv);
    default: return LS_EINVAL;
  }
}

/* ---- API: inference ---- */

int ls_infer_time_name(const char *name) {
  if (!name) return 0;
  if (norm_contains(name, "time") || norm_contains(name, "date") || norm_equals(name, "ts") ||
      norm_equals(name, "created") || norm_equals(name, "updated"))
    return 1;
  size_t n = strlen(name);
  if (n >= 4 && (name[n - 3] == '_' || name[n - 3] == ' ') && equals_nocase(name + n - 2, 2, "at"))
    return 1;
  if (n >= 3 && name[n - 2] == 'A' && name[n - 1] == 't' && name[n - 3] >= 'a' && name[n - 3] <= 'z')
    return 1;
  return 0;
}

ls_type ls_infer_type(const char *name, const ls_cells *cells) {
  return infer(name, cells).type;
}

ls_status ls_infer_column(const char *name, const ls_cells *cells, ls_column **out) {
  *out = NULL;
  plan p = infer(name, cells);
  ls_column *c = ls_column_new(name, p.type);
  if (!c) return LS_ENOMEM;
  ls_status st = ls_column_reserve(c, cells->n);
  ls_cells_cursor k;
  const char *s;
  size_t len;
  ls_cells_begin(cells, &k);
  while (st == LS_OK && cells_next(&k, &s, &len)) {
    if (len == 0) {
      st = ls_column_push_null(c);
    } else if (p.type == LS_TYPE_STRING) {
      st = ls_column_push_str(c, s, len);
    } else {
      trim(&s, &len);
      st = push_value(c, p, s, len);
    }
  }
  if (st != LS_OK) {
    ls_column_free(c);
    return st;
  }
  *out = c;
  return LS_OK;
}

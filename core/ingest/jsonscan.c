/* jsonscan.c: JSON tokens over a complete buffer.
 *
 * String contents are skipped eight bytes at a time to the next quote or
 * backslash; everything else is a byte at a time. */
#include "ingest/jsonscan.h"

#include <stdint.h>
#include <string.h>

/* ---- private ---- */

static int fail(ls_jscan *s, ls_jscan_err e, const unsigned char *at) {
  s->err = e;
  s->at = at;
  return 0;
}

static int is_digit(unsigned char ch) { return ch >= '0' && ch <= '9'; }

static int is_word(unsigned char ch) {
  return is_digit(ch) || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* The first quote or backslash in [p, end), or end. */
static inline const unsigned char *find_quote(const unsigned char *p, const unsigned char *end) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const uint64_t wq = ONES * '"', wb = ONES * '\\';
  while (end - p >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    uint64_t x = w ^ wq, y = w ^ wb;
    uint64_t hit = (((x - ONES) & ~x) | ((y - ONES) & ~y)) & HIGHS;
    if (hit) return p + ((unsigned)__builtin_ctzll(hit) >> 3);
    p += 8;
  }
#endif
  while (p < end && *p != '"' && *p != '\\') p++;
  return p;
}

static int hex_digit(unsigned char ch) {
  unsigned char lo = ch | 0x20;
  return is_digit(ch) ? ch - '0' : lo >= 'a' && lo <= 'f' ? lo - 'a' + 10 : -1;
}

/* The value of four hex digits at p (4 bytes available), or -1. */
static long hex4(const unsigned char *p) {
  long v = 0;
  for (int i = 0; i < 4; i++) {
    int d = hex_digit(p[i]);
    if (d < 0) return -1;
    v = v << 4 | d;
  }
  return v;
}

static char *put_utf8(char *o, unsigned long cp) {
  if (cp < 0x80) {
    *o++ = (char)cp;
  } else if (cp < 0x800) {
    *o++ = (char)(0xC0 | cp >> 6);
    *o++ = (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *o++ = (char)(0xE0 | cp >> 12);
    *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
    *o++ = (char)(0x80 | (cp & 0x3F));
  } else {
    *o++ = (char)(0xF0 | cp >> 18);
    *o++ = (char)(0x80 | (cp >> 12 & 0x3F));
    *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
    *o++ = (char)(0x80 | (cp & 0x3F));
  }
  return o;
}

/* The \u escape at p (p[0] == '\\', p[1] == 'u'), with a low surrogate
 * escape after a high one, written to *o as UTF-8. Returns the byte after it,
 * or NULL with the error set. */
static const unsigned char *unicode_escape(ls_jscan *s, const unsigned char *p, char **o,
                                           const unsigned char *open) {
  const unsigned char *end = s->end;
  if (end - p < 6) { /* cut short: bad digits so far, or the line ended */
    for (const unsigned char *q = p + 2; q < end; q++)
      if (hex_digit(*q) < 0) {
        fail(s, LS_JSCAN_UNICODE, p);
        return NULL;
      }
    fail(s, LS_JSCAN_UNTERMINATED, open);
    return NULL;
  }
  long cp = hex4(p + 2);
  if (cp < 0) {
    fail(s, LS_JSCAN_UNICODE, p);
    return NULL;
  }
  p += 6;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    long lo = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4(p + 2) : -1;
    if (lo >= 0xDC00 && lo <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      p += 6;
    } else {
      cp = 0xFFFD; /* a lone high surrogate; what follows is read on its own */
    }
  } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
    cp = 0xFFFD;
  }
  *o = put_utf8(*o, (unsigned long)cp);
  return p;
}

/* ---- API ---- */

const char *ls_jscan_message(ls_jscan_err e) {
  static const char *const msgs[] = {
#define LS_JSCAN_MSG(name, msg) msg,
      LS_JSCAN_ERRORS(LS_JSCAN_MSG)
#undef LS_JSCAN_MSG
  };
  return (unsigned)e < sizeof msgs / sizeof msgs[0] ? msgs[e] : "?";
}

void ls_jscan_ws(ls_jscan *s) {
  const unsigned char *p = s->p;
  while (p < s->end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
  s->p = p;
}

int ls_jscan_string(ls_jscan *s, char *out, const char **text, size_t *len) {
  const unsigned char *open = s->p, *end = s->end;
  const unsigned char *p = open + 1, *q = find_quote(p, end);
  if (q == end) return fail(s, LS_JSCAN_UNTERMINATED, open);
  if (*q == '"') { /* the common case: no escapes */
    *text = (const char *)p;
    *len = (size_t)(q - p);
    s->p = q + 1;
    return 1;
  }
  char *o = out;
  for (;;) {
    memcpy(o, p, (size_t)(q - p));
    o += q - p;
    p = q;
    if (*p == '"') break;
    if (end - p < 2) return fail(s, LS_JSCAN_UNTERMINATED, open);
    static const char one[8] = "\"\\/bfnrt", means[8] = "\"\\/\b\f\n\r\t";
    const char *k = memchr(one, p[1], sizeof one);
    if (k) { /* a one-letter escape */
      *o++ = means[k - one];
      p += 2;
    } else if (p[1] == 'u') {
      if (!(p = unicode_escape(s, p, &o, open))) return 0;
    } else {
      return fail(s, LS_JSCAN_ESCAPE, p);
    }
    q = find_quote(p, end);
    if (q == end) return fail(s, LS_JSCAN_UNTERMINATED, open);
  }
  *text = out;
  *len = (size_t)(o - out);
  s->p = p + 1;
  return 1;
}

int ls_jscan_number(ls_jscan *s, const char **text, size_t *len) {
  const unsigned char *start = s->p, *p = s->p, *end = s->end;
  if (p < end && *p == '-') p++;
  if (p == end || !is_digit(*p)) return fail(s, LS_JSCAN_NUMBER, start);
  if (*p == '0') {
    p++;
  } else {
    while (p < end && is_digit(*p)) p++;
  }
  if (p < end && *p == '.') {
    if (++p == end || !is_digit(*p)) return fail(s, LS_JSCAN_NUMBER, start);
    while (p < end && is_digit(*p)) p++;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    if (++p < end && (*p == '+' || *p == '-')) p++;
    if (p == end || !is_digit(*p)) return fail(s, LS_JSCAN_NUMBER, start);
    while (p < end && is_digit(*p)) p++;
  }
  /* "01", "1.2.3", "1x": one bad number, not a number and then garbage */
  if (p < end && (is_word(*p) || *p == '.' || *p == '+' || *p == '-'))
    return fail(s, LS_JSCAN_NUMBER, start);
  *text = (const char *)start;
  *len = (size_t)(p - start);
  s->p = p;
  return 1;
}

int ls_jscan_literal(ls_jscan *s, int *which) {
  static const char *const words[] = {"null", "false", "true"};
  const unsigned char *p = s->p;
  size_t avail = (size_t)(s->end - p);
  for (int i = 0; i < 3; i++) {
    size_t n = strlen(words[i]);
    if (avail >= n && memcmp(p, words[i], n) == 0 && (avail == n || !is_word(p[n]))) {
      *which = i - 1;
      s->p = p + n;
      return 1;
    }
  }
  return fail(s, LS_JSCAN_VALUE, p);
}

int ls_jscan_compact(ls_jscan *s, int depth, char *out, size_t *len) {
  if (depth > LS_JSCAN_MAX_DEPTH) return fail(s, LS_JSCAN_DEEP, s->p);
  const unsigned char open = *s->p, close = open == '{' ? '}' : ']';
  char *o = out;
  *o++ = (char)open;
  s->p++;
  ls_jscan_ws(s);
  if (s->p < s->end && *s->p == close) {
    *o++ = (char)close;
    s->p++;
    *len = (size_t)(o - out);
    return 1;
  }
  for (int first = 1;; first = 0) {
    const unsigned char *start = s->p;
    const char *text;
    size_t n;
    if (open == '{') {
      if (s->p == s->end || *s->p != '"')
        return fail(s, first ? LS_JSCAN_KEY_OR_END : LS_JSCAN_KEY, s->p);
      if (!ls_jscan_string(s, o, &text, &n)) return 0;
      memcpy(o, start, (size_t)(s->p - start)); /* strings keep their escapes */
      o += s->p - start;
      ls_jscan_ws(s);
      if (s->p == s->end || *s->p != ':') return fail(s, LS_JSCAN_COLON, s->p);
      *o++ = ':';
      s->p++;
      ls_jscan_ws(s);
      start = s->p;
    }
    unsigned char ch = s->p < s->end ? *s->p : 0;
    int which;
    if (ch == '"') {
      if (!ls_jscan_string(s, o, &text, &n)) return 0;
    } else if (ch == '{' || ch == '[') {
      if (!ls_jscan_compact(s, depth + 1, o, &n)) return 0;
      o += n;
      start = s->p; /* written already */
    } else if (ch == '-' || is_digit(ch)) {
      if (!ls_jscan_number(s, &text, &n)) return 0;
    } else if (!ls_jscan_literal(s, &which)) {
      return 0;
    }
    memcpy(o, start, (size_t)(s->p - start));
    o += s->p - start;
    ls_jscan_ws(s);
    ch = s->p < s->end ? *s->p : 0;
    if (ch == ',') {
      *o++ = ',';
      s->p++;
      ls_jscan_ws(s);
    } else if (ch == close) {
      *o++ = (char)close;
      s->p++;
      *len = (size_t)(o - out);
      return 1;
    } else {
      return fail(s, open == '{' ? LS_JSCAN_OBJECT_NEXT : LS_JSCAN_ARRAY_NEXT, s->p);
    }
  }
}

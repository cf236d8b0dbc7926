/* csvbytes.h: finding the bytes a CSV reader stops at, many bytes a step.
 *
 * The CSV reader (csv.c) spends most of its scanning time looking for the
 * next delimiter, quote, escape or line end, and counting the UTF-8
 * continuation bytes it passes (its error messages give columns in
 * characters). These helpers do it sixteen bytes a step with SIMD
 * (WebAssembly's, built with -msimd128, or SSE2), else eight with word
 * tricks, else byte by byte. Private to ingest. */
#ifndef LS_CSVBYTES_H
#define LS_CSVBYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define CSV_SIMD 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#define CSV_SIMD 1
#else
#define CSV_SIMD 0
#endif

#define CSVB_ONES UINT64_C(0x0101010101010101)
#define CSVB_HIGHS UINT64_C(0x8080808080808080)

/* UTF-8 continuation bytes (10xxxxxx) among the eight bytes of w */
static inline uint64_t cont_bytes(uint64_t w) {
  uint64_t c = w & ~(w << 1) & CSVB_HIGHS;
  return ((c >> 7) * CSVB_ONES) >> 56;
}

#if CSV_SIMD
/* Sixteen bytes at p: bit i set when byte i is a, CR or LF (or b with two);
 * in *c the bits of the UTF-8 continuation bytes. */
static inline unsigned special16(const unsigned char *p, unsigned char a, int two, unsigned char b,
                                 unsigned *c) {
#if defined(__wasm_simd128__)
  v128_t w = wasm_v128_load(p);
  v128_t m = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(w, wasm_i8x16_splat((int8_t)a)),
                                       wasm_i8x16_eq(w, wasm_i8x16_splat('\r'))),
                          wasm_i8x16_eq(w, wasm_i8x16_splat('\n')));
  if (two) m = wasm_v128_or(m, wasm_i8x16_eq(w, wasm_i8x16_splat((int8_t)b)));
  *c = (unsigned)wasm_i8x16_bitmask(
      wasm_i8x16_eq(wasm_v128_and(w, wasm_i8x16_splat((int8_t)0xC0)), wasm_i8x16_splat((int8_t)0x80)));
  return (unsigned)wasm_i8x16_bitmask(m);
#else
  __m128i w = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, _mm_set1_epi8((char)a)),
                                        _mm_cmpeq_epi8(w, _mm_set1_epi8('\r'))),
                           _mm_cmpeq_epi8(w, _mm_set1_epi8('\n')));
  if (two) m = _mm_or_si128(m, _mm_cmpeq_epi8(w, _mm_set1_epi8((char)b)));
  *c = (unsigned)_mm_movemask_epi8(
      _mm_cmpeq_epi8(_mm_and_si128(w, _mm_set1_epi8((char)0xC0)), _mm_set1_epi8((char)0x80)));
  return (unsigned)_mm_movemask_epi8(m);
#endif
}
#endif

/* The first byte of [p, end) that is a, CR or LF (or b when two is set: the
 * caller passes a constant, so the inlined copy has no test left), or end;
 * adds the UTF-8 continuation bytes before it to *cont (cont NULL: none to
 * count, the input being ASCII; the caller passes a constant). Sixteen bytes
 * a step with SIMD (WebAssembly's or SSE2), then eight where words are
 * little-endian: a zero byte of w ^ (a in every byte) marks an a, and the
 * lowest marked byte is exact. */
static inline const unsigned char *find_special(const unsigned char *p, const unsigned char *end,
                                                unsigned char a, int two, unsigned char b,
                                                uint64_t *cont) {
  uint64_t k = 0;
#if CSV_SIMD
  while (end - p >= 16) {
    unsigned c, hit = special16(p, a, two, b, &c);
    if (hit) {
      if (cont) *cont += k + (unsigned)__builtin_popcount(c & ((hit & -hit) - 1));
      return p + __builtin_ctz(hit);
    }
    if (cont) k += (unsigned)__builtin_popcount(c);
    p += 16;
  }
#endif
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const uint64_t wa = CSVB_ONES * a, wb = CSVB_ONES * b, wr = CSVB_ONES * '\r', wn = CSVB_ONES * '\n';
  while (end - p >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    uint64_t x = w ^ wa, y = w ^ wr, z = w ^ wn;
    uint64_t hit = ((x - CSVB_ONES) & ~x) | ((y - CSVB_ONES) & ~y) | ((z - CSVB_ONES) & ~z);
    if (two) {
      uint64_t v = w ^ wb;
      hit |= (v - CSVB_ONES) & ~v;
    }
    hit &= CSVB_HIGHS;
    if (hit) {
      unsigned i = (unsigned)__builtin_ctzll(hit) >> 3;
      if (cont) {
        if (i) k += cont_bytes(w & (~UINT64_C(0) >> (64 - 8 * i)));
        *cont += k;
      }
      return p + i;
    }
    if (cont) k += cont_bytes(w);
    p += 8;
  }
#endif
  for (; p < end; p++) {
    unsigned char ch = *p;
    if (ch == a || ch == '\r' || ch == '\n' || (two && ch == b)) break;
    k += (ch & 0xC0) == 0x80;
  }
  if (cont) *cont += k;
  return p;
}

/* A window of 64 bytes and the bits of its bytes that are a, CR or LF, for
 * finding many such bytes in a row (the fields of a record) with one scan
 * of each 64 bytes. */
typedef struct {
  const unsigned char *base; /* NULL: none yet */
  uint64_t bits;
} csv_window;

#if CSV_SIMD
/* The bits of the bytes among p[0..64) that are a, CR or LF. */
static inline uint64_t special64(const unsigned char *p, unsigned char a) {
  unsigned c;
  return (uint64_t)special16(p, a, 0, 0, &c) | (uint64_t)special16(p + 16, a, 0, 0, &c) << 16 |
         (uint64_t)special16(p + 32, a, 0, 0, &c) << 32 | (uint64_t)special16(p + 48, a, 0, 0, &c) << 48;
}
#endif

/* find_special(p, end, a, 0, 0, NULL) for a p at or after every p asked
 * before with the same window w (zeroed at first). */
static inline const unsigned char *find_special_w(csv_window *w, const unsigned char *p,
                                                  const unsigned char *end, unsigned char a) {
#if CSV_SIMD
  if (w->base && p >= w->base && p < w->base + 64) {
    uint64_t m = w->bits & (~UINT64_C(0) << (p - w->base));
    if (m) return w->base + __builtin_ctzll(m);
    p = w->base + 64;
  }
  while (end - p >= 64) {
    uint64_t m = special64(p, a);
    if (m) {
      w->base = p;
      w->bits = m;
      return p + __builtin_ctzll(m);
    }
    p += 64;
  }
  w->base = NULL;
#else
  (void)w;
#endif
  return find_special(p, end, a, 0, 0, NULL);
}

/* 1 when every byte of buf[0..n) is below 0x80, a word at a time. */
static inline int all_ascii(const unsigned char *buf, size_t n) {
  uint64_t any = 0, w;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&w, buf + i, 8);
    any |= w;
  }
  for (; i < n; i++) any |= buf[i];
  return !(any & CSVB_HIGHS);
}

#endif

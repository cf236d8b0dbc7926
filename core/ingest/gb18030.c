/* gb18030.c: GB18030 (and so GBK and GB2312) to UTF-8.
 *
 * The tables come from the host's iconv at build time (tools/gen/mkgb18030.c
 * writes gb18030_table.c). Runs of ASCII are copied eight bytes at a time;
 * a two-byte code is one table load; a four-byte code below the supplementary
 * planes is a binary search over about two hundred runs, and one in the
 * supplementary planes is arithmetic. Invalid input follows the WHATWG
 * Encoding Standard's recovery: a lead byte whose next byte cannot continue it
 * is one U+FFFD and the next byte is read again; a well-formed code without a
 * mapping is one U+FFFD for all its bytes. */
#include <string.h>

#include "ingest/encoding_internal.h"

/* ---- private ---- */

static uint32_t two_byte(unsigned lead, unsigned trail) {
  uint32_t v = ls_gb18030_2byte[(lead - 0x81) * LS_GB_TRAILS + trail - 0x40];
  if (v == 0) return LS_CP_BAD;
  if (v >= 0xD800 && v <= 0xDFFF) return ls_gb18030_astral[v - 0xD800];
  return v;
}

static uint32_t four_byte(uint32_t linear) {
  if (linear >= LS_GB_LINEAR_ASTRAL) {
    linear -= LS_GB_LINEAR_ASTRAL;
    return linear <= 0xFFFFF ? 0x10000 + linear : LS_CP_BAD;
  }
  size_t lo = 0, hi = ls_gb18030_nruns; /* the last run starting at or before linear */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (ls_gb18030_runs[mid].index <= linear)
      lo = mid;
    else
      hi = mid;
  }
  const ls_gb18030_run *r = &ls_gb18030_runs[lo];
  return r->cp == LS_CP_BAD ? LS_CP_BAD : r->cp + (linear - r->index);
}

static int is_trail(unsigned b) { return b >= 0x40 && b != 0x7F && b != 0xFF; }

/* ---- API (encoding_internal.h) ---- */

size_t ls_gb18030_step(const uint8_t *s, size_t n, uint32_t *cp) {
  unsigned b1 = s[0];
  if (b1 < 0x80) {
    *cp = b1;
    return 1;
  }
  if (b1 == 0x80 || b1 == 0xFF) {
    *cp = LS_CP_BAD;
    return 1;
  }
  if (n < 2) return 0;
  unsigned b2 = s[1];
  if (is_trail(b2)) {
    *cp = two_byte(b1, b2);
    return 2;
  }
  if (b2 < 0x30 || b2 > 0x39) {
    *cp = LS_CP_BAD;
    return 1;
  }
  if (n < 3) return 0;
  unsigned b3 = s[2];
  if (b3 < 0x81 || b3 > 0xFE) {
    *cp = LS_CP_BAD;
    return 1;
  }
  if (n < 4) return 0;
  unsigned b4 = s[3];
  if (b4 < 0x30 || b4 > 0x39) {
    *cp = LS_CP_BAD;
    return 1;
  }
  *cp = four_byte((uint32_t)(b1 - 0x81) * 12600 + (b2 - 0x30) * 1260 + (b3 - 0x81) * 10 +
                  (b4 - 0x30));
  return 4;
}

size_t ls_gb18030_decode(const uint8_t *in, size_t n, uint8_t *out, size_t *outn,
                         uint64_t *replaced) {
  const uint64_t high = UINT64_C(0x8080808080808080);
  uint8_t *o = out + *outn;
  uint64_t bad = 0;
  size_t i = 0;
  while (i < n) {
    while (n - i >= 8) { /* ASCII, eight bytes at a time */
      uint64_t w;
      memcpy(&w, in + i, 8);
      if (w & high) break;
      memcpy(o, &w, 8);
      i += 8;
      o += 8;
    }
    if (i == n) break;
    if (in[i] < 0x80) {
      *o++ = in[i++];
      continue;
    }
    while (n - i >= 2) { /* a run of two-byte codes of three-byte UTF-8, the common case */
      unsigned lead = in[i], trail = in[i + 1];
      if (lead - 0x81u > 0xFEu - 0x81u || trail < 0x40) break;
      uint32_t v = ls_gb18030_2byte[(lead - 0x81) * LS_GB_TRAILS + trail - 0x40];
      if (v < 0x800 || v - 0xD800u < 0x800u) break; /* unmapped (0), short, or astral */
      o[0] = (uint8_t)(0xE0 | v >> 12);
      o[1] = (uint8_t)(0x80 | (v >> 6 & 0x3F));
      o[2] = (uint8_t)(0x80 | (v & 0x3F));
      o += 3;
      i += 2;
    }
    if (i == n) break;
    if (in[i] < 0x80) continue;
    uint32_t cp;
    size_t k = ls_gb18030_step(in + i, n - i, &cp);
    if (k == 0) break; /* cut by the end of the input */
    i += k;
    bad += cp == LS_CP_BAD;
    o += ls_put_utf8(o, cp);
  }
  *outn = (size_t)(o - out);
  *replaced += bad;
  return i;
}

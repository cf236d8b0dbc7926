/* normalize.c: column names as detection compares them, and header signatures. */
#include "detect/detect_internal.h"

/* ---- private ---- */

/* c lower-cased when an ASCII letter or digit, 0 when other ASCII */
static unsigned char ascii_keep(unsigned c) {
  if (c >= 'A' && c <= 'Z') return (unsigned char)(c - 'A' + 'a');
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return (unsigned char)c;
  return 0;
}

/* bytes in the UTF-8 sequence at s when it is well formed, else 1 */
static size_t seq_len(const unsigned char *s) {
  unsigned c = s[0];
  size_t k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 1;
  for (size_t j = 1; j < k; j++)
    if ((s[j] & 0xC0) != 0x80) return 1; /* also stops at the NUL */
  return k;
}

/* ---- shared ---- */

size_t ls_detect_norm_char(const unsigned char **p, unsigned char out[4]) {
  const unsigned char *s = *p;
  if (s[0] < 0x80) {
    *p = s + 1;
    out[0] = ascii_keep(s[0]);
    return out[0] ? 1 : 0;
  }
  size_t k = seq_len(s);
  *p = s + k;
  if (k == 3) {
    unsigned cp = (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
    if (cp >= 0xFF01 && cp <= 0xFF5E) { /* full-width ASCII */
      out[0] = ascii_keep(cp - 0xFEE0);
      return out[0] ? 1 : 0;
    }
    if ((cp >= 0x3000 && cp <= 0x3003) || (cp >= 0x3008 && cp <= 0x3011)) return 0;
  }
  for (size_t j = 0; j < k && j < 4; j++) out[j] = s[j];
  return k;
}

/* ---- API ---- */

void ls_detect_normalize(const char *name, char *buf, size_t n) {
  if (!buf || n == 0) return;
  size_t o = 0;
  const unsigned char *p = (const unsigned char *)(name ? name : "");
  while (*p) {
    unsigned char b[4];
    size_t k = ls_detect_norm_char(&p, b);
    if (o + k >= n) break;
    for (size_t j = 0; j < k; j++) buf[o++] = (char)b[j];
  }
  buf[o] = '\0';
}

uint64_t ls_detect_signature(const ls_table *t) {
  uint64_t h = LS_FNV_BASIS;
  size_t ncols = t ? ls_table_ncols(t) : 0;
  for (size_t i = 0; i < ncols; i++) {
    if (i > 0) h = ls_detect_fnv(h, (const unsigned char *)"\x1f", 1);
    const char *name = ls_column_name(ls_table_col(t, i));
    const unsigned char *p = (const unsigned char *)(name ? name : "");
    while (*p) {
      unsigned char b[4];
      size_t k = ls_detect_norm_char(&p, b);
      h = ls_detect_fnv(h, b, k);
    }
  }
  return h;
}

void ls_detect_signature_text(uint64_t sig, char out[LS_DETECT_SIGNATURE_TEXT]) {
  static const char hex[] = "0123456789abcdef";
  for (int i = 15; i >= 0; i--, sig >>= 4) out[i] = hex[sig & 0xF];
  out[16] = '\0';
}

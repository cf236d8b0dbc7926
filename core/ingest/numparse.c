/* numparse.c: numbers with thousands groups, currencies, percentages and
 * accounting negatives, read exactly. */
#include "ingest/numparse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- private: currencies ---- */

/* Ids are indexes into codes; 0 is none. */
static const char *const codes[] = {
    "",    "USD", "EUR", "GBP", "CNY", "JPY", "HKD", "TWD", "KRW", "INR", "AUD", "CAD",
    "SGD", "CHF", "NZD", "SEK", "NOK", "DKK", "BRL", "MXN", "RUB", "ZAR", "THB", "MYR",
    "IDR", "PHP", "VND", "TRY", "PLN", "AED", "SAR", "ILS", "CZK", "HUF"};
enum { NCODES = sizeof codes / sizeof *codes };
enum { C_USD = 1, C_EUR, C_GBP, C_CNY, C_JPY, C_HKD, C_TWD, C_KRW, C_INR, C_AUD, C_CAD, C_SGD };
enum { C_BRL = 18 };

typedef struct {
  const char *text;
  unsigned char id, len;
} symbol;

/* No text is a prefix of another with the same first byte. */
static const symbol symbols[] = {
    {"$", C_USD, 1}, {"US$", C_USD, 3}, {"HK$", C_HKD, 3}, {"NT$", C_TWD, 3}, {"AU$", C_AUD, 3}, {"CA$", C_CAD, 3},
    {"A$", C_AUD, 2},  {"S$", C_SGD, 2},  {"R$", C_BRL, 2},  {"JP\xC2\xA5", C_JPY, 4},
    {"CN\xC2\xA5", C_CNY, 4},
    {"\xC2\xA5", C_CNY, 2},         /* ¥ */
    {"\xEF\xBF\xA5", C_CNY, 3},     /* ￥ fullwidth */
    {"\xE5\x85\x83", C_CNY, 3},     /* 元 */
    {"\xE5\x86\x86", C_JPY, 3},     /* 円 */
    {"\xE2\x82\xAC", C_EUR, 3},     /* € */
    {"\xC2\xA3", C_GBP, 2},         /* £ */
    {"\xE2\x82\xB9", C_INR, 3},     /* ₹ */
    {"\xE2\x82\xA9", C_KRW, 3},     /* ₩ */
};

static int is_alpha(unsigned char ch) { return (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'; }

/* The length of the currency at s[0..n) and its id in *id, or 0. */
static size_t match_currency(const char *s, size_t n, int *id) {
  for (size_t k = 0; k < sizeof symbols / sizeof *symbols; k++) {
    size_t m = symbols[k].len;
    if (symbols[k].text[0] == s[0] && m <= n && memcmp(s, symbols[k].text, m) == 0) {
      /* a symbol ending in a letter needs a non-letter after it */
      if (is_alpha((unsigned char)s[m - 1]) && m < n && is_alpha((unsigned char)s[m])) continue;
      *id = symbols[k].id;
      return m;
    }
  }
  if (n >= 3 && is_alpha((unsigned char)s[0]) && is_alpha((unsigned char)s[1]) &&
      is_alpha((unsigned char)s[2]) && (n == 3 || !is_alpha((unsigned char)s[3]))) {
    char up[3] = {(char)(s[0] & ~0x20), (char)(s[1] & ~0x20), (char)(s[2] & ~0x20)};
    for (int k = 1; k < NCODES; k++)
      if (memcmp(up, codes[k], 3) == 0) {
        *id = k;
        return 3;
      }
    if (memcmp(up, "RMB", 3) == 0) {
      *id = C_CNY;
      return 3;
    }
  }
  return 0;
}

/* Spaces between a currency or '%' and the number: ' ' and U+00A0. */
static size_t skip_sp(const char *s, size_t i, size_t end) {
  for (;;) {
    if (i < end && s[i] == ' ')
      i++;
    else if (i + 1 < end && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
      i += 2;
    else
      return i;
  }
}

/* ---- private: the digits ---- */

typedef struct {
  uint64_t m;      /* the first 19 significant digits */
  int sig;         /* significant digits in m */
  int inexact;     /* a nonzero digit beyond them */
  long exp10;      /* the value is m * 10^exp10 */
  size_t idigits;  /* digits before the decimal separator */
  size_t ndigits;  /* all mantissa digits */
  long exp;        /* the explicit exponent */
  int is_int;      /* no separator, no exponent */
} core;

static inline int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

static inline void take(core *c, unsigned d, int frac) {
  if (c->sig < 19) {
    c->m = c->m * 10 + d;
    if (c->m) c->sig++;
    if (frac) c->exp10--;
  } else {
    if (!frac) c->exp10++;
    if (d) c->inexact = 1;
  }
}

/* Read the core at s[i..end): the index just past it, or 0 when malformed
 * (a core is never empty, so 0 is no valid end). */
static size_t scan_core(const char *s, size_t i, size_t end, char dec, char grp, core *c,
                        int *seps) {
  memset(c, 0, sizeof *c);
  c->is_int = 1;
  size_t st = i;
  while (i < end && is_digit(s[i])) take(c, (unsigned)(s[i++] - '0'), 0);
  size_t k = i - st;
  if (k > 1 && s[st] == '0') return 0;
  if (i < end && s[i] == grp) {
    if (k == 0 || k > 3 || s[st] == '0') return 0;
    while (i < end && s[i] == grp) {
      if (end - i < 4 || !is_digit(s[i + 1]) || !is_digit(s[i + 2]) || !is_digit(s[i + 3]) ||
          (end - i > 4 && is_digit(s[i + 4])))
        return 0;
      for (int j = 1; j <= 3; j++) take(c, (unsigned)(s[i + j] - '0'), 0);
      i += 4;
      k += 3;
    }
    *seps = 1;
  }
  c->idigits = k;
  size_t frac = 0;
  if (i < end && s[i] == dec) {
    c->is_int = 0;
    *seps = 1;
    i++;
    while (i < end && is_digit(s[i])) {
      take(c, (unsigned)(s[i++] - '0'), 1);
      frac++;
    }
  }
  c->ndigits = k + frac;
  if (c->ndigits == 0) return 0;
  if (i < end && (s[i] == 'e' || s[i] == 'E')) {
    /* without digits the 'e' is no exponent but what follows ("12EUR") */
    size_t j = i + 1;
    int eneg = 0;
    if (j < end && (s[j] == '+' || s[j] == '-')) eneg = s[j++] == '-';
    size_t e_start = j;
    long e = 0;
    while (j < end && is_digit(s[j])) {
      if (e < 100000) e = e * 10 + (s[j] - '0');
      j++;
    }
    if (j > e_start) {
      c->is_int = 0;
      c->exp = eneg ? -e : e;
      c->exp10 += c->exp;
      i = j;
    }
  }
  return i;
}

const double ls_num_pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* strtod on a normalized copy of the core at s[st..end) ("-DIGITSe-7"), for
 * the values the exact fast path cannot take; 0 when too long or not finite. */
static int slow_float(const char *s, size_t st, size_t end, const core *c, int neg, long shift,
                      double *out) {
  char buf[272];
  if (c->ndigits > 240) return 0;
  size_t o = 0;
  if (neg) buf[o++] = '-';
  for (size_t i = st; i < end && s[i] != 'e' && s[i] != 'E'; i++)
    if (is_digit(s[i])) buf[o++] = s[i];
  long e = c->exp - (long)(c->ndigits - c->idigits) + shift;
  buf[o++] = 'e';
  if (e < 0) {
    buf[o++] = '-';
    e = -e;
  }
  char rev[24];
  int r = 0;
  do rev[r++] = (char)('0' + e % 10);
  while ((e /= 10) != 0);
  while (r) buf[o++] = rev[--r];
  buf[o] = '\0';
  double d = strtod(buf, NULL);
  if (!isfinite(d)) return 0;
  *out = d;
  return 1;
}

/* ---- API ---- */

ls_num_kind ls_num_parse(const char *s, size_t len, int comma, ls_num *out) {
  char dec = comma ? ',' : '.', grp = comma ? '.' : ',';
  size_t i = 0, end = len;
  if (len && len <= 20) {
    int k = ls_num_parse_plain(s, len, dec, out);
    if (k >= 0) return (ls_num_kind)k;
  }
  int neg = 0, sign = 0, paren = 0, cur = 0, pct = 0, seps = 0;
  if (len == 0) return LS_NUM_NONE;
  if (!is_digit(s[0]) && s[0] != dec) {
    if (s[0] == '-' || s[0] == '+') {
      neg = s[0] == '-';
      sign = 1;
      i++;
    } else if (s[0] == '(') {
      if (len < 3 || s[len - 1] != ')') return LS_NUM_NONE;
      paren = neg = 1;
      i++;
      end--;
    }
    if (i < end && !is_digit(s[i]) && s[i] != dec) {
      size_t k = match_currency(s + i, end - i, &cur);
      if (!k) return LS_NUM_NONE;
      i = skip_sp(s, i + k, end);
      if (!sign && !paren && i < end && (s[i] == '-' || s[i] == '+')) {
        neg = s[i] == '-';
        i++;
      }
    }
  }
  core c;
  size_t st = i, ce = scan_core(s, i, end, dec, grp, &c, &seps);
  if (!ce) return LS_NUM_NONE;
  i = ce;
  if (i < end) {
    i = skip_sp(s, i, end);
    if (i == end) return LS_NUM_NONE; /* spaces after the number, and nothing */
    if (s[i] == '%') {
      if (cur) return LS_NUM_NONE;
      pct = 1;
      i++;
    } else if (!cur) {
      size_t k = match_currency(s + i, end - i, &cur);
      if (!k) return LS_NUM_NONE;
      i += k;
    }
    if (i != end) return LS_NUM_NONE;
  }
  out->currency = (uint8_t)cur;
  out->percent = (uint8_t)pct;
  out->seps = (uint8_t)seps;
  if (c.is_int && !pct) {
    if (c.idigits > 19) return LS_NUM_NONE;
    uint64_t limit = neg ? UINT64_C(9223372036854775808) : UINT64_C(9223372036854775807);
    if (c.m > limit) return LS_NUM_NONE;
    out->i = !neg ? (int64_t)c.m : c.m ? -(int64_t)(c.m - 1) - 1 : 0;
    out->d = (double)out->i;
    return LS_NUM_INT;
  }
  long shift = pct ? -2 : 0;
  long e = c.exp10 + shift;
  double d;
  if (!c.inexact && c.m <= (UINT64_C(1) << 53) && e >= -22 && e <= 22) {
    d = (double)c.m;
    d = e < 0 ? d / ls_num_pow10[-e] : d * ls_num_pow10[e];
    if (neg) d = -d;
  } else if (c.m == 0) {
    d = neg ? -0.0 : 0.0;
  } else if (!slow_float(s, st, ce, &c, neg, shift, &d)) {
    return LS_NUM_NONE;
  }
  out->d = d;
  return LS_NUM_FLOAT;
}

const char *ls_num_currency(int id) { return id > 0 && id < NCODES ? codes[id] : ""; }

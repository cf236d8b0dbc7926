/* numparse.h: numbers as people write them in exports and spreadsheets.
 *
 * ls_num_parse reads one whole value s[0..len), without surrounding spaces:
 *   value  := [sign] [cur sp*] [sign] core [suffix]   (one sign at most)
 *           | '(' [cur sp*] core [suffix] ')'         (accounting negative)
 *   suffix := sp* cur | sp* '%'
 *   core   := int [dec digit*] [exp] | dec digit+ [exp]
 *   int    := '0' | [1-9] digit* | [1-9] digit{0,2} (grp digit{3})+
 *   exp    := ('e' | 'E') [sign] digit+
 *   sp     := ' ' | U+00A0 (no-break space)
 * With a decimal point dec is '.' and grp ',': "1,234.50" is 1234.5. With a
 * decimal comma they swap: "1.234,50" is 1234.5 and "12,5" is 12.5. Integer
 * digits never start with a zero unless the integer is "0" ("007" is not a
 * number: codes keep their text). Thousands groups have exactly 3 digits.
 * nan, inf, hexadecimal and other digits than ASCII are not numbers.
 *
 * Currencies (cur), before or after the number, give an ISO 4217 code:
 *   $ US$ -> USD   HK$ -> HKD   NT$ -> TWD   A$ AU$ -> AUD   CA$ -> CAD
 *   S$ -> SGD      R$ -> BRL    JP¥ 円 -> JPY   € -> EUR     £ -> GBP
 *   ₹ -> INR       ₩ -> KRW
 *   ¥ ￥ 元 CN¥ RMB -> CNY   (a bare yen sign is read as the yuan: the
 *                            exports this app meets most use it so; write
 *                            JP¥ or JPY for yen)
 * and three-letter codes in any case, not followed by a letter: USD EUR GBP
 * CNY JPY HKD TWD KRW INR AUD CAD SGD CHF NZD SEK NOK DKK BRL MXN RUB ZAR THB
 * MYR IDR PHP VND TRY PLN AED SAR ILS CZK HUF. A value names one currency at
 * most, and a percentage none.
 *
 * Results: an integer without decimal separator, exponent or '%' is
 * LS_NUM_INT, exact in int64 (a value beyond int64 is not a number); any
 * other number is LS_NUM_FLOAT, the double nearest to the value written
 * (correctly rounded, as strtod in the C locale; a value whose digits are
 * too many to copy, over 240, is not a number, nor one that overflows a
 * double). "12%" is 0.12, exactly as "0.12" would be. Nothing allocates. */
#ifndef LS_NUMPARSE_H
#define LS_NUMPARSE_H

#include <stddef.h>
#include <stdint.h>

typedef enum { LS_NUM_NONE, LS_NUM_INT, LS_NUM_FLOAT } ls_num_kind;

/* How a column writes its decimals (ls_infer_opts.decimal). AUTO reads a
 * decimal point unless some value only makes sense with a decimal comma;
 * AUTO_COMMA prefers the comma the same way (a file separated by ';');
 * POINT and COMMA force one. */
typedef enum {
  LS_DECIMAL_AUTO,
  LS_DECIMAL_AUTO_COMMA,
  LS_DECIMAL_POINT,
  LS_DECIMAL_COMMA
} ls_decimal;

typedef struct {
  int64_t i;        /* the value of an LS_NUM_INT */
  double d;         /* the value of either kind as a double */
  uint8_t currency; /* currency id (ls_num_currency), 0 when none */
  uint8_t percent;  /* 1 when written with '%' (d is already divided by 100) */
  uint8_t seps;     /* 1 when the number held '.' or ',' (its reading depends
                       on the decimal mode) */
} ls_num;

/* Read s[0..len) by the grammar above, with a decimal comma when comma is
 * nonzero. Returns the kind and fills *out; LS_NUM_NONE leaves *out
 * unspecified. */
ls_num_kind ls_num_parse(const char *s, size_t len, int comma, ls_num *out);

/* 10^0 .. 10^22, each exact as a double. */
extern const double ls_num_pow10[23];

/* The commonest values, [-]digits[dec digits] with at most 18 digits, read
 * inline exactly as ls_num_parse reads them (an int, or a float of at most 15
 * digits: m / 10^k with m < 2^53 and k <= 22 is one correctly rounded
 * division of two exact doubles, so it is strtod's double); -1 for anything
 * else, which ls_num_parse then reads. s[0..len), len > 0. */
static inline int ls_num_parse_plain(const char *s, size_t len, char dec, ls_num *out) {
  size_t i = s[0] == '-', st = i;
  uint64_t m = 0;
  while (i < len && s[i] >= '0' && s[i] <= '9') m = m * 10 + (uint64_t)(s[i++] - '0');
  size_t idigits = i - st;
  if (idigits == 0 || idigits > 18 || (idigits > 1 && s[st] == '0')) return -1;
  int neg = st == 1;
  out->currency = out->percent = 0;
  if (i == len) {
    out->seps = 0;
    out->i = neg ? -(int64_t)m : (int64_t)m;
    out->d = (double)out->i;
    return LS_NUM_INT;
  }
  if (s[i] != dec) return -1;
  size_t fst = ++i;
  while (i < len && s[i] >= '0' && s[i] <= '9') m = m * 10 + (uint64_t)(s[i++] - '0');
  if (i != len || idigits + (i - fst) > 15) return -1; /* 15 digits: m < 2^53 */
  double d = (double)m / ls_num_pow10[i - fst];
  out->seps = 1;
  out->d = neg ? -d : d;
  return LS_NUM_FLOAT;
}

/* The ISO 4217 code of a currency id from ls_num_parse: "USD", ...; "" for 0
 * or an unknown id. A static string. */
const char *ls_num_currency(int id);

#endif

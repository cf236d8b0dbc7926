/* numfmt.c: shortest round-trip decimal formatting without exponents. */
#include "base/numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *ls_fmt_double(double x, char *buf) {
  if (!isfinite(x)) {
    buf[0] = '\0';
    return buf;
  }
  if (x == 0) {
    strcpy(buf, "0");
    return buf;
  }
  /* shortest %.Ne that round-trips gives the digits and the exponent */
  char sci[40];
  int prec;
  for (prec = 0; prec < 17; prec++) {
    snprintf(sci, sizeof sci, "%.*e", prec, x);
    if (strtod(sci, NULL) == x) break;
  }
  /* split "-d.ddde+XX" into sign, digits, exponent */
  const char *p = sci;
  int neg = *p == '-';
  if (neg) p++;
  char digits[24];
  int nd = 0;
  for (; *p && *p != 'e'; p++)
    if (*p != '.') digits[nd++] = *p;
  digits[nd] = '\0';
  int exp10 = atoi(p + 1); /* value = 0.d1d2... * 10^(exp10+1) */
  char *o = buf;
  if (neg) *o++ = '-';
  int point = exp10 + 1; /* digits before the decimal point */
  if (point <= 0) {
    *o++ = '0';
    *o++ = '.';
    for (int i = 0; i < -point; i++) *o++ = '0';
    memcpy(o, digits, nd);
    o += nd;
  } else if (point >= nd) {
    memcpy(o, digits, nd);
    o += nd;
    for (int i = nd; i < point; i++) *o++ = '0';
  } else {
    memcpy(o, digits, point);
    o += point;
    *o++ = '.';
    memcpy(o, digits + point, nd - point);
    o += nd - point;
  }
  *o = '\0';
  return buf;
}

/* numfmt.h: plain decimal text for numbers, identical to what JavaScript's
 * String(x) prints for the same double in the ordinary range.
 *
 * The shortest digits that read back as the same double, never in exponent
 * form: 12500, 2083.3333333333335, 0.1, -3. NaN and infinities print as ""
 * (an undefined value). */
#ifndef LS_NUMFMT_H
#define LS_NUMFMT_H

#define LS_NUMFMT_MAX 400

/* Write x into buf (LS_NUMFMT_MAX bytes); returns buf. */
char *ls_fmt_double(double x, char *buf);

#endif

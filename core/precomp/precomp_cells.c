/* precomp_cells.c: cells of precomputed tables read as numbers and period
 * labels, and errors naming file, line and column (precomp/precomp.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "precomp/precomp.h"
#include "ingest/numparse.h"

/* ---- private ---- */

/* digits s[0..n) as a number into *v; 0 when one is not a digit */
static int digits(const char *s, size_t n, int *v) {
  *v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    *v = *v * 10 + (s[i] - '0');
  }
  return 1;
}

/* "YYYY-MM" or "YYYY-MM-DD" in s[0..len): the wall-clock midnight of its first
 * day into *wall and its kind into *grain; 0 when neither */
static int label(const char *s, size_t len, int64_t *wall, ls_grain *grain) {
  int y, m, d = 1;
  if ((len != 7 && len != 10) || s[4] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m) || m < 1 || m > 12)
    return 0;
  if (len == 10 && (s[7] != '-' || !digits(s + 8, 2, &d) || d < 1 || d > ls_days_in_month(y, m))) return 0;
  *wall = ls_time_from_civil(y, m, d, 0, 0, 0, 0);
  *grain = len == 7 ? LS_GRAIN_MONTH : LS_GRAIN_DAY;
  return 1;
}

/* ---- API ---- */

uint64_t ls_precomp_line(const ls_source *src, size_t r) {
  return src ? ls_rowlines_line(&src->lines, r) : (uint64_t)r + 2;
}

ls_status ls_precomp_fail(const ls_table *t, const ls_source *src, size_t r, size_t c, char *err, size_t errlen,
                          const char *fmt, ...) {
  if (!err || !errlen) return LS_EPARSE;
  int w = snprintf(err, errlen, "%s:%llu:%zu: ", t ? ls_table_name(t) : "", (unsigned long long)ls_precomp_line(src, r),
                   c + 1);
  if (w >= 0 && (size_t)w < errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + w, errlen - (size_t)w, fmt, ap);
    va_end(ap);
  }
  return LS_EPARSE;
}

int ls_precomp_number(const ls_column *c, size_t r, double *v) {
  *v = NAN;
  if (!ls_column_valid(c, r)) return 1;
  switch (ls_column_type(c)) {
    case LS_TYPE_INT64:
    case LS_TYPE_DOUBLE: *v = ls_column_num(c, r); return 1;
    case LS_TYPE_STRING: {
      size_t len;
      const char *s = ls_column_str(c, r, &len);
      ls_num num;
      if (!s || ls_num_parse(s, len, 0, &num) == LS_NUM_NONE || num.percent || num.currency) return 0;
      *v = num.d;
      return 1;
    }
    default: return 0;
  }
}

int ls_precomp_period(const ls_column *c, size_t r, ls_tz tz, int64_t *start, ls_grain *grain) {
  if (!ls_column_valid(c, r)) return 0;
  if (ls_column_type(c) == LS_TYPE_TIME) {
    /* dates were read as instants at local midnight: only whole days are labels */
    int64_t t = ls_column_i64(c)[r];
    if (!(ls_column_flags(c) & LS_COL_DATE) || ls_period_start(t, LS_GRAIN_DAY, tz) != t) return 0;
    *start = t;
    *grain = LS_GRAIN_DAY;
    return 1;
  }
  if (ls_column_type(c) != LS_TYPE_STRING) return 0;
  size_t len;
  const char *s = ls_column_str(c, r, &len);
  int64_t wall;
  if (!s || !label(s, len, &wall, grain)) return 0;
  *start = ls_period_start(ls_tz_from_local(tz, wall), LS_GRAIN_DAY, tz);
  return 1;
}

ls_grain ls_precomp_grain(const int64_t *start, size_t n, size_t stride, ls_grain label, ls_tz tz) {
  if (label == LS_GRAIN_MONTH) return LS_GRAIN_MONTH;
  if (n < 2) return LS_GRAIN_DAY;
  const char *p = (const char *)start;
  int64_t prev = 0;
  for (size_t i = 0; i < n; i++, p += stride) {
    int64_t t;
    memcpy(&t, p, sizeof t);
    if (ls_period_start(t, LS_GRAIN_WEEK, tz) != t) return LS_GRAIN_DAY;
    if (i > 0 && ls_period_next(prev, LS_GRAIN_WEEK, tz) != t) return LS_GRAIN_DAY;
    prev = t;
  }
  return LS_GRAIN_WEEK;
}

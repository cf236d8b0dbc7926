/* dateparse.c: the date and time forms of dateparse.h, read in one pass. */
#include "ingest/dateparse.h"

#include <string.h>

#include "base/timeutil.h"

/* ---- private: pieces ---- */

static inline int is_digit(char ch) { return ch >= '0' && ch <= '9'; }
static inline int lower(char ch) { return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch; }

/* A run of lo..hi digits at s[i..len) that ends there (no further digit): the
 * index after it and its value in *v, or 0. */
static size_t num(const char *s, size_t len, size_t i, int lo, int hi, int *v) {
  int n = 0, x = 0;
  while (i < len && is_digit(s[i])) {
    if (++n > hi) return 0;
    x = x * 10 + (s[i++] - '0');
  }
  if (n < lo) return 0;
  *v = x;
  return i;
}

static size_t spaces(const char *s, size_t len, size_t i) {
  while (i < len && s[i] == ' ') i++;
  return i;
}

/* The UTF-8 text lit at s[i..len): the index after it, or 0. */
static size_t lit(const char *s, size_t len, size_t i, const char *text) {
  size_t n = strlen(text);
  return len - i >= n && memcmp(s + i, text, n) == 0 ? i + n : 0;
}

/* An English month name at s[i..len): the index after it (and its '.') and
 * the month in *m, or 0. */
static size_t month_name(const char *s, size_t len, size_t i, int *m) {
  static const char *const names[12] = {"january", "february", "march",     "april",
                                        "may",     "june",     "july",      "august",
                                        "september", "october", "november", "december"};
  size_t j = i;
  while (j < len && j - i < 10 && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')) j++;
  size_t n = j - i;
  if (n < 3 || (j < len && (s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')) return 0;
  for (int k = 0; k < 12; k++) {
    const char *w = names[k];
    size_t wl = strlen(w), t = 0;
    int abbrev = n == 3 || (k == 8 && n == 4);
    if (!abbrev && n != wl) continue;
    while (t < n && lower(s[i + t]) == w[t]) t++;
    if (t != n) continue;
    *m = k + 1;
    if (abbrev && n != wl && j < len && s[j] == '.') j++;
    return j;
  }
  return 0;
}

static int valid_date(int y, int m, int d) {
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= ls_days_in_month(y, m);
}

/* ---- private: time of day ---- */

typedef struct {
  int h, mi, sec, ms;
  int zone, off_min; /* a zone was written; its offset east of UTC */
} tod;

/* Fraction digits at s[i..len) after '.' or ',': the index after them, or 0
 * when there are none. Keeps the milliseconds. */
static size_t fraction(const char *s, size_t len, size_t i, int *ms) {
  size_t st = i;
  int v = 0, scale = 100;
  while (i < len && is_digit(s[i])) {
    v += (s[i++] - '0') * scale;
    scale /= 10;
  }
  if (i == st) return 0;
  *ms = v;
  return i;
}

/* A zone at s[i..len): Z, UTC, GMT, +hh, +hhmm, +hh:mm. Index after, or 0. */
static size_t zone(const char *s, size_t len, size_t i, tod *c) {
  if (i >= len) return 0;
  c->zone = 1;
  c->off_min = 0;
  if (s[i] == 'Z' || s[i] == 'z') return i + 1;
  size_t j;
  if ((j = lit(s, len, i, "UTC")) || (j = lit(s, len, i, "GMT"))) return j;
  if (s[i] != '+' && s[i] != '-') return 0;
  int sign = s[i] == '-' ? -1 : 1, oh = 0, om = 0;
  if (len - i < 3 || !is_digit(s[i + 1]) || !is_digit(s[i + 2])) return 0;
  oh = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
  j = i + 3;
  if (j < len) {
    if (s[j] == ':') j++;
    if (len - j < 2 || !is_digit(s[j]) || !is_digit(s[j + 1])) return 0;
    om = (s[j] - '0') * 10 + (s[j + 1] - '0');
    j += 2;
  }
  if (oh > 23 || om > 59) return 0;
  c->off_min = sign * (oh * 60 + om);
  return j;
}

/* H:MM[:SS[.frac]] [AM|PM] [zone], the whole rest of s. 1 or 0. */
static int time_of_day(const char *s, size_t len, size_t i, tod *c) {
  if (!(i = num(s, len, i, 1, 2, &c->h)) || i >= len || s[i] != ':' ||
      !(i = num(s, len, i + 1, 2, 2, &c->mi)))
    return 0;
  if (i < len && s[i] == ':') {
    if (!(i = num(s, len, i + 1, 2, 2, &c->sec))) return 0;
    if (i < len && (s[i] == '.' || s[i] == ',') && !(i = fraction(s, len, i + 1, &c->ms)))
      return 0;
  }
  size_t j = spaces(s, len, i);
  if (len - j >= 2 && (s[j + 1] | 0x20) == 'm' && ((s[j] | 0x20) == 'a' || (s[j] | 0x20) == 'p')) {
    if (c->h < 1 || c->h > 12) return 0;
    c->h = c->h % 12 + ((s[j] | 0x20) == 'p' ? 12 : 0);
    i = j + 2;
  }
  if (i < len) {
    j = i + (s[i] == ' ');
    if (!(i = zone(s, len, j, c))) return 0;
  }
  return i == len;
}

/* The basic form's time HHMM[SS][.frac][zone], the whole rest of s. */
static int basic_time(const char *s, size_t len, size_t i, tod *c) {
  size_t st = i;
  while (i < len && is_digit(s[i])) i++;
  size_t n = i - st;
  if (n != 4 && n != 6) return 0;
  c->h = (s[st] - '0') * 10 + (s[st + 1] - '0');
  c->mi = (s[st + 2] - '0') * 10 + (s[st + 3] - '0');
  if (n == 6) {
    c->sec = (s[st + 4] - '0') * 10 + (s[st + 5] - '0');
    if (i < len && (s[i] == '.' || s[i] == ',') && !(i = fraction(s, len, i + 1, &c->ms)))
      return 0;
  }
  if (i < len && !(i = zone(s, len, i, c))) return 0;
  return i == len;
}

/* ---- private: dates ---- */

enum { FIXED, FREE }; /* month and day known, or A/B/Y */

typedef struct {
  int y, m, d; /* for FREE: m = A, d = B as written */
  int form;
} date;

/* The date at the start of s; the index after it, or 0. *time_sep says how a
 * time may follow: 2 'T' or spaces, 1 spaces, 0 also nothing (Chinese). */
static size_t read_date(const char *s, size_t len, date *dt, int *time_sep, int *basic) {
  size_t i = 0, j;
  dt->form = FIXED;
  *time_sep = 1;
  *basic = 0;
  if (len == 0) return 0;
  if (!is_digit(s[0])) {
    /* Mon D, Y  or  Mon D Y */
    if (!(i = month_name(s, len, 0, &dt->m))) return 0;
    j = spaces(s, len, i);
    if (j == i || !(i = num(s, len, j, 1, 2, &dt->d))) return 0;
    if (i < len && s[i] == ',') i++;
    j = spaces(s, len, i);
    if (j == i || !(i = num(s, len, j, 4, 4, &dt->y))) return 0;
    return i;
  }
  int a;
  size_t k = 0;
  while (k < len && k < 9 && is_digit(s[k])) k++;
  if (k == 4) {
    a = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    dt->y = a;
    if (k < len && (s[4] == '-' || s[4] == '/' || s[4] == '.')) {
      char sep = s[4];
      if (!(i = num(s, len, 5, 1, 2, &dt->m)) || i >= len || s[i] != sep ||
          !(i = num(s, len, i + 1, 1, 2, &dt->d)))
        return 0;
      if (sep == '-') *time_sep = 2;
      return i;
    }
    /* 年 月 日 */
    if (!(i = lit(s, len, 4, "\xE5\xB9\xB4")) || !(i = num(s, len, i, 1, 2, &dt->m)) ||
        !(i = lit(s, len, i, "\xE6\x9C\x88")) || !(i = num(s, len, i, 1, 2, &dt->d)) ||
        !(i = lit(s, len, i, "\xE6\x97\xA5")))
      return 0;
    *time_sep = 0;
    return i;
  }
  if (k == 8 && k < len && s[8] == 'T') {
    dt->y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    dt->m = (s[4] - '0') * 10 + (s[5] - '0');
    dt->d = (s[6] - '0') * 10 + (s[7] - '0');
    *basic = 1;
    return 8;
  }
  if (k < 1 || k > 2 || k >= len) return 0;
  a = k == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
  char sep = s[k];
  if ((sep == '/' || sep == '-' || sep == '.') && k + 1 < len && is_digit(s[k + 1])) {
    int b;
    if (!(i = num(s, len, k + 1, 1, 2, &b)) || i >= len || s[i] != sep ||
        !(i = num(s, len, i + 1, 4, 4, &dt->y)))
      return 0;
    if (sep == '.') {
      dt->d = a;
      dt->m = b;
    } else {
      dt->m = a;
      dt->d = b;
      dt->form = FREE;
    }
    return i;
  }
  /* D Mon Y  or  D-Mon-Y */
  dt->d = a;
  if (sep == '-') {
    if (!(i = month_name(s, len, k + 1, &dt->m)) || i >= len || s[i] != '-') return 0;
    i++;
  } else {
    j = spaces(s, len, k);
    if (j == k || !(i = month_name(s, len, j, &dt->m))) return 0;
    j = spaces(s, len, i);
    if (j == i) return 0;
    i = j;
  }
  return num(s, len, i, 4, 4, &dt->y);
}

/* ---- API ---- */

/* The commonest form, YYYY-MM-DDTHH:MM:SS with 'T' or ' ' and an optional
 * 'Z', read without the general machinery: 1 and the result, or 0 to let
 * the general parser decide (it gives the same result for this form). */
static int iso_fast(const char *s, size_t len, int64_t *ms, unsigned *flags) {
  if ((len != 19 && len != 20) || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':' || (len == 20 && s[19] != 'Z'))
    return 0;
  static const unsigned char DIGITS[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
  for (size_t k = 0; k < sizeof DIGITS; k++)
    if (!is_digit(s[DIGITS[k]])) return 0;
#define D2(i) ((s[i] - '0') * 10 + (s[(i) + 1] - '0'))
  int y = D2(0) * 100 + D2(2), m = D2(5), d = D2(8), h = D2(11), mi = D2(14), sec = D2(17);
#undef D2
  if (!valid_date(y, m, d) || h > 23 || mi > 59 || sec > 60) return 0;
  if (sec == 60) sec = 59;
  *flags = LS_DATE_TIME | (len == 20 ? LS_DATE_ZONE : 0);
  *ms = ls_time_from_civil(y, m, d, h, mi, sec, 0);
  return 1;
}

int ls_date_parse(const char *s, size_t len, ls_date_order order, int64_t *ms, unsigned *flags) {
  if (iso_fast(s, len, ms, flags)) return 1;
  date dt;
  tod c = {0, 0, 0, 0, 0, 0};
  int time_sep, basic, has_time = 0;
  *flags = 0;
  size_t i = read_date(s, len, &dt, &time_sep, &basic);
  if (!i) return 0;
  if (basic) {
    if (!basic_time(s, len, i + 1, &c)) return 0;
    has_time = 1;
  } else if (i < len) {
    size_t j = i;
    if (time_sep == 2 && s[j] == 'T') {
      j++;
    } else {
      if (s[j] == ',') j++;
      j = spaces(s, len, j);
      if (j == i && time_sep != 0) return 0;
    }
    if (!time_of_day(s, len, j, &c)) return 0;
    has_time = 1;
  }
  if (c.h > 23 || c.mi > 59 || c.sec > 60) return 0;
  if (c.sec == 60) c.sec = 59;
  int m = dt.m, d = dt.d;
  unsigned f = (has_time ? LS_DATE_TIME : 0) | (c.zone ? LS_DATE_ZONE : 0);
  int ok;
  if (dt.form == FREE) {
    int md = valid_date(dt.y, dt.m, dt.d), dm = valid_date(dt.y, dt.d, dt.m);
    f |= (md ? LS_DATE_MD : 0) | (dm ? LS_DATE_DM : 0);
    if (order == LS_DATE_DMY || (order == LS_DATE_AUTO && !md)) {
      m = dt.d;
      d = dt.m;
      ok = dm;
    } else {
      ok = md && order != LS_DATE_YMD;
    }
  } else {
    ok = valid_date(dt.y, m, d);
  }
  *flags = f;
  if (!ok) return 0;
  *ms = ls_time_from_civil(dt.y, m, d, c.h, c.mi, c.sec, c.ms) - (int64_t)c.off_min * 60000;
  return 1;
}

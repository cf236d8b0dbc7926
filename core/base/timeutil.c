/* timeutil.c: civil-date arithmetic, timestamp parsing and periods. */
#include "base/timeutil.h"

#include <stdio.h>
#include <string.h>

/* ---- civil dates (H. Hinnant's days_from_civil algorithm) ---- */

int64_t ls_days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void ls_civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

int64_t ls_time_from_civil(int64_t y, int mo, int d, int h, int mi, int s, int ms) {
  int64_t days = ls_days_from_civil(y, mo, d);
  return ((days * 24 + h) * 60 + mi) * INT64_C(60000) + (int64_t)s * 1000 + ms;
}

int64_t ls_floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

/* ---- parsing ---- */

static int digits(const char *s, size_t len, size_t at, int n, int *out) {
  if (at + (size_t)n > len) return 0;
  int v = 0;
  for (int i = 0; i < n; i++) {
    char c = s[at + i];
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return 1;
}

int ls_days_in_month(int64_t y, int m) {
  static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return dm[m - 1];
}

int ls_time_parse(const char *s, size_t len, int64_t *out) {
  int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0;
  size_t i = 0;
  if (!digits(s, len, 0, 4, &y) || len < 10 || s[4] != '-' ||
      !digits(s, len, 5, 2, &mo) || s[7] != '-' || !digits(s, len, 8, 2, &d))
    return 0;
  if (mo < 1 || mo > 12 || d < 1 || d > ls_days_in_month(y, mo)) return 0;
  i = 10;
  int offset_min = 0;
  if (i < len) {
    if (s[i] != 'T' && s[i] != ' ') return 0;
    i++;
    if (!digits(s, len, i, 2, &h) || i + 2 >= len || s[i + 2] != ':' ||
        !digits(s, len, i + 3, 2, &mi))
      return 0;
    i += 5;
    if (i < len && s[i] == ':') {
      if (!digits(s, len, i + 1, 2, &sec)) return 0;
      i += 3;
      if (i < len && (s[i] == '.' || s[i] == ',')) {
        i++;
        size_t start = i;
        int scale = 100;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
          ms += (s[i] - '0') * scale;
          scale /= 10;
          i++;
        }
        if (i == start) return 0;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return 0;
    if (sec == 60) sec = 59; /* a leap second reads as the second before */
    if (i < len) {
      if (s[i] == 'Z' || s[i] == 'z') {
        i++;
      } else if (s[i] == '+' || s[i] == '-') {
        int sign = s[i] == '-' ? -1 : 1, oh, om = 0;
        i++;
        if (!digits(s, len, i, 2, &oh)) return 0;
        i += 2;
        int colon = i < len && s[i] == ':';
        if (colon) i++;
        if (i < len || colon) { /* "+08:" needs its minutes */
          if (!digits(s, len, i, 2, &om)) return 0;
          i += 2;
        }
        if (oh > 23 || om > 59) return 0;
        offset_min = sign * (oh * 60 + om);
      } else {
        return 0;
      }
    }
    if (i != len) return 0;
  }
  *out = ls_time_from_civil(y, mo, d, h, mi, sec, ms) - (int64_t)offset_min * 60000;
  return 1;
}

/* ---- formatting ---- */

static void split(int64_t t, int64_t *y, int *mo, int *d, int *h, int *mi, int *s, int *ms) {
  int64_t days = ls_floor_div(t, LS_MS_PER_DAY);
  int64_t rem = t - days * LS_MS_PER_DAY;
  ls_civil_from_days(days, y, mo, d);
  *h = (int)(rem / 3600000);
  *mi = (int)(rem / 60000 % 60);
  *s = (int)(rem / 1000 % 60);
  *ms = (int)(rem % 1000);
}

void ls_time_format_iso(int64_t t, char *buf) {
  int64_t y;
  int mo, d, h, mi, s, ms;
  split(t, &y, &mo, &d, &h, &mi, &s, &ms);
  if (ms)
    snprintf(buf, LS_TIME_TEXT_MAX, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", (long long)y, mo, d, h, mi, s, ms);
  else
    snprintf(buf, LS_TIME_TEXT_MAX, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, mo, d, h, mi, s);
}

void ls_time_format_minute(int64_t t, char *buf) {
  int64_t y;
  int mo, d, h, mi, s, ms;
  split(t, &y, &mo, &d, &h, &mi, &s, &ms);
  snprintf(buf, LS_TIME_TEXT_MAX, "%04lld-%02d-%02d %02d:%02d", (long long)y, mo, d, h, mi);
}

/* ---- periods ---- */

int64_t ls_period_start(int64_t t, ls_grain grain, ls_tz tz) {
  int64_t days = ls_floor_div(ls_tz_to_local(tz, t), LS_MS_PER_DAY);
  if (grain == LS_GRAIN_WEEK) {
    /* 1970-01-01 was a Thursday: Monday-based weekday = (days + 3) mod 7 */
    int64_t wd = ((days + 3) % 7 + 7) % 7;
    days -= wd;
  } else if (grain == LS_GRAIN_MONTH) {
    int64_t y;
    int m, d;
    ls_civil_from_days(days, &y, &m, &d);
    days = ls_days_from_civil(y, m, 1);
  }
  return ls_tz_from_local(tz, days * LS_MS_PER_DAY);
}

int64_t ls_period_next(int64_t start, ls_grain grain, ls_tz tz) {
  int64_t local = ls_tz_to_local(tz, start);
  if (grain == LS_GRAIN_DAY) return ls_tz_from_local(tz, local + LS_MS_PER_DAY);
  if (grain == LS_GRAIN_WEEK) return ls_tz_from_local(tz, local + 7 * LS_MS_PER_DAY);
  int64_t y;
  int m, d;
  ls_civil_from_days(ls_floor_div(local, LS_MS_PER_DAY), &y, &m, &d);
  if (++m > 12) {
    m = 1;
    y++;
  }
  return ls_tz_from_local(tz, ls_days_from_civil(y, m, 1) * LS_MS_PER_DAY);
}

void ls_period_name(int64_t start, ls_grain grain, ls_tz tz, char *buf) {
  int64_t y;
  int m, d;
  ls_civil_from_days(ls_floor_div(ls_tz_to_local(tz, start), LS_MS_PER_DAY), &y, &m, &d);
  if (grain == LS_GRAIN_MONTH)
    snprintf(buf, LS_TIME_TEXT_MAX, "%04lld-%02d", (long long)y, m);
  else
    snprintf(buf, LS_TIME_TEXT_MAX, "%04lld-%02d-%02d", (long long)y, m, d);
}

ls_grain ls_grain_parse(const char *s) {
  if (!s) return 0;
  if (strcmp(s, "day") == 0) return LS_GRAIN_DAY;
  if (strcmp(s, "week") == 0) return LS_GRAIN_WEEK;
  if (strcmp(s, "month") == 0) return LS_GRAIN_MONTH;
  return 0;
}

const char *ls_grain_name(ls_grain g) {
  switch (g) {
    case LS_GRAIN_DAY: return "day";
    case LS_GRAIN_WEEK: return "week";
    case LS_GRAIN_MONTH: return "month";
  }
  return "?";
}

/* tz.c: zone names, offsets and daylight-saving rules (see tz.h). */
#include "base/tz.h"

#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"

typedef enum { RULE_NONE, RULE_US, RULE_EU } dst_rule;

typedef struct {
  const char *name;
  int std_min; /* standard offset, minutes east of UTC */
  dst_rule rule;
} named_zone;

/* code LS_TZ_NAMED + i is NAMED[i] */
static const named_zone NAMED[] = {
    {"America/New_York", -300, RULE_US},
    {"America/Chicago", -360, RULE_US},
    {"America/Denver", -420, RULE_US},
    {"America/Los_Angeles", -480, RULE_US},
    {"Europe/London", 0, RULE_EU},
    {"Europe/Berlin", 60, RULE_EU},
    {"Europe/Paris", 60, RULE_EU},
    {"Asia/Shanghai", 480, RULE_NONE},
    {"Asia/Hong_Kong", 480, RULE_NONE},
    {"Asia/Taipei", 480, RULE_NONE},
    {"Asia/Singapore", 480, RULE_NONE},
    {"Asia/Tokyo", 540, RULE_NONE},
    {"Asia/Seoul", 540, RULE_NONE},
    {"Asia/Kolkata", 330, RULE_NONE},
};
#define NNAMED ((int)(sizeof NAMED / sizeof NAMED[0]))

#define MS_PER_MIN INT64_C(60000)
#define MS_PER_HOUR INT64_C(3600000)
#define DST_MIN 60
/* years whose rules are applied */
#define RULE_YEAR_MIN 1
#define RULE_YEAR_MAX 9999

/* ---- private ---- */

static const named_zone *named(ls_tz tz) {
  return tz >= LS_TZ_NAMED && tz < LS_TZ_NAMED + NNAMED ? &NAMED[tz - LS_TZ_NAMED] : NULL;
}

static int is_fixed(ls_tz tz) { return tz >= -LS_TZ_MAX_OFFSET && tz <= LS_TZ_MAX_OFFSET; }

static int64_t add_sat(int64_t a, int64_t b) {
  if (b > 0 && a > INT64_MAX - b) return INT64_MAX;
  if (b < 0 && a < INT64_MIN - b) return INT64_MIN;
  return a + b;
}

/* 0 = Sunday; 1970-01-01 (day 0) was a Thursday */
static int64_t weekday_sun0(int64_t days) { return ((days + 4) % 7 + 7) % 7; }

static int64_t sunday_on_or_after(int64_t days) { return days + (7 - weekday_sun0(days)) % 7; }
static int64_t sunday_on_or_before(int64_t days) { return days - weekday_sun0(days); }

/* the instants daylight time starts (*on) and ends (*off) in year y */
static void transitions(const named_zone *z, int64_t y, int64_t *on, int64_t *off) {
  if (z->rule == RULE_US) {
    int64_t d_on = sunday_on_or_after(ls_days_from_civil(y, 3, 8));  /* second Sunday */
    int64_t d_off = sunday_on_or_after(ls_days_from_civil(y, 11, 1)); /* first Sunday */
    *on = d_on * LS_MS_PER_DAY + 2 * MS_PER_HOUR - z->std_min * MS_PER_MIN;
    *off = d_off * LS_MS_PER_DAY + 2 * MS_PER_HOUR - (z->std_min + DST_MIN) * MS_PER_MIN;
  } else {
    *on = sunday_on_or_before(ls_days_from_civil(y, 3, 31)) * LS_MS_PER_DAY + MS_PER_HOUR;
    *off = sunday_on_or_before(ls_days_from_civil(y, 10, 31)) * LS_MS_PER_DAY + MS_PER_HOUR;
  }
}

static int64_t year_of(int64_t t) {
  int64_t y;
  int m, d;
  ls_civil_from_days(ls_floor_div(t, LS_MS_PER_DAY), &y, &m, &d);
  return y;
}

/* "+08:00", "+0800", "+08", "+8", "+8:00" -> minutes */
static int parse_offset(const char *p, int *out) {
  if (*p != '+' && *p != '-') return 0;
  int sign = *p++ == '-' ? -1 : 1, h = 0, m = 0, nd = 0;
  while (nd < 2 && *p >= '0' && *p <= '9') h = h * 10 + (*p++ - '0'), nd++;
  if (nd == 0) return 0;
  int colon = *p == ':';
  if (colon) p++;
  if (colon || *p) {
    if (!colon && nd != 2) return 0; /* "+800" */
    if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9') || p[2]) return 0;
    m = (p[0] - '0') * 10 + (p[1] - '0');
  }
  if (m > 59 || h * 60 + m > LS_TZ_MAX_OFFSET) return 0;
  *out = sign * (h * 60 + m);
  return 1;
}

/* ---- names ---- */

int ls_tz_valid(ls_tz tz) { return is_fixed(tz) || named(tz) != NULL; }

int ls_tz_parse(const char *s, ls_tz *out) {
  if (!s) return 0;
  if (strcmp(s, "UTC") == 0 || strcmp(s, "Z") == 0 || strcmp(s, "GMT") == 0 ||
      strcmp(s, "Etc/UTC") == 0) {
    *out = LS_TZ_UTC;
    return 1;
  }
  for (int i = 0; i < NNAMED; i++) {
    if (strcmp(s, NAMED[i].name) == 0) {
      *out = LS_TZ_NAMED + i;
      return 1;
    }
  }
  if (strncmp(s, "UTC", 3) == 0 || strncmp(s, "GMT", 3) == 0) s += 3;
  int min;
  if (!parse_offset(s, &min)) return 0;
  *out = min;
  return 1;
}

char *ls_tz_name(ls_tz tz, char *buf) {
  const named_zone *z = named(tz);
  if (z) {
    snprintf(buf, LS_TZ_NAME_MAX, "%s", z->name);
  } else if (tz == LS_TZ_UTC) {
    snprintf(buf, LS_TZ_NAME_MAX, "UTC");
  } else if (is_fixed(tz)) {
    int a = tz < 0 ? -tz : tz;
    snprintf(buf, LS_TZ_NAME_MAX, "%c%02d:%02d", tz < 0 ? '-' : '+', a / 60, a % 60);
  } else {
    snprintf(buf, LS_TZ_NAME_MAX, "?");
  }
  return buf;
}

void ls_tz_forms(char *buf, size_t n) {
  if (n == 0) return;
  size_t at = (size_t)snprintf(buf, n, "UTC, Z, GMT, an offset such as +08:00, +0800, -05 or UTC+8, or one of ");
  for (int i = 0; i < NNAMED && at < n; i++)
    at += (size_t)snprintf(buf + at, n - at, "%s%s", i ? ", " : "", NAMED[i].name);
}

/* ---- offsets ---- */

int ls_tz_span(ls_tz tz, int64_t t, int64_t *from, int64_t *until) {
  *from = INT64_MIN;
  *until = INT64_MAX;
  if (is_fixed(tz)) return tz;
  const named_zone *z = named(tz);
  if (!z) return 0;
  if (z->rule == RULE_NONE) return z->std_min;
  int64_t y = year_of(t), on, off, skip;
  if (y < RULE_YEAR_MIN) {
    transitions(z, RULE_YEAR_MIN, until, &skip);
    return z->std_min;
  }
  if (y > RULE_YEAR_MAX) {
    transitions(z, RULE_YEAR_MAX, &skip, from);
    return z->std_min;
  }
  transitions(z, y, &on, &off);
  if (t < on) {
    if (y > RULE_YEAR_MIN) transitions(z, y - 1, &skip, from);
    *until = on;
    return z->std_min;
  }
  if (t < off) {
    *from = on;
    *until = off;
    return z->std_min + DST_MIN;
  }
  *from = off;
  if (y < RULE_YEAR_MAX) transitions(z, y + 1, until, &skip);
  return z->std_min;
}

int ls_tz_offset(ls_tz tz, int64_t t) {
  int64_t from, until;
  return ls_tz_span(tz, t, &from, &until);
}

int64_t ls_tz_to_local(ls_tz tz, int64_t t) {
  return add_sat(t, ls_tz_offset(tz, t) * MS_PER_MIN);
}

/* Offsets change at most twice a year, so the offsets a day before and a day
 * after wall (as if UTC) bracket every instant that can show wall, with at
 * most one change between them. */
int64_t ls_tz_from_local(ls_tz tz, int64_t wall) {
  int before = ls_tz_offset(tz, add_sat(wall, -LS_MS_PER_DAY));
  int after = ls_tz_offset(tz, add_sat(wall, LS_MS_PER_DAY));
  int64_t ta = add_sat(wall, -before * MS_PER_MIN);
  if (before == after) return ta;
  int64_t tb = add_sat(wall, -after * MS_PER_MIN);
  int va = ls_tz_offset(tz, ta) == before, vb = ls_tz_offset(tz, tb) == after;
  if (va && vb) return ta < tb ? ta : tb; /* an overlap: the first occurrence */
  if (vb) return tb;
  return ta; /* valid, or a gap: the offset before the change moves it forward */
}

/* ---- cursor ---- */

/* no instant within this of the int64 ends is in a cursor's span */
#define CURSOR_MARGIN (LS_TZ_MAX_OFFSET * MS_PER_MIN)

void ls_tz_cursor_init(ls_tz_cursor *c, ls_tz tz) {
  c->tz = tz;
  c->offset = 0;
  c->add = 0;
  c->from = 1; /* an empty span: the first call fills it */
  c->until = 0;
}

void ls_tz_cursor_seek(ls_tz_cursor *c, int64_t t) {
  c->offset = ls_tz_span(c->tz, t, &c->from, &c->until);
  c->add = c->offset * MS_PER_MIN;
  if (c->from < INT64_MIN + CURSOR_MARGIN) c->from = INT64_MIN + CURSOR_MARGIN;
  if (c->until > INT64_MAX - CURSOR_MARGIN) c->until = INT64_MAX - CURSOR_MARGIN;
}

/* Inside the span, two days from its ends, wall - offset is the only instant
 * showing wall: any other would lie within a day and a few hours of it, so in
 * the span, with the span's offset. */
int64_t ls_tz_cursor_instant(ls_tz_cursor *c, int64_t wall) {
  int64_t t = add_sat(wall, -c->offset * MS_PER_MIN);
  if (t >= add_sat(c->from, 2 * LS_MS_PER_DAY) && t < add_sat(c->until, -2 * LS_MS_PER_DAY)) return t;
  t = ls_tz_from_local(c->tz, wall);
  ls_tz_cursor_seek(c, t);
  return t;
}

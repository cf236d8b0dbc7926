/* tz.h: time zones as small integer codes, with their daylight-saving rules.
 *
 * A zone (ls_tz) is an int:
 *   -840 .. 840   a fixed offset in minutes east of UTC (0 is UTC, 480 is
 *                 +08:00), so plain minutes keep working wherever a zone goes;
 *   >= LS_TZ_NAMED  a named IANA zone from the table in tz.c.
 * Named codes are not stable between versions: store a zone by its name
 * (ls_tz_name), never by its code.
 *
 * Named zones and their rules, with today's rules applied to every year
 * (rules before 2007 in the US and 1996 in the EU are not modelled, nor the
 * Asian daylight saving of the 1940s-1980s); DST adds one hour:
 *   US (America/New_York -05:00, America/Chicago -06:00, America/Denver
 *       -07:00, America/Los_Angeles -08:00): from the second Sunday of March,
 *       02:00 local standard time, to the first Sunday of November, 02:00
 *       local daylight time;
 *   EU (Europe/London +00:00, Europe/Berlin and Europe/Paris +01:00): from the
 *       last Sunday of March, 01:00 UTC, to the last Sunday of October, 01:00 UTC;
 *   none (Asia/Shanghai, Asia/Hong_Kong, Asia/Taipei, Asia/Singapore +08:00,
 *       Asia/Tokyo and Asia/Seoul +09:00, Asia/Kolkata +05:30).
 * Rules apply to years 1 through 9999; outside them a named zone keeps its
 * standard offset.
 *
 * A wall-clock time is a local date and time written as if it were UTC: an
 * int64 of milliseconds since 1970-01-01 00:00 local. Pure arithmetic: no OS
 * tables, no allocation, no global state. */
#ifndef LS_TZ_H
#define LS_TZ_H

#include <stddef.h>
#include <stdint.h>

typedef int ls_tz;

#define LS_TZ_UTC 0
/* Fixed offsets lie in [-LS_TZ_MAX_OFFSET, LS_TZ_MAX_OFFSET] minutes. */
#define LS_TZ_MAX_OFFSET (14 * 60)
/* The code of the first named zone. */
#define LS_TZ_NAMED 1000
/* Room for any canonical name, NUL included. */
#define LS_TZ_NAME_MAX 32

/* 1 when tz is a fixed offset in range or a named zone's code, else 0. */
int ls_tz_valid(ls_tz tz);

/* Parse a zone (NUL-terminated; case-sensitive). Accepted:
 *   "UTC", "Z", "GMT", "Etc/UTC"                  UTC;
 *   "+08:00", "+0800", "+08", "+8", "-05:30"      a fixed offset;
 *   the same after "UTC" or "GMT": "UTC+8", "GMT-05:00" (east is +, as people
 *   write it, not the inverted POSIX "Etc/GMT+8");
 *   a named zone as IANA writes it: "America/New_York".
 * Offsets may not exceed 14:00 nor have minutes over 59. Returns 1 and the
 * zone in *out, or 0 (s NULL, empty or anything else; *out untouched). */
int ls_tz_parse(const char *s, ls_tz *out);

/* The canonical name of tz into buf (LS_TZ_NAME_MAX bytes): "UTC" for 0,
 * "+08:00" / "-05:30" for other fixed offsets, the IANA name of a named zone,
 * "?" for an invalid code. Returns buf. */
char *ls_tz_name(ls_tz tz, char *buf);

/* The accepted forms, for error messages: "UTC, Z, GMT, an offset such as
 * +08:00, +0800, -05 or UTC+8, or one of America/New_York, …" into buf
 * (n bytes, NUL-terminated, cut to fit). */
void ls_tz_forms(char *buf, size_t n);

/* The offset of tz at instant t (ms since the epoch), in minutes east of UTC.
 * An invalid tz reads as UTC. */
int ls_tz_offset(ls_tz tz, int64_t t);
/* The same offset, and the interval [*from, *until) of instants holding t over
 * which it stays (INT64_MIN / INT64_MAX when unbounded). */
int ls_tz_span(ls_tz tz, int64_t t, int64_t *from, int64_t *until);

/* The wall-clock time in tz at instant t (saturating at the int64 ends). */
int64_t ls_tz_to_local(ls_tz tz, int64_t t);
/* The instant at which tz's clocks show wall. A wall time skipped by a
 * spring-forward gap moves forward by the gap (02:30 on the day New York
 * springs forward is 03:30 EDT); a wall time shown twice by a fall-back
 * overlap is its first occurrence (01:30 on the day New York falls back is
 * 01:30 EDT, 05:30Z). */
int64_t ls_tz_from_local(ls_tz tz, int64_t wall);

/* A cursor over instants for converting many of them: it keeps the span of
 * the last offset, so rules are evaluated only when an instant falls outside
 * it (offsets change at most twice a year). Initialise with ls_tz_cursor_init. */
typedef struct {
  ls_tz tz;
  int offset;           /* minutes, valid over [from, until) */
  int64_t from, until;  /* kept 14 hours inside the int64 range, so that */
  int64_t add;          /* t + add (offset in ms) never overflows in it */
} ls_tz_cursor;

void ls_tz_cursor_init(ls_tz_cursor *c, ls_tz tz);
/* Move the cursor to the span holding t (for ls_tz_cursor_local). */
void ls_tz_cursor_seek(ls_tz_cursor *c, int64_t t);
/* ls_tz_to_local(c->tz, t), through the cursor: a compare and an add while t
 * stays in the current span. */
static inline int64_t ls_tz_cursor_local(ls_tz_cursor *c, int64_t t) {
  if (t < c->from || t >= c->until) {
    ls_tz_cursor_seek(c, t);
    if (t < c->from || t >= c->until) return ls_tz_to_local(c->tz, t); /* near the int64 ends */
  }
  return t + c->add;
}
/* ls_tz_from_local(c->tz, wall), through the cursor. */
int64_t ls_tz_cursor_instant(ls_tz_cursor *c, int64_t wall);

#endif

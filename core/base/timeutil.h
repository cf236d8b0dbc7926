/* timeutil.h: instants, civil dates, parsing and calendar periods.
 *
 * An instant is int64 milliseconds since 1970-01-01T00:00:00Z (UTC). A time
 * zone is a fixed offset in minutes east of UTC (+08:00 is 480); day, ISO week
 * (Monday) and month boundaries are taken in that zone. Nothing here allocates. */
#ifndef LS_TIMEUTIL_H
#define LS_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#define LS_MS_PER_DAY INT64_C(86400000)
/* Room for any text the functions below write, NUL included. */
#define LS_TIME_TEXT_MAX 48

typedef enum { LS_GRAIN_DAY = 1, LS_GRAIN_WEEK = 2, LS_GRAIN_MONTH = 4 } ls_grain;

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
int64_t ls_days_from_civil(int64_t y, int m, int d);
/* The civil date of a day number. */
void ls_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
/* Instant of a UTC civil time; no range checks beyond arithmetic. */
int64_t ls_time_from_civil(int64_t y, int mo, int d, int h, int mi, int s, int ms);

/* Parse a timestamp written in one of the forms:
 *   ISO 8601 date and time, 'T' or space between, seconds and fraction
 *   optional, then 'Z', '+hh:mm', '+hhmm', '+hh' or nothing (UTC);
 *   a date alone (YYYY-MM-DD); YYYY-MM-DD HH:MM.
 * The whole of s[0..len) must match. Returns 1 and the instant in *out, or 0. */
int ls_time_parse(const char *s, size_t len, int64_t *out);

/* Write "YYYY-MM-DDTHH:MM:SSZ" (".mmmZ" when ms != 0) into buf (LS_TIME_TEXT_MAX bytes). */
void ls_time_format_iso(int64_t t, char *buf);
/* Write "YYYY-MM-DD HH:MM" (UTC) into buf (LS_TIME_TEXT_MAX bytes). */
void ls_time_format_minute(int64_t t, char *buf);

/* Start of the day, ISO week or month holding t, in zone tz_min. */
int64_t ls_period_start(int64_t t, ls_grain grain, int tz_min);
/* Start of the period after the one starting at start. */
int64_t ls_period_next(int64_t start, ls_grain grain, int tz_min);
/* Name a period by its first day in zone tz_min: "YYYY-MM-DD", or "YYYY-MM" for
 * months, into buf (LS_TIME_TEXT_MAX bytes). */
void ls_period_name(int64_t start, ls_grain grain, int tz_min, char *buf);
/* Parse a grain name ("day", "week", "month"); 0 when unknown. */
ls_grain ls_grain_parse(const char *s);
/* "day", "week" or "month"; "?" otherwise. */
const char *ls_grain_name(ls_grain g);

#endif

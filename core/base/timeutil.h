/* timeutil.h: instants, civil dates, parsing and calendar periods.
 *
 * An instant is int64 milliseconds since 1970-01-01T00:00:00Z (UTC). Day, ISO
 * week (Monday) and month boundaries are taken in a time zone (base/tz.h: a
 * fixed offset such as 480 for +08:00, or a named zone with its daylight-saving
 * rules): a period starts at local midnight, so under DST a day can last 23 or
 * 25 hours. Nothing here allocates. */
#ifndef LS_TIMEUTIL_H
#define LS_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "base/tz.h"

#define LS_MS_PER_DAY INT64_C(86400000)
/* Room for any text the functions below write, NUL included. */
#define LS_TIME_TEXT_MAX 48

typedef enum { LS_GRAIN_DAY = 1, LS_GRAIN_WEEK = 2, LS_GRAIN_MONTH = 4 } ls_grain;

/* a / b rounded toward negative infinity (b > 0). */
int64_t ls_floor_div(int64_t a, int64_t b);
/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
int64_t ls_days_from_civil(int64_t y, int m, int d);
/* Days in month m (1..12) of year y (proleptic Gregorian). */
int ls_days_in_month(int64_t y, int m);
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

/* Start of the day, ISO week or month holding t in zone tz: the instant of its
 * first local midnight (or of the first local time after it, should midnight
 * fall in a DST gap). */
int64_t ls_period_start(int64_t t, ls_grain grain, ls_tz tz);
/* Start of the period after the one starting at start: one or seven days of
 * local time later (so 23 or 25 hours across a DST change), or local midnight
 * of the first of the next month. */
int64_t ls_period_next(int64_t start, ls_grain grain, ls_tz tz);
/* Name a period by its first day in zone tz: "YYYY-MM-DD", or "YYYY-MM" for
 * months, into buf (LS_TIME_TEXT_MAX bytes). */
void ls_period_name(int64_t start, ls_grain grain, ls_tz tz, char *buf);
/* Parse a grain name ("day", "week", "month"); 0 when unknown. */
ls_grain ls_grain_parse(const char *s);
/* "day", "week" or "month"; "?" otherwise. */
const char *ls_grain_name(ls_grain g);

#endif

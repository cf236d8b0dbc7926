/* dateparse.h: dates and times as exports write them.
 *
 * ls_date_parse reads one whole value s[0..len), without surrounding spaces,
 * in one of these forms (Y: a 4-digit year; M, D, H: 1 or 2 digits; MM, SS:
 * 2 digits; Mon: an English month name, full or in 3 letters, any case,
 * "Sept" too, with an optional '.' after an abbreviation):
 *   Y-M-D  Y/M/D  Y.M.D            year first (ISO 8601 and its kin)
 *   D.M.Y                          day first (European)
 *   A/B/Y  A-B-Y                   month and day in an order the caller
 *                                  settles (see below)
 *   Y年M月D日                       Chinese
 *   Mon D, Y   Mon D Y   D Mon Y   D-Mon-Y
 *   YYYYMMDDTHHMM[SS][.frac][zone] ISO 8601 basic form (only with its 'T':
 *                                  a bare 20250105 is a number)
 * each optionally followed by a time of day, after 'T' (year-first dates
 * with '-'), after spaces, after ", " or, for the Chinese form, directly:
 *   H:MM[:SS[(.|,)frac]] [ ][AM|PM] [ ][zone]
 * where AM/PM (any case) needs an hour from 1 to 12, and zone is Z, UTC, GMT,
 * +hh, +hhmm or +hh:mm (or '-'). Fractions of a second are cut to the
 * millisecond. A leap second (:60) reads as :59.
 *
 * Years run from 1900 to 2200; other years, and calendar dates that do not
 * exist (2025-02-29), are not dates. Two-digit years are not read.
 *
 * The instant is UTC milliseconds since the epoch: with a zone, the time in
 * that zone; without one, the wall-clock time read as UTC; a date alone is
 * its midnight. Nothing allocates. */
#ifndef LS_DATEPARSE_H
#define LS_DATEPARSE_H

#include <stddef.h>
#include <stdint.h>

/* Which of A and B is the month in A/B/Y and A-B-Y.
 *   AUTO  month first when that is a valid date, else day first;
 *   MDY   month first (US); DMY  day first;
 *   YMD   only year-first dates: A/B/Y and A-B-Y are not dates. */
typedef enum { LS_DATE_AUTO, LS_DATE_MDY, LS_DATE_DMY, LS_DATE_YMD } ls_date_order;

/* Bits of *flags from ls_date_parse. */
enum {
  LS_DATE_TIME = 1u << 0, /* the value has a time of day */
  LS_DATE_ZONE = 1u << 1, /* the value has a zone (Z, UTC, GMT or an offset) */
  LS_DATE_MD = 1u << 2,   /* A/B/Y or A-B-Y that is a valid date read month first */
  LS_DATE_DM = 1u << 3    /* ... read day first */
};

/* Read s[0..len) with day and month ordered by order. Returns 1 and the
 * instant in *ms, or 0. *flags receives the bits above whenever the text has
 * one of the forms and a valid time (so a caller learns from "13/1/2025",
 * which fails as MDY, that it reads as DMY), and 0 otherwise. */
int ls_date_parse(const char *s, size_t len, ls_date_order order, int64_t *ms, unsigned *flags);

#endif

/* colscan.h: reading a column's cells as one type, one cell at a time.
 *
 * Inference (infer.h) runs these scans over the cells of a column: a bool, a
 * number (in one decimal mode) and a time (in one order of day and month)
 * scan. Each holds what it has read so far, so the scan that won over a
 * column's first cells can go on with the cells that come after them (an
 * ls_infer_stream). A scan given a column appends a value (or a null) for
 * every cell it reads; given none it only counts.
 *
 * A step answers LS_SCAN_ON (read; go on), LS_SCAN_STOP (the cell failed and
 * the scan gives up: strict, or past its limit of failures; nothing was
 * appended for it) or LS_SCAN_OOM. i is the cell's 0-based index (kept for
 * the failures' report); hint, when not 0, is how many cells the column will
 * hold, reserved at the first value. Private to ingest. */
#ifndef LS_COLSCAN_H
#define LS_COLSCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ingest/infer.h"

/* ---- cells as values ---- */

/* ASCII lower case of ch. */
static inline int ls_scan_lower(int ch) { return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch; }
/* 1 when s[0..len) is word (lower-case ASCII) in any case. */
static inline int ls_scan_equals_nocase(const char *s, size_t len, const char *word) {
  size_t i = 0;
  for (; i < len && word[i]; i++)
    if (ls_scan_lower((unsigned char)s[i]) != word[i]) return 0;
  return i == len && !word[i];
}

/* Drop ASCII spaces and tabs around s[0..*len). */
void ls_scan_trim(const char **s, size_t *len);
/* 1 when a trimmed cell is null: empty or a null token of infer.h. */
int ls_scan_is_null(const char *s, size_t len);
/* 1 for a true value, 0 for a false one, -1 for anything else. */
int ls_scan_bool_value(const char *s, size_t len);

/* ---- failures ---- */

typedef struct {
  size_t bad;
  size_t at[LS_INFER_BAD_MAX]; /* the first failing cells */
} ls_fails;

void ls_fails_add(ls_fails *f, size_t i);

typedef enum { LS_SCAN_ON, LS_SCAN_STOP, LS_SCAN_OOM } ls_scan_step;

/* ---- bools ---- */

typedef struct {
  size_t limit;     /* give up once more than limit cells fail */
  ls_fails f;
  size_t values, nulls;
  ls_column *col;   /* the caller's: NULL only counts */
} ls_boolscan;

void ls_boolscan_setup(ls_boolscan *t, ls_column *col, size_t limit);
ls_scan_step ls_boolscan_cell(ls_boolscan *t, size_t i, const char *s, size_t len, size_t hint);

/* ---- numbers ---- */

/* Epoch units a column of numbers may be in (infer.h), as bits. */
enum { LS_EPOCH_S = 1, LS_EPOCH_MS = 2, LS_EPOCH_US = 4, LS_EPOCH_NS = 8, LS_EPOCH_UNITS = 15,
       LS_EPOCH_YMD = 16, LS_EPOCH_ALL = 31 };

typedef struct {
  /* how to read */
  int comma;        /* decimal commas */
  int alt;          /* also count the cells the other decimal mode fails */
  int need_int;     /* a value that is not an int fails */
  int strict;       /* stop at the first failure; else once more than limit
                       cells are unreadable (in both modes with alt) */
  size_t limit;
  unsigned epochs;  /* LS_EPOCH_ bits still possible (0: not asked) */
  /* what was read */
  ls_fails f, fi, fa; /* cells failing as numbers, as ints, in the other mode */
  size_t unreadable, cur_bad; /* cells of f that are no numbers; in a second currency */
  int cur, pct;     /* currency id; percentages -1 unknown, 0 no, 1 yes */
  int dbl;          /* some value is not an int: col holds doubles */
  size_t values, nulls;
  ls_column *col;   /* owned by the scan once set (ls_numscan_to_double
                       replaces it); NULL only counts */
} ls_numscan;

void ls_numscan_setup(ls_numscan *ns, int comma, int alt, int strict, size_t limit);
ls_scan_step ls_numscan_cell(ls_numscan *ns, size_t i, const char *s, size_t len, size_t hint);
/* ls_numscan_cell for a cell of the commonest kind (ls_num_parse_plain) in
 * a scan whose state it cannot change (a column without '%' already, not
 * asked for epochs; a float only once the column holds doubles and the
 * other decimal mode no longer counts, an int always):
 * 1 when it was one and *st says how its push went (as ls_numscan_cell's
 * answer would), 0 to hand the cell to ls_numscan_cell. Inline: a stream
 * calls it once a cell. */
static inline int ls_numscan_quick(ls_numscan *ns, size_t i, const char *s, size_t len, ls_scan_step *st) {
  ls_num v = {0, 0, 0, 0, 0};
  if (ns->pct != 0 || ns->epochs || !ns->col) return 0;
  int kind = ls_num_parse_plain(s, len, ns->comma ? ',' : '.', &v);
  /* an int reads alike in both decimal modes; a float may not */
  if (kind < 0 || (kind == LS_NUM_FLOAT && (!ns->dbl || ns->need_int || (ns->alt && ns->fa.bad <= ns->limit))))
    return 0;
  if (kind == LS_NUM_FLOAT) ls_fails_add(&ns->fi, i);
  ns->values++;
  ls_status r = ns->dbl ? ls_column_push_f64(ns->col, v.d) : ls_column_push_i64(ns->col, v.i);
  *st = r == LS_OK ? LS_SCAN_ON : LS_SCAN_OOM;
  return 1;
}
/* Turn the INT64 column being built into a DOUBLE one with room for cap. */
ls_status ls_numscan_to_double(ls_numscan *ns, size_t cap);
/* The epoch unit the values read so far are in (one LS_EPOCH_ bit), or 0. */
unsigned ls_numscan_epoch_unit(const ls_numscan *ns);

/* ---- times ---- */

typedef struct {
  ls_date_order order; /* MDY, DMY or YMD */
  int alt;             /* also count the cells the other of MDY and DMY fails */
  int strict;          /* as in ls_numscan */
  size_t limit;
  ls_fails f, fa;
  unsigned seen;       /* LS_DATE_ bits of the values read */
  size_t values, nulls;
  ls_column *col;      /* owned by the scan once set; NULL only counts */
  char day[10];        /* the date of the last ISO time read (ls_timescan_quick) */
  int64_t day_ms;      /* its midnight; -1: none yet */
} ls_timescan;

void ls_timescan_setup(ls_timescan *ts, ls_date_order order, int alt, int strict, size_t limit);
ls_scan_step ls_timescan_cell(ls_timescan *ts, size_t i, const char *s, size_t len, size_t hint);
/* ls_timescan_cell for YYYY-MM-DDTHH:MM:SS (or ' ' for 'T'), with or
 * without 'Z', on the same date as the last such value read: only the time
 * of day is read. 1 when it was one and *st says how its push went, 0 to
 * hand the cell to ls_timescan_cell (which notes the date for the next). */
static inline int ls_timescan_quick(ls_timescan *ts, const char *s, size_t len, ls_scan_step *st) {
#define LS_D2_(i) ((s[i] - '0') * 10 + (s[(i) + 1] - '0'))
#define LS_DIG_(i) (s[i] >= '0' && s[i] <= '9')
  if (ts->day_ms < 0 || (len != 19 && len != 20) || memcmp(s, ts->day, 10) != 0 || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':' || (len == 20 && s[19] != 'Z') || !ts->col || !LS_DIG_(11) || !LS_DIG_(12) ||
      !LS_DIG_(14) || !LS_DIG_(15) || !LS_DIG_(17) || !LS_DIG_(18))
    return 0;
  int h = LS_D2_(11), mi = LS_D2_(14), sec = LS_D2_(17);
#undef LS_D2_
#undef LS_DIG_
  if (h > 23 || mi > 59 || sec > 60) return 0;
  if (sec == 60) sec = 59;
  ts->seen |= LS_DATE_TIME | (len == 20 ? LS_DATE_ZONE : 0);
  ts->values++;
  int64_t ms = ts->day_ms + ((int64_t)h * 3600 + mi * 60 + sec) * 1000;
  *st = ls_column_push_i64(ts->col, ms) == LS_OK ? LS_SCAN_ON : LS_SCAN_OOM;
  return 1;
}

/* The ls_col_flag bits of the values read so far. */
unsigned ls_timescan_flags(const ls_timescan *ts);

#endif

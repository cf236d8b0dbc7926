/* infer.h: the type a column of text cells holds.
 *
 * A reader (CSV, JSONL) collects each column's cells as text in an ls_cells
 * store (cells.h, included here), then asks ls_infer_column(_ex) for the
 * typed column.
 *
 * Null cells. Trimmed of ASCII spaces and tabs, a cell is null when it is
 * empty or one of the tokens NULL, None, N/A (these three in any case), NA,
 * \N, "-" and "—" (U+2014). This holds for every type, strings too.
 *
 * Types. Inference trims every cell and ignores null cells. It tries, in this
 * order, and takes the first type every value reads as (a type is dropped at
 * the first value it cannot read, as DuckDB's sniffer does):
 *   bool       true/false, t/f, yes/no (any case), 是/否 (1 and 0 are ints,
 *              and y/n single letters too often codes);
 *   int        an integer of numparse.h (thousands groups and a currency
 *              allowed: "1,234", "$12", "(5)"), exact in int64;
 *   float      any number of numparse.h (decimals, exponents, "12%" as 0.12);
 *              ints and floats mixed are floats;
 *   timestamp  a date and time of dateparse.h;
 *   date       the same, when no value has a time of day;
 *   string     anything else, and a column without any value. Strings keep
 *              their text untrimmed.
 * An integer beyond int64 is not a number (it stays exact, as text).
 *
 * Numbers in a column:
 *   decimals   with LS_DECIMAL_AUTO a column reads a decimal point ("1,234"
 *              is 1234) unless some value needs a decimal comma ("12,5",
 *              "1.234,50") and every value reads with one: then it reads
 *              decimal commas throughout. LS_DECIMAL_AUTO_COMMA is the
 *              mirror (for ';'-separated files); POINT and COMMA force one.
 *   currency   the one currency the values name becomes the column's
 *              (ls_column_currency); values without one are fine. A column
 *              whose values name two currencies is not a number column: it
 *              is a string column with report.mixed_currency set (amounts in
 *              two currencies must not be summed).
 *   percent    a column of percentages is float with LS_COL_PERCENT; a
 *              column mixing values with and without '%' is not a number.
 *   ids        a float column (some value not an int) whose name's last
 *              word is "id" ("user_pseudo_id", "User ID", "visitorId",
 *              "用户ID"; not "paid") is a string column: its text is the id.
 *   epochs     an int or float column whose name suggests a time
 *              (ls_infer_time_name), without currency or percent, whose
 *              values all fall in one of these ranges, each the years 1990
 *              to 2099, is a timestamp: epoch seconds [6.3e8, 4.1e9),
 *              milliseconds [6.3e11, 4.1e12), microseconds (GA4's
 *              event_timestamp) [6.3e14, 4.1e15), nanoseconds [6.3e17,
 *              4.1e18); rounded to the nearest millisecond. An int column so
 *              named whose values are all 8-digit dates YYYYMMDD (GA4's
 *              event_date) is a date column.
 * Times in a column:
 *   order      A/B/Y and A-B-Y values (dateparse.h) are settled per column:
 *              a value only valid day first (13/1/2025) makes the column
 *              DMY, one only valid month first makes it MDY; a column with
 *              both is not a date column; a column where nothing decides
 *              reads MDY and is reported ambiguous. ls_infer_opts.date_order
 *              forces an order.
 *   flags      a date column gets LS_COL_DATE (each value its midnight).
 *              Values without a zone are wall-clock times stored as if UTC:
 *              when no value has a zone the column gets LS_COL_LOCAL (a
 *              workspace moves it to its zone; dates are LOCAL too). A column
 *              mixing values with and without a zone is not LOCAL: the
 *              values without one are read as UTC. Epoch columns are
 *              instants (not LOCAL).
 *
 * Forced types (ls_infer_opts.force): INT64 reads ints only (a decimal
 * fails); DOUBLE any number; TIME epoch numbers by magnitude whatever the
 * name when every value is one, else dates and times (in the order of the
 * option, or else the order failing fewer cells); BOOL the bool words; STRING
 * keeps every text. The decimal mode, when automatic, is the one failing
 * fewer cells. Cells that fail become null.
 *
 * Report (ls_infer_column_ex): for a string column of at least 100 values
 * of which at most 1% fail to read as one type (int, float, timestamp or
 * date), near_type names that type with the failing cells; so does a forced
 * type for the cells it could not read (which become null). */
#ifndef LS_INFER_H
#define LS_INFER_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "ingest/cells.h"
#include "ingest/dateparse.h"
#include "ingest/numparse.h"
#include "ingest/record.h"
#include "table/table.h"

/* ---- inference ---- */

/* How to type one column; all zero is automatic. */
typedef struct {
  int force;                /* nonzero: the column is of type type; cells that
                               do not read as it become null and are reported */
  ls_type type;
  ls_date_order date_order; /* LS_DATE_AUTO: settled by the data */
  ls_decimal decimal;       /* LS_DECIMAL_AUTO: settled by the data */
} ls_infer_opts;

#define LS_INFER_BAD_MAX 5

/* What inference found in one column. */
typedef struct {
  ls_type type;             /* the column's type */
  unsigned flags;           /* its ls_col_flag bits */
  char currency[8];         /* its currency, "" when none */
  int mixed_currency;       /* a string column whose values are numbers in
                               two or more currencies */
  int ambiguous_dates;      /* A/B/Y dates that nothing decided: read MDY */
  ls_decimal decimal;       /* LS_DECIMAL_POINT or _COMMA for a number
                               column, LS_DECIMAL_AUTO otherwise */
  ls_date_order date_order; /* LS_DATE_MDY or _DMY when the column had A/B/Y
                               dates, LS_DATE_AUTO otherwise */
  size_t nulls;             /* null cells (empty or null tokens) */
  ls_type near_type;        /* the type most cells read as (see above), or
                               LS_TYPE_COUNT for none */
  unsigned near_flags;      /* LS_COL_DATE or LS_COL_PERCENT of near_type */
  size_t bad;               /* cells that do not read as near_type (or as the
                               forced type) */
  size_t bad_at[LS_INFER_BAD_MAX]; /* the first of them, 0-based cell indexes */
} ls_infer_report;

/* The type of the column named name holding cells, by the rules above
 * (LS_TYPE_TIME also for epoch numbers and dates). Never fails. */
ls_type ls_infer_type(const char *name, const ls_cells *cells);
/* A new column named name of the inferred type with one row per cell (null
 * for null cells), its flags and currency set. On LS_OK the caller owns *out
 * (ls_column_free, or give it to ls_table_adopt); on LS_ENOMEM *out is NULL.
 * cells is left untouched. */
ls_status ls_infer_column(const char *name, const ls_cells *cells, ls_column **out);
/* ls_infer_column with options (NULL: automatic) and a report of what it
 * found in *rep (NULL: none); *rep is filled on LS_OK. */
ls_status ls_infer_column_ex(const char *name, const ls_cells *cells, const ls_infer_opts *opts,
                             ls_column **out, ls_infer_report *rep);
/* The type one cell reads as on its own, for header detection: LS_TYPE_BOOL,
 * _INT64, _DOUBLE, _TIME (any order of day and month) or _STRING; LS_TYPE_COUNT
 * for a null cell. */
ls_type ls_infer_cell(const char *s, size_t len);
/* 1 when a column name suggests a time: its normalized form (lower-case ASCII
 * letters and digits, other ASCII dropped, bytes beyond ASCII kept) contains
 * "time", "date", 时间 or 日期, or is "ts", "created" or "updated"; or the name ends with
 * "_at" or " at" (any case) after something else, or with "At" after a
 * lower-case letter (createdAt). 0 otherwise, also for NULL. */
int ls_infer_time_name(const char *name);

/* ---- inference as cells come ----
 *
 * A reader that types a column while reading it: inference runs over the
 * column's first cells, then each later cell goes straight into the typed
 * column, read exactly as inference over all the cells would have read it.
 * When a later cell does not fit (a word in a column of numbers, a date
 * only valid day first in a column read month first), the push answers
 * LS_INFER_MISS: the stream is spent, and the reader types the column all at
 * once from its text instead. The column and report at the end are those
 * ls_infer_column_ex gives for the same cells and options.
 *
 *   ls_infer_stream *s;
 *   ls_infer_stream_new(name, first_cells, opts, &s);   (s NULL: not yet)
 *   ... ls_infer_stream_push(s, text, len) for every later cell ...
 *   ls_infer_stream_end(s, &col, &report); ls_infer_stream_free(s); */

typedef struct ls_infer_stream ls_infer_stream;

typedef enum { LS_INFER_TAKEN, LS_INFER_MISS, LS_INFER_OOM } ls_infer_push;

/* A stream for the column named name that began with cells (not kept). On
 * LS_OK *out is the stream, or NULL when later cells could still change
 * what the first ones are read as: no value yet, epoch numbers (a later value
 * may rule the unit out), and a forced type. LS_ENOMEM, LS_EINVAL (bad
 * options). */
ls_status ls_infer_stream_new(const char *name, const ls_cells *cells, const ls_infer_opts *opts,
                              ls_infer_stream **out);
/* The next cell. After LS_INFER_MISS or LS_INFER_OOM only free the stream. */
ls_infer_push ls_infer_stream_push(ls_infer_stream *s, const char *text, size_t len);
/* The next n cells, cells[0], cells[stride], ... (a reader's records side
 * by side), as n pushes would take them: LS_INFER_TAKEN with *taken n, or
 * the answer for cell *taken, the first not taken (the cells before it are). */
ls_infer_push ls_infer_stream_push_many(ls_infer_stream *s, const ls_field *cells, size_t stride,
                                        size_t n, size_t *taken);
/* The typed column (the caller owns it) and the report (rep NULL: none).
 * LS_ENOMEM. Only once; then free the stream. */
ls_status ls_infer_stream_end(ls_infer_stream *s, ls_column **out, ls_infer_report *rep);
/* ls_infer_stream_free(NULL) is a no-op. */
void ls_infer_stream_free(ls_infer_stream *s);

#endif

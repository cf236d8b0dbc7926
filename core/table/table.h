/* table.h: columnar tables of typed columns with nulls.
 *
 * A table owns its columns; a column owns its values, its validity bitmap and,
 * for strings, its dictionary. Types:
 *   LS_TYPE_INT64   int64_t values
 *   LS_TYPE_DOUBLE  double values
 *   LS_TYPE_TIME    int64_t milliseconds since the epoch, UTC
 *   LS_TYPE_BOOL    uint8_t 0/1 values
 *   LS_TYPE_STRING  int32_t ids into the column's dictionary (base/dict.h)
 * A null row holds 0 in the value array and a 0 bit in the validity bitmap.
 * Build a table by adding columns and pushing values to each; every column of
 * a table must end with the same number of rows (ls_table_check). Kernels read
 * the value arrays directly through the accessors. */
#ifndef LS_TABLE_H
#define LS_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "base/dict.h"
#include "base/status.h"

typedef enum {
  LS_TYPE_INT64,
  LS_TYPE_DOUBLE,
  LS_TYPE_TIME,
  LS_TYPE_BOOL,
  LS_TYPE_STRING,
  LS_TYPE_COUNT
} ls_type;

typedef struct ls_table ls_table;
typedef struct ls_column ls_column;

/* "int", "float", "timestamp", "bool", "string". */
const char *ls_type_name(ls_type t);

/* A new empty table named name (copied); NULL on out of memory. */
ls_table *ls_table_new(const char *name);
/* A new table named name with ncols empty columns named names[i] of type
 * types[i], each with room for rows rows; the columns in cols[0..ncols).
 * NULL on out of memory (nothing is left allocated). */
ls_table *ls_table_new_schema(const char *name, const char *const *names, const ls_type *types,
                              size_t ncols, size_t rows, ls_column **cols);
/* Frees the table and all its columns; ls_table_free(NULL) is a no-op. */
void ls_table_free(ls_table *t);
const char *ls_table_name(const ls_table *t);
/* Rows of the table: the length of its first column (0 without columns). */
size_t ls_table_rows(const ls_table *t);
size_t ls_table_ncols(const ls_table *t);
/* Column i (0 <= i < ncols). The table keeps ownership. */
ls_column *ls_table_col(const ls_table *t, size_t i);
/* Column named name (exact match), or NULL. */
ls_column *ls_table_find(const ls_table *t, const char *name);
/* Add an empty column named name (copied); NULL on out of memory. */
ls_column *ls_table_add(ls_table *t, const char *name, ls_type type);
/* Add a column built elsewhere (ls_column_new); the table takes ownership,
 * also on failure (then the column is freed). */
ls_status ls_table_adopt(ls_table *t, ls_column *c);
/* Put c in place of column i (0 <= i < ncols) and return the column it
 * replaces, which the caller now owns. */
ls_column *ls_table_swap_col(ls_table *t, size_t i, ls_column *c);
/* Append every row of src to dst. Both must have the same number of
 * columns; columns pair by position (the caller checks that the headers
 * agree). A pair of the same type appends as is; int and float give float;
 * any other mix gives a string column, numbers and times written as text
 * (times in ISO 8601 UTC, bools as true/false). Flags keep only what both
 * columns have; currencies that differ leave no currency. LS_EINVAL when the
 * column counts differ; on LS_ENOMEM dst is as it was. */
ls_status ls_table_append(ls_table *dst, const ls_table *src);
/* LS_OK when every column has the same length, LS_EINVAL otherwise. */
ls_status ls_table_check(const ls_table *t);
/* Bytes held by values, bitmaps and dictionaries. */
size_t ls_table_bytes(const ls_table *t);

/* A column not yet in a table; free with ls_column_free unless adopted. */
ls_column *ls_column_new(const char *name, ls_type type);
void ls_column_free(ls_column *c);
/* Drop the rows from n on (n <= length). Dictionary entries stay. */
void ls_column_truncate(ls_column *c, size_t n);
/* Reserve room for n rows in total; LS_ENOMEM on failure. */
ls_status ls_column_reserve(ls_column *c, size_t n);

const char *ls_column_name(const ls_column *c);
ls_type ls_column_type(const ls_column *c);
size_t ls_column_len(const ls_column *c);
size_t ls_column_nulls(const ls_column *c);
/* 1 when row i holds a value, 0 when it is null. */
int ls_column_valid(const ls_column *c, size_t i);

/* Appends; each returns LS_ENOMEM on failure and LS_EINVAL on a type mismatch. */
ls_status ls_column_push_null(ls_column *c);
ls_status ls_column_push_i64(ls_column *c, int64_t v);  /* INT64 or TIME */
ls_status ls_column_push_f64(ls_column *c, double v);
ls_status ls_column_push_bool(ls_column *c, int v);
ls_status ls_column_push_str(ls_column *c, const char *s, size_t len);
/* The id of s[0..len) in the dictionary of STRING column c, added when new
 * (nothing is appended); -1 on out of memory. */
int32_t ls_column_intern(ls_column *c, const char *s, size_t len);
/* Append the string whose id ls_column_intern gave. LS_EINVAL for another
 * type or an id not in the dictionary. */
ls_status ls_column_push_id(ls_column *c, int32_t id);

/* Attributes a reader records beside the type (ls_column_flags). */
typedef enum {
  /* TIME values are calendar dates: the start of each day. */
  LS_COL_DATE = 1u << 0,
  /* TIME values were written without a UTC offset. A reader stores them as
   * wall-clock times read as UTC; a workspace turns them into instants in its
   * time zone, and back again when the zone changes. */
  LS_COL_LOCAL = 1u << 1,
  /* DOUBLE values were written as percentages: "12%" is 0.12. */
  LS_COL_PERCENT = 1u << 2
} ls_col_flag;

/* The ls_col_flag bits of c (0 for a new column). */
unsigned ls_column_flags(const ls_column *c);
void ls_column_set_flags(ls_column *c, unsigned flags);
/* The currency the values were written in: an ISO 4217 code such as "USD",
 * "CNY" or "EUR" read from a symbol or a code in the cells; "" when none. At
 * most 7 bytes are kept; longer codes are cut. */
const char *ls_column_currency(const ls_column *c);
void ls_column_set_currency(ls_column *c, const char *code);

/* Value arrays (NULL for another type): int64 for INT64 and TIME. */
const int64_t *ls_column_i64(const ls_column *c);
/* The same array, writable, for code that rewrites values in place (a
 * workspace moving LS_COL_LOCAL times to another zone). */
int64_t *ls_column_i64_mut(ls_column *c);
const double *ls_column_f64(const ls_column *c);
const uint8_t *ls_column_bool(const ls_column *c);
const int32_t *ls_column_str_ids(const ls_column *c);
/* The dictionary of a STRING column (NULL otherwise). */
const ls_dict *ls_column_dict(const ls_column *c);
/* The string of row i of a STRING column, or NULL when null. */
const char *ls_column_str(const ls_column *c, size_t i, size_t *len);
/* Row i of a numeric column (INT64, DOUBLE, BOOL, TIME in ms) as a double;
 * NaN when null or when the column is a STRING. */
double ls_column_num(const ls_column *c, size_t i);

#endif

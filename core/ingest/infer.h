/* infer.h: columns of text cells, and the type each column holds.
 *
 * A reader (CSV, JSONL) collects each column's cells as text in an ls_cells
 * store, then asks ls_infer_column for the typed column. The store keeps every
 * cell valid UTF-8: an invalid sequence is replaced with U+FFFD, one per
 * maximal invalid subpart (as browsers' TextDecoder does). A cell of length 0
 * is null.
 *
 * Inference ignores null cells and trims ASCII spaces and tabs around a cell
 * for every type but string. A column is, in this order of preference:
 *   bool       every value is true or false, in any case;
 *   int        every value is an optional sign and digits without leading
 *              zeros ("0" itself is fine, "007" is not) that fits int64;
 *   float      every value is an int or a decimal such as -1.5, .5, 5., 1e-3,
 *              2.5E+10 (no leading zeros either; nan and inf are not numbers,
 *              nor is a value that overflows a double, nor one of over 255
 *              characters that needs strtod, which reads it in the C locale);
 *   timestamp  every value reads with ls_time_parse (base/timeutil.h);
 *   string     anything else, and a column without any value; strings keep
 *              their text untrimmed.
 * An integer too large for int64 is not a number (it is kept exactly, as a
 * string). An int or float column whose name suggests a time
 * (ls_infer_time_name) is a timestamp of epoch seconds when every value lies
 * in [1e9, 1e11) (fractions kept to the millisecond), of epoch milliseconds
 * when every value lies in [1e11, 1e14). */
#ifndef LS_INFER_H
#define LS_INFER_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "table/table.h"

/* ---- cells: one column of text as a reader collects it ---- */

/* A value type: zero it (or ls_cells_init) before use, ls_cells_free after.
 * Fields are read-only outside infer.c. */
typedef struct {
  char *bytes;          /* the text of every cell, back to back */
  size_t nbytes, cap;
  unsigned char *lens;  /* each cell's length in bytes, as a LEB128 varint */
  size_t nlens, lens_cap;
  size_t n;             /* complete cells */
  size_t start;         /* where the cell being built starts in bytes */
} ls_cells;

void ls_cells_init(ls_cells *c);
/* Frees the memory and leaves an empty store; safe to call twice. */
void ls_cells_free(ls_cells *c);
/* Forgets every cell but keeps the memory for reuse. */
void ls_cells_clear(ls_cells *c);
/* Append len bytes to the cell being built. LS_ENOMEM on failure (the cell
 * keeps what it had). */
ls_status ls_cells_append(ls_cells *c, const char *s, size_t len);
/* End the cell being built (possibly empty, i.e. null), repairing invalid
 * UTF-8 in it. LS_ENOMEM on failure (then the store must not be used further
 * except to free it). */
ls_status ls_cells_end(ls_cells *c);
/* Append a whole cell: ls_cells_append then ls_cells_end. */
ls_status ls_cells_push(ls_cells *c, const char *s, size_t len);

/* Walk the complete cells in order:
 *   ls_cells_cursor k; ls_cells_begin(c, &k);
 *   while (ls_cells_next(&k, &s, &len)) ... */
typedef struct {
  const ls_cells *cells;
  size_t at, lat, i; /* next byte, next length byte, next cell */
} ls_cells_cursor;

void ls_cells_begin(const ls_cells *c, ls_cells_cursor *k);
/* 1 and the next cell's text (not NUL-terminated) in *s, *len; 0 at the end. */
int ls_cells_next(ls_cells_cursor *k, const char **s, size_t *len);

/* ---- inference ---- */

/* The type of the column named name holding cells, by the rules above
 * (LS_TYPE_TIME also for epoch numbers). Never fails. */
ls_type ls_infer_type(const char *name, const ls_cells *cells);
/* A new column named name of the inferred type with one row per cell (null
 * for empty cells). On LS_OK the caller owns *out (ls_column_free, or give it
 * to ls_table_adopt); on LS_ENOMEM *out is NULL. cells is left untouched. */
ls_status ls_infer_column(const char *name, const ls_cells *cells, ls_column **out);
/* 1 when a column name suggests a time: its normalized form (lower-case ASCII
 * letters and digits, other ASCII dropped, bytes beyond ASCII kept) contains
 * "time" or "date" or is "ts", "created" or "updated"; or the name ends with
 * "_at" or " at" (any case) after something else, or with "At" after a
 * lower-case letter (createdAt). 0 otherwise, also for NULL. */
int ls_infer_time_name(const char *name);

#endif

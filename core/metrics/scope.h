/* scope.h: the rows of a dataset a metric reads (--where COLUMN=VALUE), and
 * the segments of a breakdown (--by COLUMN).
 *
 * A column is looked up by name (ASCII case ignored) in the dataset itself,
 * else in the workspace's customers dataset, joined on the customer id (the
 * dataset's customer or user column against the customers' customer or id
 * column; a row without a matching customer has no value). A cell's text is
 * the string as read, true/false for bools, the shortest decimal for numbers;
 * time columns cannot segment. A value matches a cell's text with ASCII case
 * ignored. Rows whose cell is null belong to no segment. */
#ifndef LS_SCOPE_H
#define LS_SCOPE_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"

/* Rows of dataset di that meet every condition of sc: *mask (ls_free) holds
 * one byte per row, 1 to keep; NULL when sc has no condition (every row).
 * LS_ENOTFOUND (no such column), LS_EINVAL (a time column) or LS_ENOMEM, with
 * the message on ws. */
ls_status ls_scope_mask(ls_workspace *ws, int di, const ls_scope *sc, uint8_t **mask);

/* The distinct texts of column over the rows of dataset di that sc keeps
 * (NULL: all; texts differing only in ASCII case are one, spelled as first
 * seen), sorted (byte order), at most max of them: *values
 * (ls_scope_values_free) and *n. LS_ERANGE when there are more than max (the
 * message says so), errors as above. */
ls_status ls_scope_values(ls_workspace *ws, int di, const char *column, const ls_scope *sc, size_t max,
                          char ***values, size_t *n);
void ls_scope_values_free(char **values, size_t n);

/* ls_scope_values, and the segment of each row of dataset di: *seg (ls_free)
 * holds per row the index of its text in *values (ASCII case ignored), -1 for
 * a null cell or a row sc drops. Errors as ls_scope_values. */
ls_status ls_scope_segment_rows(ls_workspace *ws, int di, const char *column, const ls_scope *sc, size_t max,
                                char ***values, size_t *n, int32_t **seg);

/* The text of row i of column c (as above) in buf (LS_NUMFMT_MAX bytes) or
 * c's dictionary, its length in *len; NULL for a null cell. */
const char *ls_scope_cell_text(const ls_column *c, size_t i, char *buf, size_t *len);

/* The join of dataset di's key column mine to the customers dataset's key
 * column theirs (each a string or int64 column; texts compared exactly):
 * (*via)[row] is the first customers row with the row's key, -1 for none.
 * Built once and kept in the workspace cache: valid until the next call that
 * may build a cached entry, never freed by the caller. LS_EINVAL when either
 * column is of another type or there is no customers dataset; LS_ENOMEM. */
ls_status ls_scope_join(ls_workspace *ws, int di, const ls_column *mine, const ls_column *theirs, const int32_t **via);

/* A text naming sc's conditions, for cache keys ("" when none). */
void ls_scope_key(const ls_scope *sc, char *buf, size_t n);

/* A cache key for what is derived from the rows sc keeps over periods p:
 * "WHAT|n|<hash of p's instants>|<ls_scope_key>", cut to n bytes. */
void ls_periods_key(const char *what, const ls_periods *p, const ls_scope *sc, char *buf, size_t n);

#endif

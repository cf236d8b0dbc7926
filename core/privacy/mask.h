/* mask.h: personal data replaced by stable tokens.
 *
 * A token is the kind's name, a colon and the first 12 hex digits (48 bits)
 * of SipHash-2-4 (privacy/siphash.h), keyed by the workspace salt, of the
 * cell's exact bytes (an integer cell: its decimal digits):
 * "email:3f9a0c12be47". One value gives one token in every dataset of the
 * workspace, so joins and GROUP BY on a masked column still match; without
 * the salt a token cannot be turned back into its value by trying likely
 * values. A cell that already is a token (a masked file loaded again) stays
 * as it is. Which columns are masked: privacy/pii.h. docs/privacy.md. */
#ifndef LS_MASK_H
#define LS_MASK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"
#include "privacy/pii.h"
#include "table/table.h"
#include "workspace/workspace.h"

#define LS_MASK_HEX 12
/* bytes a token needs, its NUL included ("email:" and 12 digits) */
#define LS_MASK_TOKEN_MAX 24

/* The token of s[0..len) (s may be NULL when len is 0) as a kind k column's
 * cell, keyed by key (16 bytes), into out; its length. k must not be
 * LS_PII_NONE (it reads as "pii"). */
size_t ls_mask_token(const uint8_t key[16], ls_pii k, const char *s, size_t len, char out[LS_MASK_TOKEN_MAX]);
/* 1 when s[0..len) is a token of some kind. */
int ls_mask_is_token(const char *s, size_t len);

/* The tokens of one column, for readers that hand cells out (the SQL virtual
 * tables). For a STRING column every dictionary entry's token is made once
 * (and ordered by token on demand: ls_mask_col_sort); an INT64 column's
 * tokens are made per cell. */
typedef struct ls_mask_col ls_mask_col;
/* NULL on out of memory or when c is neither STRING nor INT64. Free with
 * ls_mask_col_free (NULL is a no-op). c must outlive it. */
ls_mask_col *ls_mask_col_new(const ls_column *c, ls_pii k, const uint8_t key[16]);
void ls_mask_col_free(ls_mask_col *m);
/* The token of row i (NULL for a null cell, *len then 0): a STRING column's
 * from the table (valid while m lives), an INT64 column's written into buf. */
const char *ls_mask_col_cell(const ls_mask_col *m, size_t i, char buf[LS_MASK_TOKEN_MAX], size_t *len);
/* Order a STRING column's tokens (once; LS_OK at once for INT64 columns or
 * when done): needed by the three functions below. LS_ENOMEM. */
ls_status ls_mask_col_sort(ls_mask_col *m);
/* STRING columns: the dictionary id whose token is s[0..len), or -1 (also
 * before ls_mask_col_sort). */
int32_t ls_mask_col_find(const ls_mask_col *m, const char *s, size_t len);
/* STRING columns: the dictionary ids ordered by their tokens (bytewise):
 * how many (0 for an INT64 column or before ls_mask_col_sort), and the k-th
 * (k below that). */
size_t ls_mask_col_ids(const ls_mask_col *m);
int32_t ls_mask_col_id_at(const ls_mask_col *m, size_t k);

/* The kind of column col of dataset i of ws (ls_pii_column on its table and
 * detection); LS_PII_NONE when out of range. */
ls_pii ls_mask_kind(const ls_workspace *ws, size_t i, size_t col);
/* 1 when ws masks now (ls_workspace_reveal is 0). */
int ls_mask_on(const ls_workspace *ws);

/* The kind of the column named name (ASCII case ignored) of dataset i, or,
 * when i has none, of the customers dataset's (a filter's or a breakdown's
 * column, as metrics/scope.h finds it); LS_PII_NONE when none. */
ls_pii ls_mask_kind_named(const ls_workspace *ws, size_t i, const char *name);
/* When ws masks now and the column named name of dataset i holds personal
 * data: each of labels[0..n) (ls_malloc'd texts: a breakdown's segments, a
 * column's values) replaced by its token, in place. LS_ENOMEM leaves the
 * labels not yet replaced as they were. */
ls_status ls_mask_labels(const ls_workspace *ws, size_t i, const char *name, char **labels, size_t n);

/* Write dataset i of ws as CSV (table/csvout.h) with every personal-data
 * column's cells replaced by their tokens, whatever the reveal flag: the
 * form in which data leaves the page (share links). Column flags (dates,
 * percentages) are kept. LS_EINVAL for i out of range, LS_ENOMEM, LS_EIO. */
ls_status ls_mask_write_csv(const ls_workspace *ws, size_t i, FILE *f);

#endif

/* condexpr.h: conditions of entity rules, parsed once and evaluated per row.
 *
 * Grammar (docs/monitoring-entities.md):
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | primary
 *   primary := "(" expr ")" | chain
 *   chain   := operand (cmp operand)+        a < b <= c means a < b and b <= c
 *   cmp     := "<" | "<=" | ">" | ">=" | "=" | "==" | "!=" | "<>"
 *   operand := number | 'string' | name | "quoted name"
 * Names are letters, digits, '_' and '.', not starting with a digit;
 * "double quotes" name any other column. Keywords (and, or, not) are matched
 * without regard to case. A NULL or NaN operand makes its comparison false
 * (so `not (x < 1)` is true when x is NULL). Strings compare only by = and
 * != with strings; any other mix of a string and a number is a parse error
 * when both sides are literals, and false at evaluation otherwise. */
#ifndef LS_CONDEXPR_H
#define LS_CONDEXPR_H

#include <stddef.h>

#include "base/status.h"

typedef struct ls_condexpr ls_condexpr;

/* The value of a name for one row: a number (NaN: null), or a string when
 * *str is set non-NULL (then the number is ignored). Returns 0 when the
 * name is unknown. */
typedef int (*ls_condexpr_lookup)(void *ctx, const char *name, double *num, const char **str);

/* Parse text. On error (LS_EPARSE; LS_ENOMEM) *out is NULL, *err_offset the
 * byte offset in text where the problem is, and err (errlen bytes, may be
 * NULL when errlen is 0) holds "at column N: ..." (N = offset + 1). */
ls_status ls_condexpr_parse(const char *text, ls_condexpr **out, size_t *err_offset, char *err,
                            size_t errlen);
void ls_condexpr_free(ls_condexpr *e);

/* The names the expression reads, in order of first appearance. */
size_t ls_condexpr_names(const ls_condexpr *e);
const char *ls_condexpr_name(const ls_condexpr *e, size_t i);
/* The first name of the expression's first comparison (the column an entity
 * rule ranks by by default), and whether that comparison wants the name low
 * (-1: "score < 3.5" or "3.5 > score", worst = smallest), high (+1), or
 * neither (0: =, !=, or no name). NULL when the expression reads no name. */
const char *ls_condexpr_rank_hint(const ls_condexpr *e, int *direction);

/* Evaluate: 1 true, 0 false, -1 when lookup does not know a name (*missing
 * then names it). */
int ls_condexpr_eval(const ls_condexpr *e, ls_condexpr_lookup lookup, void *ctx,
                     const char **missing);

#endif

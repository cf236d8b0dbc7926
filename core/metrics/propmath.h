/* propmath.h: property math over an events dataset, and the rows by period
 * the technical metrics (techmetrics.c) share.
 *
 * Property math (metrics.h: count, sum, mean, min, max, p50, p90, p95, p99)
 * reads the numeric column the query's property names (ls_args.property,
 * checked by catalog/args.h) over the rows the scope keeps whose timestamp is
 * valid and falls in a period: per period, the finite values of the column
 * (nulls, NaN and infinities left out). Percentiles are exact, by linear
 * interpolation between order statistics as DuckDB's quantile_cont: the
 * values sorted x[0] <= … <= x[n-1], h = (n - 1) q, value x[⌊h⌋] + (h - ⌊h⌋)
 * (x[⌊h⌋+1] - x[⌊h⌋]). Each period's values are gathered by a counting sort on
 * the period and sorted once (a radix sort, or qsort for a short period). */
#ifndef LS_PROPMATH_H
#define LS_PROPMATH_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"

/* The rows of the events dataset by period: period[i] is the period of row
 * i (0 <= period < p->n) when sc keeps it and its timestamp is valid and in
 * p, else -1. */
typedef struct {
  int di;
  const ls_table *t;
  size_t rows;
  const int32_t *period; /* rows entries, held by the workspace cache */
  const int64_t *time; /* the timestamp column's values */
} ls_prows;

/* Fill *out (ls_prows_free). The periods of the rows are built once per
 * scope and periods and kept in the workspace cache: out->period is valid
 * until the next call that may build a cached entry. LS_ENODATA without an events dataset with a
 * timestamp column; scope errors; LS_ENOMEM; the message on ws. */
ls_status ls_prows_get(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, ls_prows *out);
void ls_prows_free(ls_prows *r);

/* The q-quantile (0 <= q <= 1) of x[0..n) sorted ascending, as above; NaN
 * when n is 0. */
double ls_quantile_cont(const double *x, size_t n, double q);

/* Sort x[0..n) ascending (finite values); scratch holds 2n keys. Integral
 * values in a range below 2^53 sort on their offset from the least (a radix
 * sort of as few bits as the range needs), others on their IEEE bits. */
void ls_sort_doubles(double *x, uint64_t *scratch, size_t n);

#endif

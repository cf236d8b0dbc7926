/* precomp_matrix.h: precomputed retention matrices and funnels read back
 * (precomp/precomp.h has the forms and the errors). */
#ifndef LS_PRECOMP_MATRIX_H
#define LS_PRECOMP_MATRIX_H

#include "metrics/funnel.h"
#include "metrics/retention.h"
#include "precomp/precomp.h"

/* A retention_matrix table (cohort,size,0,1,...: counts, empty where not
 * observable) in zone tz into *out (ls_retention_free): one segment, the
 * cohorts in their order (ascending, one period apart), the mean row
 * computed as retention.h says. Errors as precomp.h's readers. */
ls_status ls_precomp_retention_read(const ls_table *t, const ls_source *src, ls_tz tz, ls_retention **out,
                                    char *err, size_t errlen);

/* A funnel_steps table into *out (ls_funnel_free), one segment. When events
 * is not NULL, *events gets the steps' event names (nsteps strings, each and
 * the array ls_free'd). Steps must be numbered 1, 2, ... in order; users are
 * whole numbers; the rest numbers or empty. Errors as precomp.h's readers. */
ls_status ls_precomp_funnel_read(const ls_table *t, const ls_source *src, ls_funnel **out, char ***events,
                                 char *err, size_t errlen);

/* The loaded matrices in place of the kernels: when ws holds a dataset of
 * kind retention_matrix (funnel_steps) and no events dataset, *out is read
 * from it and 1 returned through *used; else *used is 0 and nothing is done.
 * The retention matrix must be of q->period (LS_EGRAIN otherwise), the
 * funnel of q's steps (ASCII case ignored; LS_ENOTFOUND otherwise). */
ls_status ls_precomp_retention(ls_workspace *ws, const ls_retention_query *q, ls_retention **out, int *used);
ls_status ls_precomp_funnel(ls_workspace *ws, const ls_funnel_query *q, ls_funnel **out, int *used);

#endif

/* userscope.h: the users of the events dataset, and a scope that keeps or
 * drops whole users (private to metrics/).
 *
 * The per-user indexes (actindex.h, evindex.h) number users densely by first
 * appearance in the whole dataset (ls_keymap with the anonymous id as the
 * fallback), whatever the scope. A scope whose conditions keep every row of a
 * user or none of them (a column of the customers joined on the user, such
 * as channel) selects users: its index is the unscoped index without the
 * dropped users, which is cut from it instead of built from the rows again. */
#ifndef LS_METRICS_USERSCOPE_H
#define LS_METRICS_USERSCOPE_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"

/* The dense user id of each row of events dataset di (-1: no user and no
 * anonymous id) and the number of users, built once and kept in the
 * workspace cache (valid until the next call that may build a cached entry;
 * never freed by the caller). LS_ENODATA without a user column; LS_ENOMEM. */
ls_status ls_user_ids(ls_workspace *ws, int di, const int32_t **uid, size_t *nusers);

/* When sc has conditions and keeps, of the rows of events dataset di, every
 * row of a user or none (and no row without a user), *kept (ls_free; one
 * byte per user, 1 kept) says which users it keeps; else *kept is NULL (the
 * index must be built from the rows). Scope errors and LS_ENOMEM with the
 * message on ws. */
ls_status ls_user_scope(ls_workspace *ws, int di, const ls_scope *sc, uint8_t **kept);

/* ls_user_scope, and when sc selects whole users, *out from cut(ws, kept,
 * out) (an index cut from the unscoped one) and *done 1; else *done 0. */
ls_status ls_user_scope_cut(ls_workspace *ws, int di, const ls_scope *sc,
                            ls_status (*cut)(ls_workspace *ws, const uint8_t *kept, void **out), void **out, int *done);

#endif

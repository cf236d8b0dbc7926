/* args.h: a query's event and property checked against a metric and a
 * workspace, and the scope its kernel reads (private to catalog/).
 *
 * The event becomes one more condition of the scope, on the dataset's event
 * column (so a breakdown's segments and every kernel see only that event's
 * rows). The property is looked up in the needed dataset by name (ASCII case
 * ignored) and must be a number column (INT64 or DOUBLE); a metric that needs
 * one and is given none reads the dataset's duration column. */
#ifndef LS_CATALOG_ARGS_H
#define LS_CATALOG_ARGS_H

#include "catalog/catalog.h"

/* The scope def's kernel reads for q over dataset di: q's conditions, the
 * event's; and *args (filled here). *where (ls_free)
 * holds the conditions sc points at. Refused with LS_EINVAL and a message on
 * ws: an event or property def does not take, a missing needed property, a
 * property that is not a number, an event name no row has (LS_ENOTFOUND, as
 * is a property column that does not exist), a dataset without an event
 * column when an event is given. */
ls_status ls_args_scope(ls_workspace *ws, const ls_metric_def *def, int di, const ls_query *q, ls_args *args,
                        ls_where **where, ls_scope *sc);

#endif

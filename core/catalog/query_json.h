/* query_json.h: a metric query read from its JSON spec, as the page, the
 * wasm exports and the assistant's get_metric tool give it:
 *   {"grain": "day"|"week"|"month"|…, "from": date, "to": date,
 *    "where": [{"column": text, "value": text}], "by": column,
 *    "event": name, "property": column, "top": 1..LS_BREAKDOWN_MAX}
 * every key optional (absent or null: none). Dates (YYYY-MM-DD or a full
 * time) are wall-clock times in the workspace zone. */
#ifndef LS_CATALOG_QUERY_JSON_H
#define LS_CATALOG_QUERY_JSON_H

#include "catalog/catalog.h"
#include "cJSON.h"

/* Fill *q (initialised by the caller, LS_QUERY_INIT) from j. Its texts point
 * into j, its conditions into *where, which the caller frees with ls_free
 * (also on failure). LS_EINVAL with the message on ws naming the key;
 * LS_ENOMEM. */
ls_status ls_query_from_json(ls_workspace *ws, const cJSON *j, ls_query *q, ls_where **where);

#endif

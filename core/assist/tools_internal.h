/* tools_internal.h: what the files of the assistant's tools share
 * (tools.c: the dispatch and the catalog tools; tools_metric.c: get_metric;
 * tools_defs.c: the definitions). */
#ifndef LS_ASSIST_TOOLS_INTERNAL_H
#define LS_ASSIST_TOOLS_INTERNAL_H

#include "assist/tools.h"
#include "catalog/catalog.h"

/* Segments get_metric keeps with by when args say no top. */
#define LS_TOOL_DEFAULT_TOP 10

/* LS_OK when every key of args is one of keys (NULL-terminated); LS_EINVAL
 * on ws naming tool and the key otherwise. */
ls_status ls_tool_known_keys(ls_workspace *ws, const char *tool, const cJSON *args, const char *const *keys);
/* The metric args' "name" names, or NULL with *st and the message on ws
 * (LS_EINVAL: not a name; LS_ENOTFOUND: no such metric). */
const ls_metric_def *ls_tool_metric_arg(ls_workspace *ws, const char *tool, const cJSON *args, ls_status *st);

/* get_metric (tools.h); args is an object. */
ls_status ls_tool_get_metric(ls_workspace *ws, const cJSON *args, cJSON **out);

#endif

/* jsonlist.h: a comma-separated list of names as a JSON array of strings. */
#ifndef LS_JSONLIST_H
#define LS_JSONLIST_H

#include "cJSON.h"

/* Add to object o, under key, an array holding each name of list ("a,b,c";
 * NULL or "" gives []; a name is cut at 63 bytes). Returns the array, NULL on
 * out of memory. */
cJSON *ls_json_add_list(cJSON *o, const char *key, const char *list);

#endif

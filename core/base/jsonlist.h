/* jsonlist.h: JSON values the engine's results share: a comma-separated
 * list of names as an array of strings, and a number that may be undefined. */
#ifndef LS_JSONLIST_H
#define LS_JSONLIST_H

#include "cJSON.h"

/* Add to object o, under key, an array holding each name of list ("a,b,c";
 * NULL or "" gives []; a name is cut at 63 bytes). Returns the array, NULL on
 * out of memory. */
cJSON *ls_json_add_list(cJSON *o, const char *key, const char *list);
/* Add to object o, under key, the number v, or null when v is NaN or
 * infinite (JSON has neither). Returns the item, NULL on out of memory. */
cJSON *ls_json_add_number(cJSON *o, const char *key, double v);

#endif

/* json_get.h: reading fields of a cJSON object in the C tests. */
#ifndef LS_JSON_GET_H
#define LS_JSON_GET_H

#include <math.h>

#include "cJSON.h"

/* o's number field k, NaN when absent or not a number */
static inline double num(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* o's string field k, NULL when absent or not a string */
static inline const char *str(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

#endif

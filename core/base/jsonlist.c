/* jsonlist.c: names in a list as a JSON array, numbers or null (base/jsonlist.h). */
#include "base/jsonlist.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

cJSON *ls_json_add_list(cJSON *o, const char *key, const char *list) {
  cJSON *arr = cJSON_AddArrayToObject(o, key);
  for (const char *p = list; arr && p && *p;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    char one[64];
    snprintf(one, sizeof one, "%.*s", (int)len, p);
    cJSON_AddItemToArray(arr, cJSON_CreateString(one));
    p = comma ? comma + 1 : p + len;
  }
  return arr;
}

cJSON *ls_json_add_number(cJSON *o, const char *key, double v) {
  return isfinite(v) ? cJSON_AddNumberToObject(o, key, v) : cJSON_AddNullToObject(o, key);
}

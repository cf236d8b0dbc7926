/* whmap.c: the warehouse mapping file (warehouse/whmap.h). */
#include "warehouse/whmap.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/tz.h"
#include "cJSON.h"
#include "precomp/precomp.h"
#include "table/table.h"

static const char *const TYPES[] = {"int", "float", "bool", "string", "timestamp", "date"};

/* ---- private ---- */

static int fail(char *err, size_t errlen, const char *what, const char *name) {
  if (errlen) snprintf(err, errlen, "mapping: %s%s%s%s", what, name ? " \"" : "", name ? name : "", name ? "\"" : "");
  return 0;
}

/* copy a name: 1, or 0 when it is not a non-empty string that fits */
static int take_name(const cJSON *j, char *dst, char *err, size_t errlen, const char *what) {
  const char *s = cJSON_GetStringValue(j);
  if (!s || !*s) return fail(err, errlen, what, " must be a non-empty string");
  if (strlen(s) >= LS_WH_NAME_MAX) return fail(err, errlen, what, " is too long");
  memcpy(dst, s, strlen(s) + 1);
  return 1;
}

static int known_type(const char *s) {
  for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++)
    if (strcmp(s, TYPES[i]) == 0) return 1;
  return 0;
}

static int parse_schema(const cJSON *arr, ls_wh_table *t, char *err, size_t errlen) {
  if (!cJSON_IsArray(arr)) return fail(err, errlen, "\"schema\" must be a list", NULL);
  size_t n = (size_t)cJSON_GetArraySize(arr);
  t->schema = n ? ls_calloc(n, sizeof *t->schema) : NULL;
  if (n && !t->schema) return fail(err, errlen, "out of memory", NULL);
  const cJSON *c;
  cJSON_ArrayForEach(c, arr) {
    ls_wh_column *col = &t->schema[t->nschema];
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "type"));
    if (!take_name(cJSON_GetObjectItemCaseSensitive(c, "name"), col->name, err, errlen, "a schema column's name"))
      return 0;
    if (!type || !known_type(type)) return fail(err, errlen, "unknown column type for", col->name);
    snprintf(col->type, sizeof col->type, "%s", type);
    t->nschema++;
  }
  return 1;
}

static int parse_table(const cJSON *j, ls_kind k, ls_wh_table *t, char *err, size_t errlen) {
  if (!cJSON_IsObject(j)) return fail(err, errlen, "each table must be an object:", ls_kind_name(k));
  t->present = 1;
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(j, "table");
  if (name) {
    if (!take_name(name, t->table, err, errlen, "\"table\"")) return 0;
  } else {
    snprintf(t->table, sizeof t->table, "%s", ls_kind_name(k));
  }
  t->minor_units = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "minor_units"));
  const cJSON *cols = cJSON_GetObjectItemCaseSensitive(j, "columns");
  if (cols && !cJSON_IsObject(cols)) return fail(err, errlen, "\"columns\" must be an object in", ls_kind_name(k));
  if (!cols) {
    uint64_t req = ls_detect_required(k);
    for (int r = 0; r < LS_ROLE_COUNT; r++)
      if (req >> r & 1) snprintf(t->col[r], LS_WH_NAME_MAX, "%s", ls_role_name((ls_role)r));
  }
  const cJSON *c;
  cJSON_ArrayForEach(c, cols) {
    int r = ls_role_from_name(c->string);
    if (r < 0) return fail(err, errlen, "unknown role", c->string);
    if (!take_name(c, t->col[r], err, errlen, "a column name")) return 0;
  }
  const cJSON *schema = cJSON_GetObjectItemCaseSensitive(j, "schema");
  return !schema || parse_schema(schema, t, err, errlen);
}

/* ---- API ---- */

void ls_wh_mapping_free(ls_wh_mapping *m) {
  if (!m) return;
  for (int k = 0; k < LS_KIND_COUNT; k++) {
    ls_free(m->t[k].schema);
    m->t[k].schema = NULL;
    m->t[k].nschema = 0;
  }
}

ls_status ls_wh_mapping_parse(const char *text, size_t len, ls_wh_mapping *m, char *err, size_t errlen) {
  memset(m, 0, sizeof *m);
  cJSON *j = cJSON_ParseWithLength(text, len);
  int ok = 1;
  if (!j || !cJSON_IsObject(j)) ok = fail(err, errlen, "not a JSON object", NULL);
  const cJSON *tz = ok ? cJSON_GetObjectItemCaseSensitive(j, "tz") : NULL;
  if (ok && tz) {
    ls_tz z;
    const char *s = cJSON_GetStringValue(tz);
    if (!s || !ls_tz_parse(s, &z)) ok = fail(err, errlen, "unknown time zone", s);
    else snprintf(m->tz, sizeof m->tz, "%s", s);
  }
  const cJSON *tables = ok ? cJSON_GetObjectItemCaseSensitive(j, "tables") : NULL;
  if (ok && !cJSON_IsObject(tables)) ok = fail(err, errlen, "\"tables\" must be an object", NULL);
  const cJSON *t;
  if (ok) cJSON_ArrayForEach(t, tables) {
      int k = ls_kind_from_name(t->string);
      if (k <= LS_KIND_UNKNOWN) {
        ok = fail(err, errlen, "unknown dataset kind", t->string);
        break;
      }
      if (m->t[k].present) {
        ok = fail(err, errlen, "a dataset kind listed twice:", t->string);
        break;
      }
      if (!(ok = parse_table(t, (ls_kind)k, &m->t[k], err, errlen))) break;
    }
  cJSON_Delete(j);
  if (!ok) ls_wh_mapping_free(m);
  return ok ? LS_OK : LS_EINVAL;
}

void ls_wh_mapping_defaults(ls_wh_mapping *m, unsigned mask) {
  for (int k = 1; k < LS_KIND_COUNT; k++) {
    if (!(mask >> k & 1) || m->t[k].present) continue;
    ls_wh_table *t = &m->t[k];
    t->present = 1;
    snprintf(t->table, sizeof t->table, "%s", ls_kind_name((ls_kind)k));
    uint64_t req = ls_detect_required((ls_kind)k);
    for (int r = 0; r < LS_ROLE_COUNT; r++)
      if (req >> r & 1) snprintf(t->col[r], LS_WH_NAME_MAX, "%s", ls_role_name((ls_role)r));
  }
}

ls_status ls_wh_mapping_from_workspace(const ls_workspace *ws, ls_wh_mapping *m) {
  memset(m, 0, sizeof *m);
  char tz[64];
  snprintf(m->tz, sizeof m->tz, "%s", ls_tz_name(ls_workspace_tz(ws), tz));
  for (int k = 1; k < LS_KIND_COUNT; k++) {
    int i = ls_workspace_find(ws, (ls_kind)k);
    if (i < 0 || ls_precomp_is_kind((ls_kind)k)) continue; /* results, not warehouse tables */
    const ls_table *tab = ls_workspace_table(ws, (size_t)i);
    const ls_detection *d = ls_workspace_detection(ws, (size_t)i);
    ls_wh_table *t = &m->t[k];
    t->present = 1;
    snprintf(t->table, sizeof t->table, "%s", ls_kind_name((ls_kind)k));
    t->minor_units = (d->flags & LS_DETECT_MINOR_UNITS) != 0;
    for (int r = 0; r < LS_ROLE_COUNT; r++)
      if (d->col[r] >= 0)
        snprintf(t->col[r], LS_WH_NAME_MAX, "%s", ls_column_name(ls_table_col(tab, (size_t)d->col[r])));
    size_t n = ls_table_ncols(tab);
    t->schema = n ? ls_calloc(n, sizeof *t->schema) : NULL;
    if (n && !t->schema) {
      ls_wh_mapping_free(m);
      return LS_ENOMEM;
    }
    for (size_t c = 0; c < n; c++) {
      const ls_column *col = ls_table_col(tab, c);
      snprintf(t->schema[c].name, LS_WH_NAME_MAX, "%s", ls_column_name(col));
      snprintf(t->schema[c].type, sizeof t->schema[c].type, "%s", ls_type_name(ls_column_type(col)));
    }
    t->nschema = n;
  }
  return LS_OK;
}

ls_status ls_wh_mapping_write(const ls_wh_mapping *m, char **out) {
  cJSON *j = cJSON_CreateObject(), *tables = NULL;
  int ok = j && cJSON_AddNumberToObject(j, "lodestar_mapping", 1) &&
           cJSON_AddStringToObject(j, "tz", m->tz[0] ? m->tz : "UTC") &&
           (tables = cJSON_AddObjectToObject(j, "tables"));
  for (int k = 1; ok && k < LS_KIND_COUNT; k++) {
    const ls_wh_table *t = &m->t[k];
    if (!t->present) continue;
    cJSON *o = cJSON_AddObjectToObject(tables, ls_kind_name((ls_kind)k)), *cols = NULL, *sch = NULL;
    ok = o && cJSON_AddStringToObject(o, "table", t->table) && cJSON_AddBoolToObject(o, "minor_units", t->minor_units) &&
         (cols = cJSON_AddObjectToObject(o, "columns"));
    for (int r = 0; ok && r < LS_ROLE_COUNT; r++)
      if (t->col[r][0]) ok = cJSON_AddStringToObject(cols, ls_role_name((ls_role)r), t->col[r]) != NULL;
    if (ok && t->nschema) ok = (sch = cJSON_AddArrayToObject(o, "schema")) != NULL;
    for (size_t c = 0; ok && c < t->nschema; c++) {
      cJSON *e = cJSON_CreateObject();
      ok = e && cJSON_AddItemToArray(sch, e) && cJSON_AddStringToObject(e, "name", t->schema[c].name) &&
           cJSON_AddStringToObject(e, "type", t->schema[c].type);
    }
  }
  char *s = ok ? cJSON_Print(j) : NULL;
  cJSON_Delete(j);
  if (!s) return LS_ENOMEM;
  size_t n = strlen(s);
  *out = ls_malloc(n + 2);
  if (*out) {
    memcpy(*out, s, n);
    memcpy(*out + n, "\n", 2);
  }
  cJSON_free(s);
  return *out ? LS_OK : LS_ENOMEM;
}

ls_status ls_wh_mapping_json(const ls_workspace *ws, char **out) {
  ls_wh_mapping *m = ls_calloc(1, sizeof *m);
  if (!m) return LS_ENOMEM;
  ls_status st = ls_wh_mapping_from_workspace(ws, m);
  if (st == LS_OK) st = ls_wh_mapping_write(m, out);
  ls_wh_mapping_free(m);
  ls_free(m);
  return st;
}

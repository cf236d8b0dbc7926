/* whmap.h: the warehouse mapping file — which table holds each dataset kind
 * and which column holds each role, so the exported SQL (warehouse/whexport.h)
 * reads a team's own tables.
 *
 *   {"lodestar_mapping": 1, "tz": "UTC",
 *    "tables": {"events": {"table": "events", "minor_units": false,
 *                          "columns": {"user_id": "distinct_id", ...},
 *                          "schema": [{"name": "distinct_id", "type": "string"}, ...]}}}
 *
 * Keys of "tables" are kind names and keys of "columns" role names
 * (detect/detect.h). A table without "table" is named by its kind; a table
 * without "columns" has, for each role its kind requires, a column named as
 * the role. "schema" lists every column with its Lodestar type (int, float,
 * bool, string, timestamp, date); it is only read by the DDL. docs/warehouse.md
 * documents the file. */
#ifndef LS_WHMAP_H
#define LS_WHMAP_H

#include <stddef.h>

#include "base/status.h"
#include "base/textbuf.h"
#include "detect/detect.h"
#include "workspace/workspace.h"

#define LS_WH_NAME_MAX 128

typedef struct {
  char name[LS_WH_NAME_MAX];
  char type[16];
} ls_wh_column;

typedef struct {
  int present;
  char table[LS_WH_NAME_MAX];
  char col[LS_ROLE_COUNT][LS_WH_NAME_MAX]; /* "" when the role has no column */
  int minor_units; /* money columns hold cents (ChartMogul, Baremetrics templates) */
  size_t nschema;
  ls_wh_column *schema; /* nschema columns, ls_free'd by ls_wh_mapping_free */
} ls_wh_table;

typedef struct {
  ls_wh_table t[LS_KIND_COUNT];
  char tz[64]; /* "" : UTC */
} ls_wh_mapping;

/* Parse a mapping file's text into *m (zeroed first). LS_EINVAL with the
 * reason in err: not JSON, an unknown kind or role, a name too long or
 * empty, a type not in the list. */
ls_status ls_wh_mapping_parse(const char *text, size_t len, ls_wh_mapping *m, char *err, size_t errlen);
/* The mapping of the workspace's datasets: the first dataset of each kind,
 * its table named by the kind, its roles' columns, its schema and the
 * workspace zone. LS_ENOMEM. */
ls_status ls_wh_mapping_from_workspace(const ls_workspace *ws, ls_wh_mapping *m);
/* Tables of the kinds in mask (1 << kind) that m has not: present, named by
 * the kind, each required role in a column of its name. */
void ls_wh_mapping_defaults(ls_wh_mapping *m, unsigned mask);
/* m as the JSON text of the file (pretty printed), into *out (ls_free).
 * LS_ENOMEM. */
ls_status ls_wh_mapping_write(const ls_wh_mapping *m, char **out);
/* The workspace's mapping as JSON text (the page's "export mapping"). */
ls_status ls_wh_mapping_json(const ls_workspace *ws, char **out);
void ls_wh_mapping_free(ls_wh_mapping *m);

#endif

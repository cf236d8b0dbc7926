/* whexport.h: the metric catalog as SQL for a warehouse (ClickHouse,
 * PostgreSQL, DuckDB), over the tables of a mapping file (warehouse/whmap.h).
 *
 * Each query gives the columns `lodestar metric NAME --format csv` prints —
 * period (as the CLI names it) and value (NULL where the CLI prints empty) —
 * over the same complete periods: from the period holding the first instant
 * the metric's dataset records as having happened to the last one ending by
 * the as-of instant, the start of the day after the latest such instant of
 * every mapped table. Analyses (retention, funnel, lifecycle) give the
 * columns of their CLI command. A query starts with one comment line per
 * table it reads: `-- table events: user_id distinct_id, event event, ...`
 * (the table's name, then each role it reads and the column holding it).
 * docs/warehouse.md documents the queries and the dialects. */
#ifndef LS_WHEXPORT_H
#define LS_WHEXPORT_H

#include <stddef.h>

#include "base/status.h"
#include "base/timeutil.h"
#include "warehouse/dialect.h"
#include "warehouse/whmap.h"

typedef struct {
  const char *metric;   /* a catalog metric, or NULL for an analysis */
  const char *analysis; /* "retention", "funnel", "lifecycle" (with metric NULL) */
  ls_grain grain;       /* 0: the metric's default */
  const char *event;    /* only events of this name (metrics taking an event) */
  const char *property; /* the numeric column of property math */
  int argc;             /* an analysis's options, as its CLI command takes them */
  char **argv;
} ls_wh_request;

/* The query for r into *sql (ls_free). m must hold the tables the query
 * reads (ls_wh_mapping_defaults fills the missing ones by their kinds'
 * names). LS_ENOTFOUND: no such metric or analysis, or none that exports;
 * LS_EINVAL: a bad option, a grain the metric lacks, a role the query needs
 * that the mapping has no column for; the reason in err. */
ls_status ls_wh_export(const ls_wh_mapping *m, ls_wh_dialect d, const ls_wh_request *r, char **sql, char *err,
                       size_t errlen);
/* The kinds (1 << kind) r's query reads besides the other mapped tables of
 * the as-of instant; 0 when r names nothing that exports. */
unsigned ls_wh_kinds(const ls_wh_request *r);
/* The exportable metrics, in catalog order, then the analyses. */
size_t ls_wh_count(void);
const char *ls_wh_name_at(size_t i);
/* One CREATE TABLE per mapped table with a schema into *out (ls_free).
 * LS_EINVAL when a table has no schema (the reason in err). */
ls_status ls_wh_ddl(const ls_wh_mapping *m, ls_wh_dialect d, char **out, char *err, size_t errlen);

#endif

/* detect_cols.h: what both detection tests share: tables of named, typed
 * columns (no rows), the column detection gives each role, and the GA4
 * export's columns. */
#ifndef LS_DETECT_COLS_H
#define LS_DETECT_COLS_H

#include <stddef.h>

#include "detect/detect.h"
#include "table/table.h"

#define S LS_TYPE_STRING
#define I LS_TYPE_INT64
#define D LS_TYPE_DOUBLE
#define TM LS_TYPE_TIME
#define B LS_TYPE_BOOL

typedef struct {
  const char *name;
  ls_type type;
} col;

/* a table with these columns and no rows */
static inline ls_table *table_of(const col *c, size_t n) {
  ls_table *t = ls_table_new("t.csv");
  for (size_t i = 0; i < n; i++) ls_table_add(t, c[i].name, c[i].type);
  return t;
}

static inline void detect_cols(const col *c, size_t n, ls_detection *d) {
  ls_table *t = table_of(c, n);
  ls_detect(t, d);
  ls_table_free(t);
}

#define DETECT(cols, d) detect_cols(cols, sizeof cols / sizeof cols[0], d)

/* the name of the column holding role r, "-" when none */
static inline const char *at(const col *c, const ls_detection *d, ls_role r) {
  return d->col[r] >= 0 ? c[d->col[r]].name : "-";
}

/* The columns of a GA4 BigQuery events export, flattened. */
static const col GA4[] = {{"event_date", S}, {"event_timestamp", TM}, {"event_name", S},
                          {"event_params", S}, {"event_previous_timestamp", I},
                          {"event_value_in_usd", D}, {"event_bundle_sequence_id", I},
                          {"event_server_timestamp_offset", I}, {"user_id", S},
                          {"user_pseudo_id", S}, {"user_properties", S},
                          {"user_first_touch_timestamp", I}, {"user_ltv.revenue", D},
                          {"user_ltv.currency", S}, {"device.category", S},
                          {"device.operating_system", S}, {"geo.country", S}, {"geo.region", S},
                          {"geo.city", S}, {"traffic_source.name", S}, {"traffic_source.medium", S},
                          {"traffic_source.source", S}, {"stream_id", I}, {"platform", S},
                          {"items", S}};

#endif

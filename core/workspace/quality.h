/* quality.h: the data-quality summary of one dataset.
 *
 * Nothing is dropped silently: the summary counts what the reader skipped or
 * repaired (from its ls_source) and what a scan of the loaded columns finds
 * suspicious, each with the first few line numbers:
 *   nulls per column (count and rate), cells that did not fit the column's
 *   type (ls_column_source), duplicate ids (rows whose id, order id or event
 *   uuid appeared on an earlier row), the time span of the dataset's main time
 *   column and the newest time's lag behind now, future times (more than a day
 *   after now in a column recording something that happened), and negative
 *   amounts. Lines come from the source's row map; without a source (generated
 *   data) examples are 1-based data rows instead. */
#ifndef LS_QUALITY_H
#define LS_QUALITY_H

#include <stdint.h>

#include "cJSON.h"
#include "detect/detect.h"
#include "ingest/source.h"
#include "table/table.h"

/* Add "quality" to d, a dataset's JSON object, and "nulls", "null_rate" and
 * any "unparseable" to each object of d's "columns" array (by index). now is
 * the current instant (ms) that lag and future times are measured against.
 * Out of memory leaves parts out. */
void ls_quality_json(cJSON *d, const ls_table *t, const ls_detection *det, const ls_source *src,
                     int64_t now);

#endif

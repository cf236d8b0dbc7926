/* keymap.h: dense ids for the values of a key column (string or int).
 *
 * Metrics group rows by an entity (customer, user). ls_keymap_build gives
 * each distinct non-null value of a STRING or INT64 column a dense id
 * 0..count-1 in order of first appearance, and each row its id (-1 for null). */
#ifndef LS_KEYMAP_H
#define LS_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "table/table.h"

/* *ids_out: an array of ls_column_len(c) ids, freed by the caller with
 * ls_free; *count_out: the number of distinct keys. LS_EINVAL for a column
 * of another type, LS_ENOMEM on out of memory (then *ids_out is NULL). */
ls_status ls_keymap_build(const ls_column *c, int32_t **ids_out, size_t *count_out);
/* ls_keymap_build of c, where a row whose c is null takes its key from the
 * same row of fallback instead (NULL: none), in a key space of its own: the
 * fallback's keys are numbered after c's (count c's keys + the fallback keys
 * of the rows that use one), so a fallback value equal to a value of c is
 * still another key. Segment's anonymousId and Amplitude's device_id for
 * events without a user id. A fallback of another length or type
 * than a key column's is not read; LS_EINVAL for c as above. */
ls_status ls_keymap_build_fallback(const ls_column *c, const ls_column *fallback, int32_t **ids_out,
                                   size_t *count_out);

#endif

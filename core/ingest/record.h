/* record.h: one parsed record as text, for callers that want rows before
 * typing (the CLI's `cat`, previews).
 *
 * A reader with a record callback calls it once per data record, in order,
 * with the record's field names and cell texts exactly as parsed (quotes
 * removed, escapes resolved, UTF-8 repaired; a null cell has len 0). Pointers
 * are valid only during the call. A callback returning anything but LS_OK
 * stops the reader with that status. */
#ifndef LS_RECORD_H
#define LS_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct {
  const char *s;
  size_t len;
} ls_field;

/* line: the physical line (1-based) the record starts on. names and values
 * both have n entries. */
typedef ls_status (*ls_record_fn)(void *ctx, uint64_t line, const ls_field *names,
                                  const ls_field *values, size_t n);

#endif

/* csvout.h: write a table as RFC 4180 CSV that reads back to the same table.
 *
 * Header row of column names; LF line ends; fields quoted when they hold a
 * comma, quote, CR, LF or leading/trailing space, quotes doubled; nulls empty.
 * Numbers in plain decimal (base/numfmt.h); bools as true/false. A timestamp
 * column is written in the shortest form that holds all its values exactly:
 * "YYYY-MM-DD" when every value is a UTC midnight, "YYYY-MM-DD HH:MM" when
 * every value is a whole minute, ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" (with ".mmm"
 * when needed) otherwise. */
#ifndef LS_CSVOUT_H
#define LS_CSVOUT_H

#include <stdio.h>

#include "base/status.h"
#include "table/table.h"

/* LS_EIO when a write fails, LS_EINVAL for a NULL argument or columns of
 * different lengths, LS_ENOMEM when the write buffer cannot be had. */
ls_status ls_csv_write(const ls_table *t, FILE *f);

#endif

/* wsfile.h: the workspace file (.lodestar.sqlite): a whole workspace as one
 * SQLite database.
 *
 * The file holds every dataset as a plain table (INTEGER, REAL and TEXT
 * columns with NULLs, named after the dataset: `select * from events` reads
 * it), and beside them what the engine knows about each: its detection
 * (kind, roles, format, flags, reason), column flags and currencies, how it
 * was read (its source), plus the time zone, the metric settings and the
 * page's state (a JSON text the engine stores without reading it).
 * docs/workspace-file.md documents every table and column.
 *
 * Versions: LS_WSFILE_MAJOR.LS_WSFILE_MINOR. A reader reads every file of its
 * major version (ignoring what a newer minor version added) and refuses a
 * newer major version ("made by a newer Lodestar").
 *
 * Restoring is exact: values bit for bit (int64, doubles, times in ms, bools,
 * strings, the empty string apart from null, each string column's dictionary
 * order), the detection as saved (a manual mapping stays manual), the zone and
 * the settings. The values of LS_COL_LOCAL time columns are stored as the
 * wall-clock times they show in the saved zone and read back in it, so a later
 * zone change moves them as it would have before saving. */
#ifndef LS_WSFILE_H
#define LS_WSFILE_H

#include <stddef.h>

#include "base/status.h"
#include "workspace/workspace.h"

#define LS_WSFILE_MAJOR 1
#define LS_WSFILE_MINOR 0
/* the value of the key "format" in lodestar_workspace */
#define LS_WSFILE_FORMAT "lodestar-workspace"

/* Write ws (every dataset, the zone, the settings) and page (a JSON text
 * stored as it is; NULL for none) as a workspace file: *bytes (free with
 * ls_wsfile_free) of *n bytes. ws is only read. LS_ENOMEM (or LS_EIO with
 * SQLite's message) on ws on failure, *bytes NULL then. */
ls_status ls_wsfile_write(ls_workspace *ws, const char *page, unsigned char **bytes, size_t *n);
void ls_wsfile_free(unsigned char *bytes);

/* 1 when bytes[0..n) is a SQLite database holding a table named
 * lodestar_workspace (a workspace file, valid or not); 0 otherwise. */
int ls_wsfile_is(const void *bytes, size_t n);

/* Replace the datasets, zone and settings of ws with those of the workspace
 * file bytes[0..n) named name (for messages). On success ws holds the file's
 * workspace (its clock, ls_workspace_now, is kept) and its version and page
 * are handed over by ls_workspace_take_restored. On failure nothing changes
 * and the message on ws names the file: LS_EPARSE for a file that is not a
 * workspace file or is malformed (a missing table or column, a value of the
 * wrong type, a count that does not match), LS_EINVAL for a newer major
 * version or a setting or zone this Lodestar does not take, LS_ENOMEM. */
ls_status ls_wsfile_load(ls_workspace *ws, const char *name, const void *bytes, size_t n);

#endif

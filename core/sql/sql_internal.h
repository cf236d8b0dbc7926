/* sql_internal.h: what sql.c shares with the virtual-table module (sqlvtab.c). */
#ifndef LS_SQL_INTERNAL_H
#define LS_SQL_INTERNAL_H

#include "sqlite3.h"
#include "workspace/workspace.h"

/* The module's name in CREATE VIRTUAL TABLE … USING. */
#define LS_SQLVT_MODULE "lodestar"

/* Register the module on db over ws's datasets (its argument: a dataset
 * index). The module reads the columns in place while the connection is
 * open; ws must outlive it and not change. An SQLite result code. */
int ls_sqlvt_register(sqlite3 *db, const ls_workspace *ws);

#endif

/* sqlcmd.h: read-only SQL over the loaded files (sql/sql.h).
 *
 *   sql --query "SELECT …" | --query-file FILE [--max-rows N]
 *       [--max-steps N] [--format text|json|csv] [LOAD OPTIONS] FILE...
 *       text: the columns aligned, then "(N rows)" ("N rows shown, more
 *       cut" when truncated); csv: a header and the rows (nulls empty);
 *       json: ls_sql_run's result on one line.
 * Returns the exit status: 0, 1 on a query or data error (the message
 * starting "SQL: "), 2 on a usage error. */
#ifndef LS_CLI_SQLCMD_H
#define LS_CLI_SQLCMD_H

int cli_sql(int argc, char **argv);

#endif

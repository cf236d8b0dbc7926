/* sqlexportcmd.h: the warehouse commands (warehouse/whexport.h, whmap.h).
 *
 *   mapping [LOAD OPTIONS] FILE...
 *       the mapping file (JSON) of the loaded datasets: which table holds each
 *       kind and which column each role
 *   sql-export --dialect clickhouse|postgres|duckdb [--mapping FILE]
 *              [--metric NAME]... [--analysis NAME [ITS OPTIONS]]
 *              [--grain day|week|month] [--event NAME] [--property COLUMN]
 *              [--tz ZONE] [--out DIR] [--list] [--ddl]
 *       the catalog's metrics as SQL for that engine over the mapping's
 *       tables; every exportable metric without --metric; --out DIR writes
 *       DIR/NAME.sql each; --ddl: CREATE TABLE statements of the mapping;
 *       --list: the exportable names
 * Each returns the exit status: 0, 1 on an error, 2 on a usage error. */
#ifndef LS_CLI_SQLEXPORTCMD_H
#define LS_CLI_SQLEXPORTCMD_H

int cli_mapping(int argc, char **argv);
int cli_sql_export(int argc, char **argv);

#endif

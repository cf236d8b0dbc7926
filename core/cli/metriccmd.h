/* metriccmd.h: the commands that ask the metric catalog.
 *
 *   metric NAME [QUERY OPTIONS] [LOAD OPTIONS] FILE...
 *       period,value (or period,<column>,value broken down) for every
 *       complete period of the data, as CSV or JSON
 *   cohorts --metric revenue [QUERY OPTIONS] [LOAD OPTIONS] FILE...
 *       the revenue retention matrix, one row per cohort
 *   settings
 *       the metric settings with their defaults and choices
 *
 * QUERY OPTIONS: --grain day|week|month, --from DATE, --to DATE (in the
 * workspace zone), --by COLUMN, --where COLUMN=VALUE (repeatable), --set
 * KEY=VALUE (repeatable; workspace/settings.h), --format csv|json.
 * Each returns the exit status: 0, 1 on a data error, 2 on a usage error. */
#ifndef LS_CLI_METRICCMD_H
#define LS_CLI_METRICCMD_H

int cli_metric(int argc, char **argv);
int cli_cohorts(int argc, char **argv);
int cli_settings(int argc, char **argv);

#endif

/* experimentcmd.h: the experiment command (metrics/experiment.h).
 *
 *   experiment --variant COLUMN (--goal EVENT | --metric COLUMN [--goal EVENT])
 *              [--control VARIANT] [--exposure EVENT] [--no-cuped]
 *              [--weight VARIANT=SHARE]... [--min-exposures N] [--min-conversions N]
 *              [--where COLUMN=VALUE]... [--from DATE] [--to DATE] [--spec JSON]
 *              [LOAD OPTIONS] FILE...
 *
 * Prints the result as one line of JSON, as the worker's experiment op gives
 * it (docs/experiments.md). --spec gives the whole spec as JSON; the other
 * options set its keys over it. --from / --to are days in the workspace
 * zone, both included. Returns the exit status: 0, 1 on a data error, 2 on a
 * usage error (a malformed spec included). */
#ifndef LS_CLI_EXPERIMENTCMD_H
#define LS_CLI_EXPERIMENTCMD_H

int cli_experiment(int argc, char **argv);

#endif

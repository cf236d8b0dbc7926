/* lifecyclecmd.h: the user lifecycle commands over an events dataset.
 *
 *   lifecycle --period day|week|month [OPTIONS] [LOAD OPTIONS] FILE...
 *       period,new,returning,resurrecting,dormant: PostHog's lifecycle of
 *       each complete period (dormant printed as a positive count)
 *   activedays --period week|month [OPTIONS] [LOAD OPTIONS] FILE...
 *       period,days,users: users active on exactly `days` distinct days of
 *       each complete period, one row for each day count 1..the period's days
 *
 * OPTIONS: --from DATE, --to DATE (in the workspace zone), --where
 * COLUMN=VALUE (repeatable; metrics/scope.h). --period defaults to week.
 * Each returns the exit status: 0, 1 on a data error, 2 on a usage error. */
#ifndef LS_CLI_LIFECYCLECMD_H
#define LS_CLI_LIFECYCLECMD_H

int cli_lifecycle(int argc, char **argv);
int cli_activedays(int argc, char **argv);

#endif

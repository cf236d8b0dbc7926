/* funnelcmd.h: the funnel command (metrics/funnel.h).
 *
 *   funnel --steps E1,E2[,...] [--window N(s|m|h|d|w)] [--order sequential|strict|any]
 *          [--exclude E]... [--by COLUMN] [--where COLUMN=VALUE]... [--from DATE] [--to DATE]
 *          [LOAD OPTIONS] FILE...
 *
 * Prints CSV: step,event,users,from_start,from_previous,median_seconds,
 * mean_seconds, one row per step (with --by, a leading column named after
 * COLUMN, one block of steps per value). --from / --to are days in the
 * workspace zone, both included; the window defaults to 14d. Returns the exit
 * status: 0, 1 on a data error, 2 on a usage error. */
#ifndef LS_CLI_FUNNELCMD_H
#define LS_CLI_FUNNELCMD_H

int cli_funnel(int argc, char **argv);

#endif

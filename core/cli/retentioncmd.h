/* retentioncmd.h: the retention command (metrics/retention.h).
 *
 *   retention --period day|week|month [--type first_time|recurring]
 *             [--mode on|on_or_after] [--buckets calendar|rolling_24h]
 *             [--start-event E] [--return-event E] [--percent]
 *             [--where COLUMN=VALUE]... [--from DATE] [--to DATE] [LOAD OPTIONS] FILE...
 *
 * Prints CSV: cohort,size,0,1,2,... one row per cohort (its period's first
 * day; YYYY-MM for months), the counts of each bucket k (k = 0 is the size),
 * or with --percent the shares count / size (empty for an empty cohort).
 * Cells not yet observable are empty. --from / --to are days in the workspace
 * zone: the cohorts from the period holding --from to the one holding --to.
 * Returns the exit status: 0, 1 on a data error, 2 on a usage error. */
#ifndef LS_CLI_RETENTIONCMD_H
#define LS_CLI_RETENTIONCMD_H

int cli_retention(int argc, char **argv);

#endif

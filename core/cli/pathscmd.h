/* pathscmd.h: the paths command (metrics/paths.h).
 *
 *   paths [--after E | --before E] [--steps N] [--top N] [--dropoff] [--gap MINUTES]
 *         [--where COLUMN=VALUE]... [--from DATE] [--to DATE] [LOAD OPTIONS] FILE...
 *
 * Prints CSV from,to,users,transitions: the top N pairs (default 50) of
 * consecutive events inside sessions, "(start)" and "(end)" marking where
 * sessions begin and end; with --after E (or --before E) the N steps
 * (default 5, at most 20) after (before) the first E of each session, nodes
 * named "k:event" by their step. --dropoff (with --after) prints instead
 * step,sessions,users,ended_sessions,ended_users: per step k after E (0: E
 * itself) the sessions and users that reach it and those whose session ends
 * there.
 * --gap sets session_gap_minutes (default 30). --from / --to are days in the
 * workspace zone, both included, and pick the sessions starting in them.
 * Returns the exit status: 0, 1 on a data error, 2 on a usage error. */
#ifndef LS_CLI_PATHSCMD_H
#define LS_CLI_PATHSCMD_H

int cli_paths(int argc, char **argv);

#endif

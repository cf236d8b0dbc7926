/* alertscmd.h: lodestar alerts: evaluate a rules file (monitor.h) and print
 * the firing alerts; exit 3 when a P0 fires (docs/alerts.md). */
#ifndef LS_CLI_ALERTSCMD_H
#define LS_CLI_ALERTSCMD_H

int cli_alerts(int argc, char **argv);

#endif

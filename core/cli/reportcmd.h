/* reportcmd.h: the report command (report/report.h).
 *
 *   report --period daily|weekly|monthly [--at DATE] [--format md|html]
 *          [--lang en|zh-CN|zh-TW] [--rules FILE] [LOAD OPTIONS] FILE...
 *
 * Prints the report of the last complete day, ISO week or month ending by the
 * end of day DATE (in the workspace zone; default: the data's last day) as
 * Markdown (default) or one self-contained HTML page. --rules: a rules file
 * (JSON) for the monitoring section and the report's funnels; default: the
 * default rules. Returns the exit status: 0, 1 on a data error (a bad rules
 * file included), 2 on a usage error. */
#ifndef LS_CLI_REPORTCMD_H
#define LS_CLI_REPORTCMD_H

int cli_report(int argc, char **argv);

#endif

/* report.h: the daily, weekly or monthly report of a workspace (issue 6).
 *
 * A report covers the last complete period (day, week or month) ending by an
 * instant: its KPIs with the previous period, the change and a sparkline of
 * the last 12 periods; the revenue bridge; active users and retention;
 * funnels; incidents and firing alerts (monitor/monitor.h); the top movers
 * and their contributors (monitor/insights.h); and recommendations from fixed
 * rules, each naming the number that triggered it. Written as Markdown (for a
 * chat tool) or as one self-contained HTML page (inline CSS and SVG, no
 * scripts, no external URLs, print CSS), in en, zh-CN or zh-TW.
 * docs/reports.md describes every section. */
#ifndef LS_REPORT_H
#define LS_REPORT_H

#include <stdint.h>

#include "base/status.h"
#include "workspace/workspace.h"

typedef enum { LS_REPORT_DAILY, LS_REPORT_WEEKLY, LS_REPORT_MONTHLY } ls_report_period;
typedef enum { LS_REPORT_MD, LS_REPORT_HTML } ls_report_format;

/* The report of the period ending by at (INT64_MIN: the workspace's as-of) in
 * lang ("en", "zh-CN", "zh-TW"), with rules (NULL: default). *out caller
 * ls_frees. LS_EINVAL for an unknown lang or a bad rules file (message on ws). */
ls_status ls_report(ls_workspace *ws, ls_report_period p, int64_t at, const char *rules,
                    ls_report_format f, const char *lang, char **out);

#endif

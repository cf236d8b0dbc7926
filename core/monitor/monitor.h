/* monitor.h: evaluate a rules file over a workspace (docs/alerts.md).
 *
 * Metric rules (threshold, change, anomaly) run their catalog metric and
 * judge every period; entity and reconcile rules are handed to their modules
 * (monitor/entity.h, monitor/recon.h). The result is one JSON document: the
 * rules with their status and series, the alerts firing at the judged
 * (latest) period, P0 first, the incidents over the whole series, the
 * entities, the reconciliations and the health of each series watched. */
#ifndef LS_MONITOR_H
#define LS_MONITOR_H

#include <stdint.h>

#include "base/status.h"
#include "workspace/workspace.h"

/* Evaluate a rules file (JSON text; NULL: the default rules) over ws at
 * instant at (INT64_MIN: the workspace's as-of). *out (caller ls_free) is JSON:
 * {"at": "YYYY-MM-DD" (the last complete day judged), "p0": bool (a P0 alert),
 *  "p0_suppressed": bool (a P0 rule fires but is suppressed as flapping: no alert),
 *  "rules":[{"id","title","type","metric","severity","grain","status":
 *      "firing|ok|suppressed|low_volume|no_data|error","message","period","value",
 *      "threshold","expected_lo","expected_hi","score",
 *      "series":{"period":[...],"value":[...],"fired":[...],
 *          "expected_lo":[...],"expected_hi":[...]}}],
 *  "alerts":[{"rule","kind":"threshold|change|anomaly|entity|reconcile","severity","metric",
 *      "period","value","threshold","previous","expected_lo","expected_hi","score","text"}],
 *  "incidents":[{"rule","severity","metric","start","end","peak_period","peak_value",
 *      "periods","ongoing","suppressed"}],
 *  "entities":[...], "reconcile":[...],
 *  "health":[{"metric","event","property","status":"green|amber|red|grey","rule","reason"}]}
 *    (one entry per series watched: metric, event, property and where alike)
 * A bad rules file is refused whole (LS_EINVAL/LS_EPARSE, the message on ws
 * names the rule: rules[3] (id "mrr-drop"): unknown op "drop"). A rule whose
 * dataset is not loaded has status no_data; a rule whose metric fails on the
 * data has status error with the message; neither fails the run. */
ls_status ls_monitor_run(ls_workspace *ws, const char *rules, int64_t at, char **out);

/* The default rules (JSON text, a static string) used when none are given. */
const char *ls_monitor_default_rules(void);

#endif

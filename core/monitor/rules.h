/* rules.h: read and check a rules file (docs/alerts.md) into typed rules.
 *
 * The file is refused whole at its first bad rule, the message naming the
 * rule's index, id and the field: rules[3] (id "mrr-drop"): unknown op "drop".
 * Metric rules (threshold, change, anomaly) are checked against the catalog
 * here (the metric exists, takes the grain, takes event/property); entity and
 * reconcile rules keep their JSON object for their own modules (entity.h,
 * recon.h), which check the rest. */
#ifndef LS_MONITOR_RULES_H
#define LS_MONITOR_RULES_H

#include <stddef.h>

#include "base/status.h"
#include "base/timeutil.h"
#include "cJSON.h"
#include "catalog/catalog.h"
#include "monitor/anomaly.h"
#include "monitor/incident.h"

typedef enum { LS_RULE_THRESHOLD, LS_RULE_CHANGE, LS_RULE_ANOMALY, LS_RULE_ENTITY, LS_RULE_RECONCILE } ls_rule_type;
typedef enum { LS_SEV_P0, LS_SEV_P1, LS_SEV_P2 } ls_severity;
/* threshold: above, below; change: rise, fall, move */
typedef enum { LS_OP_ABOVE, LS_OP_BELOW, LS_OP_RISE, LS_OP_FALL, LS_OP_MOVE } ls_rule_op;

typedef struct {
  const char *id;      /* these strings point into the file's JSON (ls_rules.root) */
  const char *title;   /* NULL: none */
  ls_rule_type type;
  ls_severity severity; /* default P2 */
  int enabled;          /* default 1 */
  const cJSON *json;    /* the rule's object */
  /* metric rules */
  const ls_metric_def *metric;
  ls_grain grain;       /* the rule's, else the metric's default */
  ls_where *where;      /* n_where conditions, from the "where" object */
  size_t n_where;
  const char *event, *property; /* NULL: none */
  double min_volume;    /* NaN: none */
  ls_rule_op op;        /* threshold and change */
  double value;         /* threshold and change */
  int percent;          /* change: 1 percent, 0 amount */
  ls_detector detector; /* anomaly */
} ls_rule;

typedef struct {
  cJSON *root;
  ls_rule *rule;
  size_t n;
  ls_flap_policy flap; /* "flapping", default {10, 4} */
} ls_rules;

/* Parse and check text. On LS_OK *out is new (ls_rules_free). Otherwise
 * LS_EPARSE (not JSON) or LS_EINVAL (a bad rule), the message in err. */
ls_status ls_rules_parse(const char *text, ls_rules **out, char *err, size_t errlen);
void ls_rules_free(ls_rules *r);

const char *ls_severity_name(ls_severity s);
const char *ls_rule_type_name(ls_rule_type t);

#endif

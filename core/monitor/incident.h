/* incident.h: merge a rule's firing periods into incidents and spot a flapping rule.
 * The rules (gap, flap boundary) are in docs/monitoring-detectors.md. */
#ifndef LS_INCIDENT_H
#define LS_INCIDENT_H

#include <stddef.h>

#include "base/status.h"

typedef struct { int fired; double value; double severity_score; } ls_incident_input; /* per period */
typedef struct {
  size_t first, last;   /* period indexes of the first and last firing period */
  size_t peak;          /* the period of the largest |severity_score| */
  int ongoing;          /* last == the last period judged */
} ls_incident;
typedef struct { int window; int max_changes; } ls_flap_policy; /* default {10, 4} */
#define LS_FLAP_POLICY_INIT {10, 4}
/* Merge consecutive firing periods into incidents (a gap of one non-firing period ends one).
 * *suppressed = 1 when the rule changed state (firing <-> not) more than max_changes times in
 * the last window periods: a flapping rule, its latest alert is not raised. *out: caller
 * frees with ls_free. fp NULL: the default policy. LS_EINVAL for a bad argument,
 * LS_ENOMEM. */
ls_status ls_incidents(const ls_incident_input *in, size_t n, const ls_flap_policy *fp,
                       ls_incident **out, size_t *n_out, int *suppressed);

#endif

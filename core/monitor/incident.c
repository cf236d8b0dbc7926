/* incident.c: firing periods merged into incidents, and the flap rule (incident.h).
 *
 * Only consecutive firing periods merge: one non-firing period between two
 * firing ones ends the first incident and the next firing period starts a new
 * one. A rule is flapping when more than max_changes of its last window
 * periods differ in state (firing or not) from the period before them. */
#include "monitor/incident.h"

#include <math.h>

#include "base/alloc.h"

/* ---- private ---- */

/* |score| for the peak; a NaN score never wins */
static double peak_key(double score) { return isnan(score) ? -1 : fabs(score); }

static size_t count_incidents(const ls_incident_input *in, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (in[i].fired && (i == 0 || !in[i - 1].fired)) k++;
  return k;
}

/* state changes among the last window periods: each period i in
 * [max(1, n − window), n) whose state differs from period i − 1 */
static int count_changes(const ls_incident_input *in, size_t n, int window) {
  size_t from = n > (size_t)window ? n - (size_t)window : 0;
  if (from < 1) from = 1;
  int changes = 0;
  for (size_t i = from; i < n; i++)
    if (!in[i].fired != !in[i - 1].fired) changes++;
  return changes;
}

/* ---- API ---- */

ls_status ls_incidents(const ls_incident_input *in, size_t n, const ls_flap_policy *fp,
                       ls_incident **out, size_t *n_out, int *suppressed) {
  static const ls_flap_policy defaults = LS_FLAP_POLICY_INIT;
  if (!out || !n_out || !suppressed || (n && !in)) return LS_EINVAL;
  *out = NULL;
  *n_out = 0;
  *suppressed = 0;
  if (!fp) fp = &defaults;
  if (fp->window < 1 || fp->max_changes < 0) return LS_EINVAL;
  size_t k = count_incidents(in, n);
  if (k == 0) return LS_OK;
  ls_incident *inc = ls_calloc(k, sizeof *inc);
  if (!inc) return LS_ENOMEM;
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (!in[i].fired) continue;
    if (i == 0 || !in[i - 1].fired) {
      inc[m].first = inc[m].peak = i;
      m++;
    }
    ls_incident *cur = &inc[m - 1];
    cur->last = i;
    if (peak_key(in[i].severity_score) > peak_key(in[cur->peak].severity_score)) cur->peak = i;
  }
  for (size_t j = 0; j < k; j++) inc[j].ongoing = inc[j].last == n - 1;
  *out = inc;
  *n_out = k;
  *suppressed = count_changes(in, n, fp->window) > fp->max_changes;
  return LS_OK;
}

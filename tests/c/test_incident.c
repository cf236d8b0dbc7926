/* test_incident.c: merging firing periods into incidents, the one-period gap
 * rule, the peak, ongoing incidents and the flap boundary. */
#include "base/alloc.h"
#include "check.h"
#include "monitor/incident.h"

/* in[i] from a string of '0'/'1' with the given scores (NULL: score 1) */
static size_t build(ls_incident_input *in, const char *states, const double *scores) {
  size_t n = strlen(states);
  for (size_t i = 0; i < n; i++) {
    in[i].fired = states[i] == '1';
    in[i].value = (double)i;
    in[i].severity_score = scores ? scores[i] : 1;
  }
  return n;
}

static void check_incident(const ls_incident *inc, size_t first, size_t last, size_t peak,
                           int ongoing) {
  CHECK_INT(inc->first, first);
  CHECK_INT(inc->last, last);
  CHECK_INT(inc->peak, peak);
  CHECK_INT(inc->ongoing, ongoing);
}

TEST(incidents_should_merge_consecutive_periods_and_end_at_a_one_period_gap) {
  /* periods 0..9: 0 1 1 1 0 1 0 0 1 1
   * incident [1, 3] (peak 2: |-5| beats 2 and 3); the single quiet period 4
   * ends it, so [5, 5] is a second incident; [8, 9] a third, peak 8 (a tie of
   * |3| and |3| keeps the first), ongoing since 9 is the last period. */
  ls_incident_input in[10];
  const double scores[10] = {0, 2, -5, 3, 0, 4, 0, 0, 3, -3};
  size_t n = build(in, "0111010011", scores);
  ls_incident *inc = NULL;
  size_t k = 0;
  int sup = -1;
  CHECK_INT(ls_incidents(in, n, NULL, &inc, &k, &sup), LS_OK);
  CHECK_INT(k, 3);
  if (k == 3) {
    check_incident(&inc[0], 1, 3, 2, 0);
    check_incident(&inc[1], 5, 5, 5, 0);
    check_incident(&inc[2], 8, 9, 8, 1);
  }
  /* state changes at periods 1, 4, 5, 6, 8: 5 > 4 in the last 10 */
  CHECK_INT(sup, 1);
  ls_free(inc);
}

TEST(incidents_should_take_the_peak_from_finite_scores) {
  /* 1 1 1 with scores NaN, -2, 1.5: the NaN never wins, peak 1 (|-2|) */
  ls_incident_input in[3];
  const double scores[3] = {NAN, -2, 1.5};
  size_t n = build(in, "111", scores);
  ls_incident *inc = NULL;
  size_t k = 0;
  int sup = 0;
  CHECK_INT(ls_incidents(in, n, NULL, &inc, &k, &sup), LS_OK);
  CHECK_INT(k, 1);
  if (k == 1) check_incident(&inc[0], 0, 2, 1, 1);
  CHECK_INT(sup, 0); /* no change at all */
  ls_free(inc);
}

TEST(flapping_should_be_suppressed_only_above_max_changes) {
  ls_incident_input in[16];
  ls_flap_policy fp = {10, 4};
  ls_incident *inc = NULL;
  size_t k = 0;
  int sup = -1;
  /* 0 1 0 1 0 0 0 0 0 0: changes at 1, 2, 3, 4 = 4 = max_changes: not suppressed */
  size_t n = build(in, "0101000000", NULL);
  CHECK_INT(ls_incidents(in, n, &fp, &inc, &k, &sup), LS_OK);
  CHECK_INT(sup, 0);
  CHECK_INT(k, 2);
  ls_free(inc);
  /* 0 1 0 1 0 1 1 1 1 1: changes at 1, 2, 3, 4, 5 = 5: suppressed */
  n = build(in, "0101011111", NULL);
  CHECK_INT(ls_incidents(in, n, &fp, &inc, &k, &sup), LS_OK);
  CHECK_INT(sup, 1);
  CHECK_INT(k, 3);
  ls_free(inc);
  /* only the last window periods count: 1 0 1 0 1 then nine 0s (n 14): the
   * window is periods 4..13; changes at 4 (1 after 0) and 5: 2, not 5 */
  n = build(in, "10101000000000", NULL);
  CHECK_INT(ls_incidents(in, n, &fp, &inc, &k, &sup), LS_OK);
  CHECK_INT(sup, 0);
  CHECK_INT(k, 3);
  ls_free(inc);
  /* a smaller policy: window 3, max 1 on 0 0 1 0: changes at 2 and 3 = 2 > 1 */
  ls_flap_policy tight = {3, 1};
  n = build(in, "0010", NULL);
  CHECK_INT(ls_incidents(in, n, &tight, &inc, &k, &sup), LS_OK);
  CHECK_INT(sup, 1);
  ls_free(inc);
}

TEST(incidents_should_handle_no_firing_and_refuse_bad_arguments) {
  ls_incident_input in[4];
  ls_incident *inc = (ls_incident *)1;
  size_t k = 9;
  int sup = 9;
  size_t n = build(in, "0000", NULL);
  CHECK_INT(ls_incidents(in, n, NULL, &inc, &k, &sup), LS_OK);
  CHECK(inc == NULL);
  CHECK_INT(k, 0);
  CHECK_INT(sup, 0);
  CHECK_INT(ls_incidents(NULL, 0, NULL, &inc, &k, &sup), LS_OK);
  CHECK_INT(k, 0);
  CHECK_INT(ls_incidents(NULL, 3, NULL, &inc, &k, &sup), LS_EINVAL);
  CHECK_INT(ls_incidents(in, n, NULL, NULL, &k, &sup), LS_EINVAL);
  ls_flap_policy bad = {0, 4};
  CHECK_INT(ls_incidents(in, n, &bad, &inc, &k, &sup), LS_EINVAL);
  bad.window = 10;
  bad.max_changes = -1;
  CHECK_INT(ls_incidents(in, n, &bad, &inc, &k, &sup), LS_EINVAL);
  /* out of memory: the calloc of one incident fails */
  n = build(in, "0110", NULL);
  ls_alloc_fail_after(1);
  CHECK_INT(ls_incidents(in, n, NULL, &inc, &k, &sup), LS_ENOMEM);
  ls_alloc_fail_after(0);
  CHECK(inc == NULL);
}

int main(void) {
  RUN(incidents_should_merge_consecutive_periods_and_end_at_a_one_period_gap);
  RUN(incidents_should_take_the_peak_from_finite_scores);
  RUN(flapping_should_be_suppressed_only_above_max_changes);
  RUN(incidents_should_handle_no_firing_and_refuse_bad_arguments);
  return check_done();
}

/* monitor_internal.h: what monitor.c (judging) hands monitor_out.c (JSON). */
#ifndef LS_MONITOR_INTERNAL_H
#define LS_MONITOR_INTERNAL_H

#include "cJSON.h"
#include "monitor/rules.h"

/* The state of one period of a metric rule. */
enum { MON_UNJUDGED, MON_OK, MON_FIRED, MON_LOW_VOLUME };

/* A metric rule judged over its series. */
typedef struct {
  const ls_rule *rule;
  ls_series *s;          /* NULL: the metric did not run (status says why) */
  unsigned char *state;  /* s->n periods, MON_* */
  double *score;         /* how far: threshold x - value; change: the change (percent or
                            amount, signed); anomaly: z or band widths. NaN: none */
  double *lo, *hi;       /* the range a value does not fire inside (NaN: open) */
  double *prev;          /* change: the previous value */
  const char *status;    /* firing ok suppressed low_volume no_data error */
  char message[256];     /* why, for the statuses other than firing and ok */
  int suppressed;        /* flapping (ls_incidents) */
  int near;              /* judged, not firing, within 5% of the firing edge (health amber) */
} mon_judged;

/* monitor_out.c */
cJSON *mon_num(double x); /* NaN and infinities: null */
/* Period i of j's series named ("YYYY-MM-DD", "YYYY-MM") into buf (LS_TIME_TEXT_MAX). */
void mon_period(const mon_judged *j, size_t i, char *buf);
/* The rules entry of a metric rule (with its series), and its alert when its
 * latest period fires (added to alerts). */
ls_status mon_metric_out(const mon_judged *j, cJSON *rules, cJSON *alerts);
/* Incidents of j (ls_incidents) added to incidents; sets j->suppressed. */
ls_status mon_incidents(mon_judged *j, const ls_flap_policy *fp, cJSON *incidents);
/* The health entries of the metric rules judged[0..n) added to health. */
ls_status mon_health(const mon_judged *judged, size_t n, cJSON *health);

#endif

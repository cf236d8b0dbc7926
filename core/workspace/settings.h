/* settings.h: the metric settings where the anchors (ChartMogul, Stripe,
 * Baremetrics, ProfitWell) disagree, each with its default.
 *
 * A workspace holds one ls_settings (workspace.h); every metric reads the
 * settings it lists in the catalog. Text forms, as the CLI's --set KEY=VALUE
 * and the page's settings panel write them:
 *   weekly_factor      52/12 (default), 4.33 or 4: months of a weekly price
 *   discounts          recurring (default): a discount column lowers MRR;
 *                      ignore: it does not
 *   churn_at           ended (default): a subscription stops counting at its
 *                      Ended At; canceled: at its Canceled At when earlier
 *   movements          boundary (default): each customer's MRR at the end of
 *                      the previous period against the end of this one;
 *                      event: every change at its own instant
 *   churn_denominator  start (default): paying customers at the start;
 *                      start_plus_new: plus the customers new in the period
 *   currency           the reporting currency (ISO code), "" (default): the
 *                      data's one currency
 *   rates              "EUR=1.08,GBP=1.27": one unit of each currency in the
 *                      reporting currency; "" (default): none
 *   gross_margin       for CAC payback, in (0, 1]; 1 (default)
 *   tiers              ascending thresholds of cumulative paid amount for
 *                      membership tiers: "10,60,200" (default)
 *   error_status       5xx (default): an HTTP status of 500 or above is an
 *                      error (error_rate); 4xx: 400 or above
 *   session_gap_minutes  whole minutes from 1 to 1440, 30 (default): a
 *                      session ends after this long without events
 * docs/metrics.md says the same. */
#ifndef LS_SETTINGS_H
#define LS_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

#define LS_SETTINGS_RATES_MAX 32
#define LS_SETTINGS_TIERS_MAX 8
/* the largest tier threshold: an amount in currency units (1e12) */
#define LS_SETTINGS_TIER_LIMIT 1e12

enum { LS_DISCOUNTS_RECURRING, LS_DISCOUNTS_IGNORE };
enum { LS_CHURN_AT_ENDED, LS_CHURN_AT_CANCELED };
enum { LS_MOVEMENTS_BOUNDARY, LS_MOVEMENTS_EVENT };
enum { LS_CHURN_DENOM_START, LS_CHURN_DENOM_START_PLUS_NEW };
enum { LS_ERROR_STATUS_5XX, LS_ERROR_STATUS_4XX };

typedef struct {
  int64_t weekly_num, weekly_den; /* weeks in a month: 52/12, 433/100 or 4/1 */
  int discounts;
  int churn_at;
  int movements;
  int churn_denominator;
  char currency[8];               /* upper case; "" none */
  size_t nrates;
  struct {
    char code[8];                 /* upper case */
    double rate;                  /* > 0 */
  } rates[LS_SETTINGS_RATES_MAX];
  double gross_margin;
  size_t ntiers;
  double tiers[LS_SETTINGS_TIERS_MAX];
  int error_status;               /* LS_ERROR_STATUS_* */
  int session_gap_minutes;        /* 1..1440 */
} ls_settings;

/* The defaults above. */
void ls_settings_default(ls_settings *s);
/* Set key to the text value. LS_ENOTFOUND for an unknown key, LS_EINVAL for a
 * value it does not take; either way err (n bytes, may be NULL) says why in
 * English and *s is unchanged. */
ls_status ls_settings_set(ls_settings *s, const char *key, const char *value, char *err, size_t n);
/* The text form of key's value into buf (n bytes); LS_ENOTFOUND for an
 * unknown key. */
ls_status ls_settings_get(const ls_settings *s, const char *key, char *buf, size_t n);
/* The rate of currency code (any case) into the reporting currency: 1 for
 * the reporting currency itself, 0 when the table has none. */
double ls_settings_rate(const ls_settings *s, const char *code, size_t len);

/* Keys in order, and how many. */
size_t ls_settings_count(void);
const char *ls_settings_key(size_t i);

/* The settings as JSON: [{"name","value","default","choices":[…] or null,
 * "description"}]. Caller frees with ls_free; NULL on out of memory. */
char *ls_settings_json(const ls_settings *s);

#endif

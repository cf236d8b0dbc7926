/* money.h: amounts and currencies, shared by the revenue index
 * (metrics/revindex.h) and the commerce orders (metrics/commerce_orders.h).
 *
 * One rule everywhere: an amount is read from its column (divided by 100
 * when the detection says minor units), less a discount (a percent column
 * takes its share, any other discount column its amount; never below 0),
 * then converted into the reporting currency and rounded half away from zero
 * to a hundredth of a cent: LS_MONEY_UNIT units to one unit of currency, so
 * sums are exact integers. docs/metrics.md ("Currencies") says the same. */
#ifndef LS_MONEY_H
#define LS_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"

/* units in one unit of currency: a hundredth of a cent */
#define LS_MONEY_UNIT INT64_C(10000)

typedef struct {
  double *rate;      /* per row: one unit of the row's currency in the reporting currency */
  char currency[8];  /* the reporting currency, upper case; "" when unknown */
} ls_money_rates;

/* The rate of each row of t that keep keeps (NULL: every row), from its
 * currency column cur (NULL: none, every rate 1) under the workspace's
 * currency and rates settings. With a reporting currency each row takes its
 * rate (1 for an empty cell); without, every kept row must be in one
 * currency (ASCII case ignored), which becomes the reporting currency. On
 * LS_OK out->rate is the caller's (ls_free); on failure it is freed.
 * Errors on ws: LS_ECURRENCY (several currencies and no reporting currency,
 * or a currency without a rate, naming them), LS_ENOMEM. */
ls_status ls_money_rates_get(ls_workspace *ws, const ls_table *t, const ls_column *cur, const uint8_t *keep,
                             ls_money_rates *out);

/* 1 when a discount column named n holds percentages by its name: a '%',
 * or "percent" in any case. */
int ls_money_percent_name(const char *n);

/* 100 when d says money columns hold minor units, else 1. */
double ls_money_minor(const ls_detection *d);

/* price less the discount of row i of column disc (NULL: none), a percent
 * column taking its share and any other its amount (in the same unit as
 * price: already divided by minor); never below 0. */
double ls_money_discounted(const ls_column *disc, size_t i, double price, double minor);

/* price x rate in units (LS_MONEY_UNIT), rounded half away from zero, into
 * *out; 0 when it does not fit within +-9e18 / limit units (limit >= 1: room
 * the caller needs to multiply it by). */
int ls_money_units(double price, double rate, double limit, int64_t *out);

#endif

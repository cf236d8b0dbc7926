/* gen_internal.h: what the files of core/gen share; private to the module.
 *
 * ls_gen (gen.c) fills one ls_gen_ctx in stages: customers, then their
 * subscriptions (gen_subs.c), then payments from the paid periods of those
 * subscriptions (gen_payments.c), then events (gen_events.c); the campaigns'
 * spend (gen_spend.c) reads the customers only, the reviews (gen_reviews.c)
 * the payments. Every stage draws
 * from its own rng streams keyed by customer or row, so a stage's output only
 * depends on the options and on earlier stages. The context owns every array
 * and ls_gen frees them all, on success and on failure. Times are int64 ms
 * since the epoch, UTC; LS_GEN_NONE marks an absent time. */
#ifndef LS_GEN_INTERNAL_H
#define LS_GEN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "gen/gen.h"
#include "gen/rng.h"
#include "table/table.h"

#define LS_GEN_NONE INT64_MIN
#define LS_GEN_MINUTE INT64_C(60000)
#define LS_GEN_HOUR INT64_C(3600000)
#define LS_GEN_DAY INT64_C(86400000)

/* rng stream names: one per kind of draw */
enum {
  LS_GEN_STREAM_SIGNUP = 1,
  LS_GEN_STREAM_CUSTOMER,
  LS_GEN_STREAM_SUBS,
  LS_GEN_STREAM_PAYMENTS,
  LS_GEN_STREAM_EVENTS,
  LS_GEN_STREAM_PAYLOAD,
  LS_GEN_STREAM_IDS,
  LS_GEN_STREAM_SPEND, /* campaigns (gen_spend.c); after the others, so they keep their numbers */
  LS_GEN_STREAM_REVIEWS /* reviews (gen_reviews.c); last, likewise */
};

enum { LS_GEN_BASIC, LS_GEN_PRO, LS_GEN_TEAM, LS_GEN_PLANS };
enum { LS_GEN_MONTH, LS_GEN_YEAR };
enum { LS_GEN_TRIALING, LS_GEN_ACTIVE, LS_GEN_CANCELED, LS_GEN_INCOMPLETE_EXPIRED };
enum { LS_GEN_CHANNELS = 5, LS_GEN_SEGMENTS = 5, LS_GEN_COUNTRIES = 10, LS_GEN_TIERS = 4 };

/* ls_gen_sub.flags */
enum {
  LS_GEN_SUB_CONVERTED = 1,  /* a trial that turns paid at its trial end */
  LS_GEN_SUB_RAISE = 2,      /* starts paid and raises the customer's MRR: a
                                purchase from free, a return, an upgrade */
  LS_GEN_SUB_INCOMPLETE = 4  /* never started */
};

typedef struct {
  int64_t signup;      /* whole seconds */
  int32_t cac_cents;
  uint8_t channel, segment, country, tier; /* tier: engagement 0 (casual) .. 3 (power) */
} ls_gen_customer;

typedef struct {
  int64_t created, start, trial_start, trial_end, canceled, ended; /* whole minutes */
  int64_t paid_start;  /* billing anchor: first paid instant; LS_GEN_NONE when never paid */
  int32_t cust, qty;
  uint8_t plan, interval, status, flags;
} ls_gen_sub;

typedef struct {
  int64_t created;
  uint32_t sub;        /* index into ctx->subs */
  uint8_t status;      /* LS_GEN_PAY_* */
} ls_gen_payment;

enum { LS_GEN_PAY_SUCCEEDED, LS_GEN_PAY_FAILED, LS_GEN_PAY_REFUNDED };

typedef struct {
  uint64_t seed;
  int users, days;
  int event_users;           /* 0: all; else the customers sending events (ls_gen_options) */
  int64_t start, asof;
  int id_width;              /* digits of customer ids */
  ls_gen_customer *cust;     /* users, in signup order */
  ls_gen_sub *subs;          /* in generation order: each customer's rows together, by time */
  size_t nsubs, cap_subs;
  uint32_t *sub_first;       /* users + 1 offsets: customer u owns subs[sub_first[u] .. sub_first[u+1]) */
  ls_gen_payment *pays;
  size_t npays, cap_pays;
  uint64_t *events;          /* packed event keys (gen_events.c) */
  size_t nevents, cap_events;
} ls_gen_ctx;

/* Weights of the UTC hour of day at which people use the product. */
extern const uint32_t ls_gen_hour_weights[24];
/* Plan names, unit amounts in dollars per interval, and status names. */
extern const char *const ls_gen_plan_names[LS_GEN_PLANS];
extern const char *const ls_gen_status_names[4];
int64_t ls_gen_unit_amount(int plan, int interval);

/* anchor + k calendar months, the day clamped to the month's length (Stripe's
 * billing anchor rule); the time of day is kept. */
int64_t ls_gen_add_months(int64_t anchor, int k);
/* A random whole minute in [lo, hi); lo, hi whole minutes, lo < hi. */
int64_t ls_gen_random_minute(ls_gen_rng *r, int64_t lo, int64_t hi);
/* "usr_000042" for customer index 41 into buf (>= 32 bytes); returns the length. */
size_t ls_gen_customer_id(const ls_gen_ctx *c, uint32_t index, char *buf);
/* A unique Stripe-like id: prefix then 14 base62 characters from a bijection
 * of (seed, kind, index); returns the length written into buf (>= 32 bytes). */
size_t ls_gen_object_id(const ls_gen_ctx *c, const char *prefix, uint64_t kind, uint64_t index,
                        char *buf);
/* Sort n (key, index) pairs by key then index: a total order. */
typedef struct {
  int64_t key;
  uint32_t index;
} ls_gen_order;
void ls_gen_sort_order(ls_gen_order *o, size_t n);

/* Stages. Each returns LS_OK or LS_ENOMEM; the context keeps whatever it
 * allocated, for ls_gen to free. */
ls_status ls_gen_subs_run(ls_gen_ctx *c);
ls_status ls_gen_payments_run(ls_gen_ctx *c);
ls_status ls_gen_events_run(ls_gen_ctx *c);

/* Tables. Each returns NULL on out of memory. */
ls_table *ls_gen_subs_table(const ls_gen_ctx *c);
ls_table *ls_gen_payments_table(const ls_gen_ctx *c);
ls_table *ls_gen_events_table(const ls_gen_ctx *c);
/* campaigns.csv: hourly ad spend from the customers' acquisition costs (gen_spend.c) */
ls_table *ls_gen_spend_table(const ls_gen_ctx *c);
/* reviews.csv: reviews of the charges that went through (gen_reviews.c) */
ls_table *ls_gen_reviews_table(const ls_gen_ctx *c);

#endif

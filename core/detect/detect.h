/* detect.h: what a table is — the export it came from, its dataset kind, and
 * the role of its columns.
 *
 * Detection reads column names and column types, never row values (a type
 * and a null count are known without reading rows), and never allocates.
 * Names are compared normalised (ls_detect_normalize): "Start Date (UTC)"
 * reads as "startdateutc", "金额（元）" as "金额元".
 *
 * It first looks for a known export (LS_FORMAT_LIST: Stripe, Baremetrics,
 * ChartMogul, PostHog, Mixpanel, Segment, Amplitude, GA4, Shopify, Alipay,
 * WeChat Pay) by its header; failing that it reads a generic table by column
 * names in English and Chinese. A role is only given to a column whose type
 * can carry it (times: LS_TYPE_TIME; amounts and counts: INT64 or DOUBLE; ids:
 * STRING or INT64; flags: BOOL or INT64; the rest: STRING). A column holding
 * only nulls carries any role. docs/formats.md lists every format, name and
 * role. Identifiers (kind, role and format names) are stable: the page stores
 * them, and new ones are only ever added at the end of their list. */
#ifndef LS_DETECT_H
#define LS_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "table/table.h"

#define LS_KIND_LIST(XX)                       \
  XX(UNKNOWN, "unknown")                       \
  XX(SUBSCRIPTIONS, "subscriptions")           \
  XX(EVENTS, "events")                         \
  XX(CUSTOMERS, "customers")                   \
  XX(PAYMENTS, "payments")                     \
  XX(SPEND, "marketing_spend")                 \
  XX(REVIEWS, "reviews")                       \
  XX(SCORES, "entity_scores")                  \
  XX(PLANS, "plans")                           \
  XX(SUBSCRIPTION_EVENTS, "subscription_events") \
  XX(METRIC_VALUES, "metric_values")           \
  XX(RETENTION_MATRIX, "retention_matrix")     \
  XX(FUNNEL_STEPS, "funnel_steps")

typedef enum {
#define LS_KIND_ENUM(name, str) LS_KIND_##name,
  LS_KIND_LIST(LS_KIND_ENUM)
#undef LS_KIND_ENUM
  LS_KIND_COUNT
} ls_kind;

#define LS_ROLE_LIST(XX)                   \
  XX(ID, "id")                             \
  XX(CUSTOMER, "customer_id")              \
  XX(USER, "user_id")                      \
  XX(EVENT, "event")                       \
  XX(TIMESTAMP, "timestamp")               \
  XX(PLAN, "plan")                         \
  XX(INTERVAL, "interval")                 \
  XX(INTERVAL_COUNT, "interval_count")     \
  XX(AMOUNT, "amount")                     \
  XX(QUANTITY, "quantity")                 \
  XX(CURRENCY, "currency")                 \
  XX(STATUS, "status")                     \
  XX(CREATED, "created")                   \
  XX(START, "start")                       \
  XX(TRIAL_END, "trial_end")               \
  XX(CANCELED_AT, "canceled_at")           \
  XX(ENDED_AT, "ended_at")                 \
  XX(SIGNUP, "signup")                     \
  XX(CHANNEL, "channel")                   \
  XX(SEGMENT, "segment")                   \
  XX(COUNTRY, "country")                   \
  XX(CAC, "cac")                           \
  XX(ORDER_ID, "order_id")                 \
  XX(REFUND_AMOUNT, "refund_amount")       \
  XX(REFUNDED, "refunded")                 \
  XX(SESSION, "session_id")                \
  XX(DURATION, "duration")                 \
  XX(ERROR_CODE, "error_code")             \
  XX(SUCCESS, "success")                   \
  XX(SCORE, "score")                       \
  XX(ENTITY, "entity_id")                  \
  XX(REGION, "region")                     \
  XX(CAMPAIGN, "campaign")                 \
  XX(SPEND, "spend")                       \
  XX(IMPRESSIONS, "impressions")           \
  XX(CLICKS, "clicks")                     \
  XX(CONVERSIONS, "conversions")           \
  XX(REVENUE, "revenue")                   \
  XX(REVIEW_TEXT, "review_text")           \
  XX(SUBSCRIPTION, "subscription_id")      \
  XX(EMAIL, "email")                       \
  XX(ANONYMOUS_ID, "anonymous_id")         \
  XX(DIRECTION, "direction")               \
  XX(FEE, "fee")                           \
  XX(DISCOUNT, "discount")

typedef enum {
#define LS_ROLE_ENUM(name, str) LS_ROLE_##name,
  LS_ROLE_LIST(LS_ROLE_ENUM)
#undef LS_ROLE_ENUM
  LS_ROLE_COUNT
} ls_role;

/* Known exports: identifier, title (English, for reasons and the CLI). */
#define LS_FORMAT_LIST(XX)                                                              \
  XX(GENERIC, "generic", "Generic table")                                               \
  XX(STRIPE_SUBSCRIPTIONS, "stripe_subscriptions", "Stripe subscriptions export")       \
  XX(STRIPE_CUSTOMERS, "stripe_customers", "Stripe customers export")                   \
  XX(STRIPE_PAYMENTS, "stripe_payments", "Stripe payments export")                      \
  XX(BAREMETRICS_SUBSCRIPTIONS, "baremetrics_subscriptions",                            \
     "Baremetrics subscription import template")                                        \
  XX(CHARTMOGUL_CUSTOMERS, "chartmogul_customers", "ChartMogul customers import")       \
  XX(CHARTMOGUL_PLANS, "chartmogul_plans", "ChartMogul plans import")                   \
  XX(CHARTMOGUL_LINE_ITEMS, "chartmogul_line_items", "ChartMogul invoice line items import") \
  XX(CHARTMOGUL_SUBSCRIPTION_EVENTS, "chartmogul_subscription_events",                  \
     "ChartMogul subscription events import")                                           \
  XX(POSTHOG_EVENTS, "posthog_events", "PostHog events export")                         \
  XX(MIXPANEL_EVENTS, "mixpanel_events", "Mixpanel events export")                      \
  XX(SEGMENT_EVENTS, "segment_events", "Segment events")                                \
  XX(AMPLITUDE_EVENTS, "amplitude_events", "Amplitude events export")                   \
  XX(GA4_EVENTS, "ga4_events", "GA4 BigQuery events export")                            \
  XX(SHOPIFY_ORDERS, "shopify_orders", "Shopify orders export")                         \
  XX(ALIPAY_BILL, "alipay_bill", "Alipay bill export")                                  \
  XX(WECHAT_BILL, "wechat_bill", "WeChat Pay bill export")

typedef enum {
#define LS_FORMAT_ENUM(name, id, title) LS_FORMAT_##name,
  LS_FORMAT_LIST(LS_FORMAT_ENUM)
#undef LS_FORMAT_ENUM
  LS_FORMAT_COUNT
} ls_format;

/* ls_detection.flags */
enum {
  /* money columns (amount, refund, fee, spend, revenue) hold minor units:
   * cents or fen, 100 to the unit (ChartMogul, Baremetrics templates) */
  LS_DETECT_MINOR_UNITS = 1u << 0,
  /* kind and roles were set by ls_detect_apply, not detected */
  LS_DETECT_MANUAL = 1u << 1,
  /* the export writes its times in UTC without saying so ("2025-01-05
   * 13:22:00.000000", Amplitude): they are instants, not wall-clock times */
  LS_DETECT_UTC_TIMES = 1u << 2
};

#define LS_DETECT_REASON_MAX 160

typedef struct {
  ls_kind kind;
  int col[LS_ROLE_COUNT]; /* column index holding each role, -1 when none */
  ls_format format;       /* the export recognised, LS_FORMAT_GENERIC if none */
  unsigned flags;         /* LS_DETECT_* bits */
  int matched, listed;    /* for a known format: its columns found, its columns listed; else 0, 0 */
  char reason[LS_DETECT_REASON_MAX]; /* "Stripe subscriptions export: matched 9 of 23 columns" */
} ls_detection;

/* Roles are read from the first LS_DETECT_MAX_COLS columns of a table. */
#define LS_DETECT_MAX_COLS 256

/* Detect the format, kind and roles of t into *out. Never fails and never
 * allocates. A kind other than LS_KIND_UNKNOWN guarantees that the kind's
 * required roles have a column (ls_detect_required); roles that mean nothing
 * for the kind are -1. LS_KIND_UNKNOWN keeps every role that could be read.
 * A NULL t gives an unknown detection. */
void ls_detect(const ls_table *t, ls_detection *out);

/* Passed for a kind or a role to ls_detect_apply: keep what *inout holds. */
#define LS_DETECT_KEEP (-2)

/* Apply a user's mapping to a detection of t. kind is an ls_kind or
 * LS_DETECT_KEEP; roles is NULL (keep every role) or LS_ROLE_COUNT entries,
 * each a column index of t, -1 for no column, or LS_DETECT_KEEP. Refused with
 * LS_EINVAL, *inout untouched and a message in err (naming the table, the
 * column and the role) when: kind or an index is out of range, a column's type
 * cannot carry its role, a role set here means nothing for the kind, or a
 * required role of the kind has no column. On success *inout holds the new
 * kind and roles (kept roles that mean nothing for the new kind are dropped),
 * LS_DETECT_MANUAL is set and the reason says so; format is kept. err may be
 * NULL when errlen is 0. */
ls_status ls_detect_apply(const ls_table *t, int kind, const int *roles, ls_detection *inout,
                          char *err, size_t errlen);

/* The roles kind k cannot do without (mask of 1 << role); 0 for unknown. */
uint64_t ls_detect_required(ls_kind k);
/* The roles that mean something for kind k (mask of 1 << role); every role for
 * unknown. */
uint64_t ls_detect_roles_of(ls_kind k);
/* 1 when column c's type can carry role r (see the top of this file). */
int ls_detect_fits(const ls_column *c, ls_role r);

/* The header signature of t: 64-bit FNV-1a over its column names, each
 * normalised with ls_detect_normalize (whole names, never cut), in order,
 * joined by the byte 0x1f. Same names in the same order give the same
 * signature whatever their case and punctuation; another order gives another.
 * A table without columns (or NULL) gives the FNV offset basis
 * 0xcbf29ce484222325. Used to append files with one header into one dataset
 * and to remember a user's mapping per header. */
uint64_t ls_detect_signature(const ls_table *t);
/* sig as 16 lower-case hex digits and a NUL into out (17 bytes): the form
 * handed to JS, which has no 64-bit integers. */
#define LS_DETECT_SIGNATURE_TEXT 17
void ls_detect_signature_text(uint64_t sig, char out[LS_DETECT_SIGNATURE_TEXT]);

/* Normalise a column name into buf of size n (n > 0; NUL-terminated, cut at
 * a character boundary when buf is short): ASCII letters lower-cased and
 * digits kept, other ASCII dropped; full-width forms (U+FF01..U+FF5E) read as
 * their ASCII twins ("（" drops, "Ａ" is "a"); the ideographic space and CJK
 * brackets and commas (U+3000..U+3003, U+3008..U+3011) dropped; every other
 * byte kept as it is ("用户ID" is "用户id"), invalid UTF-8 included. A NULL
 * name reads as "". */
void ls_detect_normalize(const char *name, char *buf, size_t n);

/* "subscriptions", "customer_id", "stripe_subscriptions"; "?" outside the lists. */
const char *ls_kind_name(ls_kind k);
const char *ls_role_name(ls_role r);
const char *ls_format_name(ls_format f);
/* "Stripe subscriptions export"; "?" outside the list. */
const char *ls_format_title(ls_format f);
/* The value named name (exact match), or -1. */
int ls_kind_from_name(const char *name);
int ls_role_from_name(const char *name);
int ls_format_from_name(const char *name);

#endif

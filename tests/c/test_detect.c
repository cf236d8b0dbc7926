/* test_detect.c: known exports, dataset kinds and column roles from real headers. */
#include <stdint.h>

#include "base/alloc.h"
#include "check.h"
#include "detect/detect.h"
#include "detect/detect_internal.h"

#define S LS_TYPE_STRING
#define I LS_TYPE_INT64
#define D LS_TYPE_DOUBLE
#define TM LS_TYPE_TIME
#define B LS_TYPE_BOOL

typedef struct {
  const char *name;
  ls_type type;
} col;

/* a table with these columns and no rows */
static ls_table *table_of(const col *c, size_t n) {
  ls_table *t = ls_table_new("t.csv");
  for (size_t i = 0; i < n; i++) ls_table_add(t, c[i].name, c[i].type);
  return t;
}

static void detect_cols(const col *c, size_t n, ls_detection *d) {
  ls_table *t = table_of(c, n);
  ls_detect(t, d);
  ls_table_free(t);
}

#define DETECT(cols, d) detect_cols(cols, sizeof cols / sizeof cols[0], d)

/* the name of the column holding role r, "-" when none */
static const char *at(const col *c, const ls_detection *d, ls_role r) {
  return d->col[r] >= 0 ? c[d->col[r]].name : "-";
}

/* ---- names ---- */

TEST(normalize_should_drop_case_and_punctuation) {
  char b[64];
  ls_detect_normalize("Start Date (UTC)", b, sizeof b);
  CHECK_STR(b, "startdateutc");
  ls_detect_normalize("distinct_id", b, sizeof b);
  CHECK_STR(b, "distinctid");
  ls_detect_normalize("用户ID", b, sizeof b);
  CHECK_STR(b, "用户id");
  ls_detect_normalize("*.properties.$browser", b, sizeof b);
  CHECK_STR(b, "propertiesbrowser");
  ls_detect_normalize(NULL, b, sizeof b);
  CHECK_STR(b, "");
}

TEST(normalize_should_read_full_width_forms_as_ascii_and_drop_cjk_punctuation) {
  char b[64];
  ls_detect_normalize("金额（元）", b, sizeof b);
  CHECK_STR(b, "金额元");
  ls_detect_normalize("金额(元)", b, sizeof b);
  CHECK_STR(b, "金额元");
  ls_detect_normalize("用户ＩＤ", b, sizeof b);
  CHECK_STR(b, "用户id");
  ls_detect_normalize("【店铺】　评分、得分", b, sizeof b);
  CHECK_STR(b, "店铺评分得分");
  ls_detect_normalize("收/支", b, sizeof b);
  CHECK_STR(b, "收支");
}

TEST(normalize_should_keep_invalid_utf8_bytes_as_they_are) {
  char b[16];
  ls_detect_normalize("a\xff\xe4\xb8-B", b, sizeof b); /* a lone 0xff, a cut 3-byte sequence */
  CHECK_STR(b, "a\xff\xe4\xb8" "b");
}

TEST(normalize_should_cut_only_between_characters) {
  const char *full = "a金额元x"; /* the normal form of "Ａ金额（元）x": 1 + 3 + 3 + 3 + 1 bytes */
  for (size_t n = 1; n <= 14; n++) {
    char b[16];
    ls_detect_normalize("Ａ金额（元）x", b, n);
    size_t len = strlen(b), want = n > 11 ? 11 : n > 10 ? 10 : n > 7 ? 7 : n > 4 ? 4 : n > 1 ? 1 : 0;
    CHECK_INT(len, want);
    CHECK(strncmp(b, full, len) == 0);
  }
}

TEST(normalize_should_survive_any_bytes) {
  uint32_t x = 12345;
  for (int k = 0; k < 2000; k++) {
    char in[40], out[12];
    size_t len = 0;
    for (; len < sizeof in - 1; len++) {
      x = x * 1103515245u + 12345u;
      in[len] = (char)(x >> 24);
      if (!in[len]) break;
    }
    in[len] = '\0';
    size_t n = 1 + (size_t)k % sizeof out;
    ls_detect_normalize(in, out, n);
    CHECK(strlen(out) < n);
  }
}

/* ---- billing exports ---- */

TEST(detect_should_recognise_a_stripe_subscriptions_export) {
  const col c[] = {{"id", S}, {"Customer ID", S}, {"Customer Description", S}, {"Customer Email", S},
                   {"Plan", S}, {"Product", S}, {"Quantity", I}, {"Currency", S}, {"Interval", S},
                   {"Amount", D}, {"Status", S}, {"Created (UTC)", TM}, {"Start Date (UTC)", TM},
                   {"Current Period Start (UTC)", TM}, {"Current Period End (UTC)", TM},
                   {"Trial Start (UTC)", TM}, {"Trial End (UTC)", TM}, {"Canceled At (UTC)", TM},
                   {"Cancel At Period End", B}, {"Ended At (UTC)", TM}, {"Coupon", S},
                   {"plan_tier (metadata)", S}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_STR(ls_format_name(d.format), "stripe_subscriptions");
  CHECK_STR(ls_kind_name(d.kind), "subscriptions");
  CHECK_STR(d.reason, "Stripe subscriptions export: matched 21 of 26 columns");
  CHECK_STR(at(c, &d, LS_ROLE_ID), "id");
  CHECK_STR(at(c, &d, LS_ROLE_CUSTOMER), "Customer ID");
  CHECK_STR(at(c, &d, LS_ROLE_EMAIL), "Customer Email");
  CHECK_STR(at(c, &d, LS_ROLE_PLAN), "Plan");
  CHECK_STR(at(c, &d, LS_ROLE_AMOUNT), "Amount");
  CHECK_STR(at(c, &d, LS_ROLE_CREATED), "Created (UTC)");
  CHECK_STR(at(c, &d, LS_ROLE_START), "Start Date (UTC)");
  CHECK_STR(at(c, &d, LS_ROLE_TRIAL_END), "Trial End (UTC)");
  CHECK_STR(at(c, &d, LS_ROLE_CANCELED_AT), "Canceled At (UTC)");
  CHECK_STR(at(c, &d, LS_ROLE_ENDED_AT), "Ended At (UTC)");
  CHECK_STR(at(c, &d, LS_ROLE_USER), "-"); /* not a role of this kind */
  CHECK_INT(d.flags, 0);
}

TEST(detect_should_keep_the_roles_of_a_short_stripe_subscriptions_export) {
  const char *n[] = {"id", "Customer ID", "Plan", "Interval", "Amount", "Quantity", "Status",
                     "Start Date (UTC)", "Trial End (UTC)", "Canceled At (UTC)", "Ended At (UTC)"};
  ls_type t[] = {S, S, S, S, D, I, S, TM, TM, TM, TM};
  ls_table *tb = ls_table_new("t.csv");
  for (int i = 0; i < 11; i++) ls_table_add(tb, n[i], t[i]);
  ls_detection d;
  ls_detect(tb, &d);
  CHECK_STR(ls_kind_name(d.kind), "subscriptions");
  CHECK_INT(d.format, LS_FORMAT_STRIPE_SUBSCRIPTIONS);
  CHECK_INT(d.col[LS_ROLE_CUSTOMER], 1);
  CHECK_INT(d.col[LS_ROLE_AMOUNT], 4);
  CHECK_INT(d.col[LS_ROLE_START], 7);
  CHECK_INT(d.col[LS_ROLE_TRIAL_END], 8);
  CHECK_INT(d.col[LS_ROLE_CANCELED_AT], 9);
  CHECK_INT(d.col[LS_ROLE_ENDED_AT], 10);
  ls_table_free(tb);
}

TEST(detect_should_read_lower_case_subscriptions_as_a_generic_table) {
  const col c[] = {{"customer_id", S}, {"plan", S}, {"amount", I}, {"start (utc)", TM}, {"status", S}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_INT(d.kind, LS_KIND_SUBSCRIPTIONS);
  CHECK_INT(d.format, LS_FORMAT_GENERIC); /* 5 of Stripe's 26 columns are too few */
  CHECK_STR(at(c, &d, LS_ROLE_START), "start (utc)");
  CHECK_STR(d.reason, "Generic subscriptions table by column names: customer_id, plan, amount, status, start");
  CHECK_INT(d.matched, 0);
  CHECK_INT(d.listed, 0);
}

TEST(detect_should_recognise_a_stripe_customers_export) {
  const col c[] = {{"id", S}, {"Description", S}, {"Email", S}, {"Name", S}, {"Created (UTC)", TM},
                   {"Card ID", S}, {"Card Last4", I}, {"Card Brand", S}, {"Card Exp Month", I},
                   {"Card Exp Year", I}, {"Plan", S}, {"Currency", S}, {"Delinquent", B},
                   {"Account Balance", D}, {"Total Spend", D}, {"Payment Count", I},
                   {"Refunded Volume", D}, {"Dispute Losses", D}, {"Business Vat ID", S}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_STR(ls_format_name(d.format), "stripe_customers");
  CHECK_INT(d.kind, LS_KIND_CUSTOMERS);
  CHECK_STR(d.reason, "Stripe customers export: matched 18 of 19 columns");
  CHECK_STR(at(c, &d, LS_ROLE_CUSTOMER), "id");
  CHECK_STR(at(c, &d, LS_ROLE_SIGNUP), "Created (UTC)");
  CHECK_STR(at(c, &d, LS_ROLE_EMAIL), "Email");
  CHECK_STR(at(c, &d, LS_ROLE_PLAN), "Plan");
}

TEST(detect_should_recognise_a_stripe_payments_export) {
  const col c[] = {{"id", S}, {"Description", S}, {"Seller Message", S}, {"Created date (UTC)", TM},
                   {"Amount", D}, {"Amount Refunded", D}, {"Currency", S}, {"Converted Amount", D},
                   {"Converted Amount Refunded", D}, {"Fee", D}, {"Tax", D},
                   {"Converted Currency", S}, {"Mode", S}, {"Status", S},
                   {"Statement Descriptor", S}, {"Customer ID", S}, {"Customer Description", S},
                   {"Customer Email", S}, {"Captured", B}, {"Card ID", S}, {"Invoice ID", S},
                   {"Transfer", S}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_STR(ls_format_name(d.format), "stripe_payments");
  CHECK_INT(d.kind, LS_KIND_PAYMENTS);
  CHECK_STR(d.reason, "Stripe payments export: matched 21 of 26 columns");
  CHECK_STR(at(c, &d, LS_ROLE_ID), "id");
  CHECK_STR(at(c, &d, LS_ROLE_CREATED), "Created date (UTC)");
  CHECK_STR(at(c, &d, LS_ROLE_AMOUNT), "Amount");
  CHECK_STR(at(c, &d, LS_ROLE_REFUND_AMOUNT), "Amount Refunded");
  CHECK_STR(at(c, &d, LS_ROLE_FEE), "Fee");
  CHECK_STR(at(c, &d, LS_ROLE_CUSTOMER), "Customer ID");
  CHECK_STR(at(c, &d, LS_ROLE_SUCCESS), "Captured");
  CHECK_STR(at(c, &d, LS_ROLE_ORDER_ID), "Invoice ID");
}

TEST(detect_should_recognise_customers_and_payments_by_generic_names) {
  const col cc[] = {{"customer_id", S}, {"signup_at", TM}, {"channel", S},
                    {"segment", S},     {"country", S},    {"cac", D}};
  const col pc[] = {{"id", S},       {"Customer ID", S}, {"Subscription ID", S}, {"Amount", D},
                    {"Currency", S}, {"Status", S},      {"Created (UTC)", TM}};
  ls_detection d;
  DETECT(cc, &d);
  CHECK_INT(d.kind, LS_KIND_CUSTOMERS);
  CHECK_STR(at(cc, &d, LS_ROLE_SIGNUP), "signup_at");
  CHECK_STR(at(cc, &d, LS_ROLE_CAC), "cac");
  DETECT(pc, &d);
  CHECK_INT(d.kind, LS_KIND_PAYMENTS);
  CHECK_INT(d.format, LS_FORMAT_GENERIC);
  CHECK_STR(at(pc, &d, LS_ROLE_CREATED), "Created (UTC)");
  CHECK_STR(at(pc, &d, LS_ROLE_SUBSCRIPTION), "Subscription ID");
}

TEST(detect_should_recognise_the_baremetrics_template_in_cents) {
  const col c[] = {{"plan_oid", S},         {"plan_name", S},       {"plan_currency", S},
                   {"plan_amount", I},      {"plan_interval", S},   {"plan_interval_count", I},
                   {"customer_oid", S},     {"customer_name", S},   {"customer_email", S},
                   {"subscription_oid", S}, {"subscription_started_at", TM},
                   {"subscription_canceled_at", TM}, {"subscription_quantity", I}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_STR(ls_format_name(d.format), "baremetrics_subscriptions");
  CHECK_INT(d.kind, LS_KIND_SUBSCRIPTIONS);
  CHECK_STR(d.reason, "Baremetrics subscription import template: matched 13 of 13 columns");
  CHECK_INT(d.flags, LS_DETECT_MINOR_UNITS);
  CHECK_STR(at(c, &d, LS_ROLE_PLAN), "plan_name");
  CHECK_STR(at(c, &d, LS_ROLE_AMOUNT), "plan_amount");
  CHECK_STR(at(c, &d, LS_ROLE_INTERVAL_COUNT), "plan_interval_count");
  CHECK_STR(at(c, &d, LS_ROLE_CUSTOMER), "customer_oid");
  CHECK_STR(at(c, &d, LS_ROLE_ID), "subscription_oid");
  CHECK_STR(at(c, &d, LS_ROLE_START), "subscription_started_at");
  CHECK_STR(at(c, &d, LS_ROLE_CANCELED_AT), "subscription_canceled_at");
  CHECK_STR(at(c, &d, LS_ROLE_ENDED_AT), "subscription_canceled_at");
}

TEST(detect_should_recognise_chartmogul_customers_and_plans) {
  const col cc[] = {{"External ID", S}, {"Name", S}, {"Email", S},           {"Company", S},
                    {"Country", S},     {"State", S}, {"City", S},           {"Zip", S},
                    {"Lead created at", TM}, {"Free trial started at", TM}};
  const col pc[] = {{"name", S}, {"interval_count", I}, {"interval_unit", S}, {"external_id", S}};
  ls_detection d;
  DETECT(cc, &d);
  CHECK_STR(ls_format_name(d.format), "chartmogul_customers");
  CHECK_INT(d.kind, LS_KIND_CUSTOMERS);
  CHECK_STR(d.reason, "ChartMogul customers import: matched 9 of 10 columns");
  CHECK_STR(at(cc, &d, LS_ROLE_CUSTOMER), "External ID");
  CHECK_STR(at(cc, &d, LS_ROLE_SIGNUP), "Lead created at");
  CHECK_STR(at(cc, &d, LS_ROLE_REGION), "State");
  DETECT(pc, &d);
  CHECK_STR(ls_format_name(d.format), "chartmogul_plans");
  CHECK_STR(ls_kind_name(d.kind), "plans");
  CHECK_STR(at(pc, &d, LS_ROLE_PLAN), "name");
  CHECK_STR(at(pc, &d, LS_ROLE_INTERVAL), "interval_unit");
  CHECK_STR(at(pc, &d, LS_ROLE_INTERVAL_COUNT), "interval_count");
  CHECK_STR(at(pc, &d, LS_ROLE_ID), "external_id");
}

TEST(detect_should_read_chartmogul_line_items_as_payments_in_cents) {
  const col c[] = {{"customer_external_id", S}, {"invoice_external_id", S}, {"date", TM},
                   {"currency", S}, {"line_item_type", S}, {"line_item_subscription_external_id", S},
                   {"line_item_plan_external_id", S}, {"line_item_service_period_start", TM},
                   {"line_item_service_period_end", TM}, {"line_item_amount_in_cents", I},
                   {"line_item_quantity", I}, {"line_item_discount_amount_in_cents", I},
                   {"line_item_tax_amount_in_cents", I}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_STR(ls_format_name(d.format), "chartmogul_line_items");
  CHECK_INT(d.kind, LS_KIND_PAYMENTS);
  CHECK_STR(d.reason, "ChartMogul invoice line items import: matched 13 of 16 columns");
  CHECK_INT(d.flags, LS_DETECT_MINOR_UNITS);
  CHECK_STR(at(c, &d, LS_ROLE_AMOUNT), "line_item_amount_in_cents");
  CHECK_STR(at(c, &d, LS_ROLE_CREATED), "date");
  CHECK_STR(at(c, &d, LS_ROLE_CUSTOMER), "customer_external_id");
  CHECK_STR(at(c, &d, LS_ROLE_ID), "invoice_external_id");
}

TEST(detect_should_name_line_items_without_dates_but_leave_their_kind_unknown) {
  const col c[] = {{"invoice_external_id", S}, {"type", S}, {"subscription_external_id", S},
                   {"plan_uuid", S}, {"service_period_start", TM}, {"service_period_end", TM},
                   {"amount_in_cents", I}, {"quantity", I}, {"discount_amount_in_cents", I},
                   {"tax_amount_in_cents", I}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_INT(d.format, LS_FORMAT_CHARTMOGUL_LINE_ITEMS);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_STR(d.reason, "ChartMogul invoice line items import: matched 10 of 16 columns, but created "
                      "needs a timestamp column");
  CHECK_STR(at(c, &d, LS_ROLE_AMOUNT), "amount_in_cents"); /* what was read is kept */
}

TEST(detect_should_recognise_chartmogul_subscription_events) {
  const col c[] = {{"external_id", S}, {"customer_external_id", S}, {"data_source_uuid", S},
                   {"event_type", S}, {"event_date", TM}, {"effective_date", TM},
                   {"subscription_external_id", S}, {"plan_external_id", S}, {"currency", S},
                   {"amount_in_cents", I}, {"quantity", I}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_STR(ls_format_name(d.format), "chartmogul_subscription_events");
  CHECK_STR(ls_kind_name(d.kind), "subscription_events");
  CHECK_STR(d.reason, "ChartMogul subscription events import: matched 11 of 13 columns");
  CHECK_STR(at(c, &d, LS_ROLE_EVENT), "event_type");
  CHECK_STR(at(c, &d, LS_ROLE_TIMESTAMP), "effective_date");
  CHECK_STR(at(c, &d, LS_ROLE_CREATED), "event_date");
  CHECK_STR(at(c, &d, LS_ROLE_SUBSCRIPTION), "subscription_external_id");
  CHECK_STR(at(c, &d, LS_ROLE_PLAN), "plan_external_id");
}

/* ---- product analytics ---- */

TEST(detect_should_recognise_a_posthog_events_export) {
  const col c[] = {{"uuid", S}, {"event", S}, {"properties", S}, {"timestamp", TM},
                   {"distinct_id", S}, {"elements_chain", S}, {"created_at", TM},
                   {"$session_id", S}, {"$window_id", S}, {"person_id", S},
                   {"properties.$browser", S}, {"properties.$os", S},
                   {"properties.$current_url", S}, {"properties.$geoip_country_code", S}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_STR(ls_format_name(d.format), "posthog_events");
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK_STR(d.reason, "PostHog events export: matched 13 of 15 columns");
  CHECK_STR(at(c, &d, LS_ROLE_ID), "uuid");
  CHECK_STR(at(c, &d, LS_ROLE_EVENT), "event");
  CHECK_STR(at(c, &d, LS_ROLE_USER), "distinct_id");
  CHECK_STR(at(c, &d, LS_ROLE_TIMESTAMP), "timestamp");
  CHECK_STR(at(c, &d, LS_ROLE_SESSION), "$session_id");
  CHECK_STR(at(c, &d, LS_ROLE_COUNTRY), "properties.$geoip_country_code");
}

TEST(detect_should_recognise_a_minimal_posthog_export_with_star_prefixes) {
  const col c[] = {{"*.uuid", S}, {"*.event", S}, {"*.distinct_id", S}, {"*.timestamp", TM},
                   {"*.properties", S}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_INT(d.format, LS_FORMAT_POSTHOG_EVENTS);
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK_STR(d.reason, "PostHog events export: matched 5 of 15 columns");
  CHECK_STR(at(c, &d, LS_ROLE_USER), "*.distinct_id");
}

TEST(detect_should_recognise_flattened_mixpanel_json_lines) {
  const col c[] = {{"event", S}, {"properties.time", TM}, {"properties.distinct_id", S},
                   {"properties.$insert_id", S}, {"properties.mp_processing_time_ms", I},
                   {"properties.$browser", S}, {"properties.$os", S}, {"properties.$city", S},
                   {"properties.$region", S}, {"properties.mp_country_code", S},
                   {"properties.$current_url", S}, {"properties.mp_lib", S}, {"properties.plan", S}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_STR(ls_format_name(d.format), "mixpanel_events");
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK_STR(d.reason, "Mixpanel events export: matched 12 of 14 columns");
  CHECK_STR(at(c, &d, LS_ROLE_TIMESTAMP), "properties.time");
  CHECK_STR(at(c, &d, LS_ROLE_USER), "properties.distinct_id");
  CHECK_STR(at(c, &d, LS_ROLE_ID), "properties.$insert_id");
  CHECK_STR(at(c, &d, LS_ROLE_REGION), "properties.$region");
  CHECK_STR(at(c, &d, LS_ROLE_COUNTRY), "properties.mp_country_code");
}

TEST(detect_should_recognise_segment_events_without_reading_its_channel_as_acquisition) {
  const col c[] = {{"type", S}, {"event", S}, {"userId", S}, {"anonymousId", S}, {"timestamp", TM},
                   {"messageId", S}, {"receivedAt", TM}, {"sentAt", TM}, {"originalTimestamp", TM},
                   {"context.ip", S}, {"context.library.name", S}, {"context.library.version", S},
                   {"context.userAgent", S}, {"properties.plan", S}, {"channel", S}, {"version", I}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_STR(ls_format_name(d.format), "segment_events");
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK_STR(d.reason, "Segment events: matched 14 of 16 columns");
  CHECK_STR(at(c, &d, LS_ROLE_USER), "userId");
  CHECK_STR(at(c, &d, LS_ROLE_ANONYMOUS_ID), "anonymousId");
  CHECK_STR(at(c, &d, LS_ROLE_ID), "messageId");
  CHECK_STR(at(c, &d, LS_ROLE_CHANNEL), "-");
}

TEST(detect_should_recognise_an_amplitude_export) {
  const col c[] = {{"$insert_id", S}, {"amplitude_id", I}, {"app", I}, {"city", S},
                   {"client_event_time", TM}, {"client_upload_time", TM}, {"country", S},
                   {"device_id", S}, {"device_type", S}, {"event_id", I}, {"event_properties", S},
                   {"event_time", TM}, {"event_type", S}, {"ip_address", S}, {"language", S},
                   {"library", S}, {"os_name", S}, {"platform", S}, {"region", S},
                   {"server_upload_time", TM}, {"session_id", I}, {"user_id", S},
                   {"user_properties", S}, {"uuid", S}, {"version_name", S},
                   {"event_properties.plan", S}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_STR(ls_format_name(d.format), "amplitude_events");
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK_STR(d.reason, "Amplitude events export: matched 23 of 24 columns");
  CHECK_STR(at(c, &d, LS_ROLE_EVENT), "event_type");
  CHECK_STR(at(c, &d, LS_ROLE_USER), "user_id");
  CHECK_STR(at(c, &d, LS_ROLE_TIMESTAMP), "event_time");
  CHECK_STR(at(c, &d, LS_ROLE_ID), "$insert_id");
  CHECK_STR(at(c, &d, LS_ROLE_ANONYMOUS_ID), "device_id");
  CHECK_STR(at(c, &d, LS_ROLE_SESSION), "session_id");
  CHECK_STR(at(c, &d, LS_ROLE_REGION), "region");
}

static const col GA4[] = {{"event_date", S}, {"event_timestamp", TM}, {"event_name", S},
                          {"event_params", S}, {"event_previous_timestamp", I},
                          {"event_value_in_usd", D}, {"event_bundle_sequence_id", I},
                          {"event_server_timestamp_offset", I}, {"user_id", S},
                          {"user_pseudo_id", S}, {"user_properties", S},
                          {"user_first_touch_timestamp", I}, {"user_ltv.revenue", D},
                          {"user_ltv.currency", S}, {"device.category", S},
                          {"device.operating_system", S}, {"geo.country", S}, {"geo.region", S},
                          {"geo.city", S}, {"traffic_source.name", S}, {"traffic_source.medium", S},
                          {"traffic_source.source", S}, {"stream_id", I}, {"platform", S},
                          {"items", S}};

TEST(detect_should_recognise_a_ga4_bigquery_export) {
  ls_detection d;
  DETECT(GA4, &d);
  CHECK_STR(ls_format_name(d.format), "ga4_events");
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK_STR(d.reason, "GA4 BigQuery events export: matched 24 of 26 columns");
  CHECK_STR(at(GA4, &d, LS_ROLE_TIMESTAMP), "event_timestamp");
  CHECK_STR(at(GA4, &d, LS_ROLE_EVENT), "event_name");
  CHECK_STR(at(GA4, &d, LS_ROLE_USER), "user_pseudo_id");
  CHECK_STR(at(GA4, &d, LS_ROLE_REVENUE), "event_value_in_usd");
  CHECK_STR(at(GA4, &d, LS_ROLE_CHANNEL), "traffic_source.source");
  CHECK_STR(at(GA4, &d, LS_ROLE_CAMPAIGN), "traffic_source.name");
  CHECK_STR(at(GA4, &d, LS_ROLE_COUNTRY), "geo.country");
}

TEST(detect_should_name_a_ga4_export_with_integer_times_but_not_make_it_events) {
  col c[sizeof GA4 / sizeof GA4[0]];
  memcpy(c, GA4, sizeof c);
  c[1].type = I; /* microseconds the reader did not read as times */
  ls_detection d;
  DETECT(c, &d);
  CHECK_INT(d.format, LS_FORMAT_GA4_EVENTS);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_STR(d.reason, "GA4 BigQuery events export: matched 24 of 26 columns, but timestamp needs a "
                      "timestamp column");
  CHECK_STR(at(c, &d, LS_ROLE_TIMESTAMP), "-");
}

/* ---- commerce ---- */

TEST(detect_should_recognise_a_shopify_orders_export_past_64_columns) {
  const col c[] = {
    {"Name", S}, {"Email", S}, {"Financial Status", S}, {"Paid at", TM}, {"Fulfillment Status", S},
    {"Fulfilled at", TM}, {"Accepts Marketing", S}, {"Currency", S}, {"Subtotal", D},
    {"Shipping", D}, {"Taxes", D}, {"Total", D}, {"Discount Code", S}, {"Discount Amount", D},
    {"Shipping Method", S}, {"Created at", TM}, {"Lineitem quantity", I}, {"Lineitem name", S},
    {"Lineitem price", D}, {"Lineitem compare at price", D}, {"Lineitem sku", S},
    {"Lineitem requires shipping", B}, {"Lineitem taxable", B}, {"Lineitem fulfillment status", S},
    {"Billing Name", S}, {"Billing Street", S}, {"Billing Address1", S}, {"Billing Address2", S},
    {"Billing Company", S}, {"Billing City", S}, {"Billing Zip", S}, {"Billing Province", S},
    {"Billing Country", S}, {"Billing Phone", S}, {"Shipping Name", S}, {"Shipping Street", S},
    {"Shipping Address1", S}, {"Shipping Address2", S}, {"Shipping Company", S},
    {"Shipping City", S}, {"Shipping Zip", S}, {"Shipping Province", S}, {"Shipping Country", S},
    {"Shipping Phone", S}, {"Notes", S}, {"Note Attributes", S}, {"Cancelled at", TM},
    {"Payment Method", S}, {"Payment Reference", S}, {"Refunded Amount", D}, {"Vendor", S},
    {"Outstanding Balance", D}, {"Employee", S}, {"Location", S}, {"Device ID", S}, {"Id", I},
    {"Tags", S}, {"Risk Level", S}, {"Source", S}, {"Lineitem discount", D}, {"Tax 1 Name", S},
    {"Tax 1 Value", D}, {"Phone", S}, {"Receipt Number", S}, {"Duties", D},
    {"Billing Province Name", S}, {"Shipping Province Name", S}, {"Payment ID", S},
    {"Payment Terms Name", S}, {"Next Payment Due At", TM}, {"Payment References", S}};
  CHECK(sizeof c / sizeof c[0] > 64);
  ls_detection d;
  DETECT(c, &d);
  CHECK_STR(ls_format_name(d.format), "shopify_orders");
  CHECK_INT(d.kind, LS_KIND_PAYMENTS);
  CHECK_STR(d.reason, "Shopify orders export: matched 34 of 34 columns");
  CHECK_STR(at(c, &d, LS_ROLE_ORDER_ID), "Name");
  CHECK_STR(at(c, &d, LS_ROLE_CUSTOMER), "Email");
  CHECK_STR(at(c, &d, LS_ROLE_EMAIL), "Email");
  CHECK_STR(at(c, &d, LS_ROLE_STATUS), "Financial Status");
  CHECK_STR(at(c, &d, LS_ROLE_AMOUNT), "Total");
  CHECK_STR(at(c, &d, LS_ROLE_CREATED), "Created at");
  CHECK_STR(at(c, &d, LS_ROLE_QUANTITY), "Lineitem quantity");
  CHECK_STR(at(c, &d, LS_ROLE_PLAN), "Lineitem name");
  CHECK_STR(at(c, &d, LS_ROLE_CANCELED_AT), "Cancelled at");
  CHECK_STR(at(c, &d, LS_ROLE_REFUND_AMOUNT), "Refunded Amount");
  CHECK_STR(at(c, &d, LS_ROLE_ID), "Id");
  CHECK_STR(at(c, &d, LS_ROLE_CHANNEL), "Source");
  CHECK_STR(at(c, &d, LS_ROLE_COUNTRY), "Billing Country");
}

TEST(detect_should_recognise_both_alipay_bill_layouts) {
  const col old[] = {{"交易号", S}, {"商家订单号", S}, {"交易创建时间", TM}, {"付款时间", TM},
                     {"最近修改时间", TM}, {"交易来源地", S}, {"类型", S}, {"交易对方", S},
                     {"商品名称", S}, {"金额（元）", D}, {"收/支", S}, {"交易状态", S},
                     {"服务费（元）", D}, {"成功退款（元）", D}, {"备注", S}, {"资金状态", S}};
  const col now[] = {{"交易时间", TM}, {"交易分类", S}, {"交易对方", S}, {"对方账号", S},
                     {"商品说明", S}, {"收/支", S}, {"金额", D}, {"收/付款方式", S},
                     {"交易状态", S}, {"交易订单号", S}, {"商家订单号", S}, {"备注", S}};
  ls_detection d;
  DETECT(old, &d);
  CHECK_STR(ls_format_name(d.format), "alipay_bill");
  CHECK_INT(d.kind, LS_KIND_PAYMENTS);
  CHECK_STR(d.reason, "Alipay bill export: matched 16 of 18 columns");
  CHECK_STR(at(old, &d, LS_ROLE_ID), "交易号");
  CHECK_STR(at(old, &d, LS_ROLE_ORDER_ID), "商家订单号");
  CHECK_STR(at(old, &d, LS_ROLE_CREATED), "交易创建时间");
  CHECK_STR(at(old, &d, LS_ROLE_CUSTOMER), "交易对方");
  CHECK_STR(at(old, &d, LS_ROLE_AMOUNT), "金额（元）");
  CHECK_STR(at(old, &d, LS_ROLE_DIRECTION), "收/支");
  CHECK_STR(at(old, &d, LS_ROLE_FEE), "服务费（元）");
  CHECK_STR(at(old, &d, LS_ROLE_REFUND_AMOUNT), "成功退款（元）");
  DETECT(now, &d);
  CHECK_INT(d.format, LS_FORMAT_ALIPAY_BILL);
  CHECK_STR(d.reason, "Alipay bill export: matched 12 of 18 columns");
  CHECK_STR(at(now, &d, LS_ROLE_ID), "交易订单号");
  CHECK_STR(at(now, &d, LS_ROLE_CREATED), "交易时间");
  CHECK_STR(at(now, &d, LS_ROLE_AMOUNT), "金额");
  CHECK_STR(at(now, &d, LS_ROLE_PLAN), "商品说明");
}

TEST(detect_should_recognise_a_wechat_pay_bill_with_either_parentheses) {
  col c[] = {{"交易时间", TM}, {"交易类型", S}, {"交易对方", S}, {"商品", S},
             {"收/支", S},     {"金额(元)", D}, {"支付方式", S}, {"当前状态", S},
             {"交易单号", S},  {"商户单号", S}, {"备注", S}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_STR(ls_format_name(d.format), "wechat_bill");
  CHECK_INT(d.kind, LS_KIND_PAYMENTS);
  CHECK_STR(d.reason, "WeChat Pay bill export: matched 11 of 11 columns");
  CHECK_STR(at(c, &d, LS_ROLE_CREATED), "交易时间");
  CHECK_STR(at(c, &d, LS_ROLE_AMOUNT), "金额(元)");
  CHECK_STR(at(c, &d, LS_ROLE_STATUS), "当前状态");
  CHECK_STR(at(c, &d, LS_ROLE_ID), "交易单号");
  CHECK_STR(at(c, &d, LS_ROLE_ORDER_ID), "商户单号");
  c[5].name = "金额（元）";
  DETECT(c, &d);
  CHECK_INT(d.format, LS_FORMAT_WECHAT_BILL);
  CHECK_STR(at(c, &d, LS_ROLE_AMOUNT), "金额（元）");
}

/* ---- generic tables ---- */

TEST(detect_should_read_a_chinese_orders_table_as_payments) {
  const col c[] = {{"订单号", S}, {"用户ID", S}, {"下单时间", TM}, {"实付金额", D},
                   {"渠道", S},   {"订单状态", S}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_INT(d.format, LS_FORMAT_GENERIC);
  CHECK_STR(ls_kind_name(d.kind), "payments");
  CHECK_STR(at(c, &d, LS_ROLE_ORDER_ID), "订单号");
  CHECK_STR(at(c, &d, LS_ROLE_CUSTOMER), "用户ID");
  CHECK_STR(at(c, &d, LS_ROLE_CREATED), "下单时间");
  CHECK_STR(at(c, &d, LS_ROLE_AMOUNT), "实付金额");
  CHECK_STR(at(c, &d, LS_ROLE_CHANNEL), "渠道");
  CHECK_STR(at(c, &d, LS_ROLE_STATUS), "订单状态");
  CHECK_STR(at(c, &d, LS_ROLE_USER), "-");
  CHECK_STR(d.reason,
            "Generic payments table by column names: customer_id, amount, status, created, channel, order_id");
}

TEST(detect_should_read_chinese_events_and_customers) {
  const col ev[] = {{"用户ID", S}, {"事件名", S}, {"时间", TM}, {"渠道", S}};
  const col cu[] = {{"会员ID", S}, {"注册时间", TM}, {"来源", S}, {"地区", S}};
  ls_detection d;
  DETECT(ev, &d);
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK_STR(at(ev, &d, LS_ROLE_USER), "用户ID");
  CHECK_STR(at(ev, &d, LS_ROLE_EVENT), "事件名");
  CHECK_STR(at(ev, &d, LS_ROLE_TIMESTAMP), "时间");
  CHECK_STR(at(ev, &d, LS_ROLE_CHANNEL), "渠道");
  DETECT(cu, &d);
  CHECK_INT(d.kind, LS_KIND_CUSTOMERS);
  CHECK_STR(at(cu, &d, LS_ROLE_CUSTOMER), "会员ID");
  CHECK_STR(at(cu, &d, LS_ROLE_SIGNUP), "注册时间");
  CHECK_STR(at(cu, &d, LS_ROLE_CHANNEL), "来源");
  CHECK_STR(at(cu, &d, LS_ROLE_REGION), "地区");
  CHECK_STR(at(cu, &d, LS_ROLE_USER), "-");
}

TEST(detect_should_read_marketing_spend_in_chinese_and_english) {
  const col zh[] = {{"日期", TM}, {"广告计划", S}, {"花费", D}, {"展现量", I}, {"点击量", I}, {"转化数", I}};
  const col en[] = {{"Day", TM}, {"Campaign", S}, {"Cost", D}, {"Impr.", I}, {"Clicks", I},
                    {"Conversions", D}};
  ls_detection d;
  DETECT(zh, &d);
  CHECK_STR(ls_kind_name(d.kind), "marketing_spend");
  CHECK_STR(at(zh, &d, LS_ROLE_TIMESTAMP), "日期");
  CHECK_STR(at(zh, &d, LS_ROLE_CAMPAIGN), "广告计划");
  CHECK_STR(at(zh, &d, LS_ROLE_SPEND), "花费");
  CHECK_STR(at(zh, &d, LS_ROLE_IMPRESSIONS), "展现量");
  CHECK_STR(at(zh, &d, LS_ROLE_CLICKS), "点击量");
  CHECK_STR(at(zh, &d, LS_ROLE_CONVERSIONS), "转化数");
  CHECK_STR(at(zh, &d, LS_ROLE_PLAN), "-");
  DETECT(en, &d);
  CHECK_INT(d.kind, LS_KIND_SPEND);
  CHECK_STR(at(en, &d, LS_ROLE_TIMESTAMP), "Day");
  CHECK_STR(at(en, &d, LS_ROLE_SPEND), "Cost");
  CHECK_STR(at(en, &d, LS_ROLE_IMPRESSIONS), "Impr.");
}

TEST(detect_should_read_reviews_and_entity_scores) {
  const col rz[] = {{"店铺", S}, {"评分", D}, {"评价内容", S}, {"时间", TM}};
  const col re[] = {{"review_id", S}, {"product", S}, {"rating", I}, {"review_text", S},
                    {"created_at", TM}, {"user_id", S}};
  const col sz[] = {{"店铺ID", S}, {"日期", TM}, {"综合评分", D}};
  const col se[] = {{"shop_id", S}, {"hour", TM}, {"roas", D}, {"spend", D}};
  ls_detection d;
  DETECT(rz, &d);
  CHECK_STR(ls_kind_name(d.kind), "reviews");
  CHECK_STR(at(rz, &d, LS_ROLE_ENTITY), "店铺");
  CHECK_STR(at(rz, &d, LS_ROLE_SCORE), "评分");
  CHECK_STR(at(rz, &d, LS_ROLE_REVIEW_TEXT), "评价内容");
  CHECK_STR(at(rz, &d, LS_ROLE_TIMESTAMP), "时间");
  DETECT(re, &d);
  CHECK_INT(d.kind, LS_KIND_REVIEWS);
  CHECK_STR(at(re, &d, LS_ROLE_SCORE), "rating");
  CHECK_STR(at(re, &d, LS_ROLE_TIMESTAMP), "created_at");
  CHECK_STR(at(re, &d, LS_ROLE_USER), "user_id");
  CHECK_STR(at(re, &d, LS_ROLE_PLAN), "product");
  DETECT(sz, &d);
  CHECK_STR(ls_kind_name(d.kind), "entity_scores");
  CHECK_STR(at(sz, &d, LS_ROLE_ENTITY), "店铺ID");
  CHECK_STR(at(sz, &d, LS_ROLE_SCORE), "综合评分");
  DETECT(se, &d);
  CHECK_INT(d.kind, LS_KIND_SCORES); /* spend without a campaign or clicks is a score's companion */
  CHECK_STR(at(se, &d, LS_ROLE_SCORE), "roas");
  CHECK_STR(at(se, &d, LS_ROLE_SPEND), "spend");
}

TEST(detect_should_need_a_timestamp_typed_time_column) {
  /* a timestamp column that did not parse as times is no event time */
  ls_table *tb = ls_table_new("t.csv");
  ls_column_push_str(ls_table_add(tb, "distinct_id", S), "u", 1);
  ls_column_push_str(ls_table_add(tb, "event", S), "e", 1);
  ls_column_push_str(ls_table_add(tb, "timestamp", S), "yesterday", 9);
  ls_detection d;
  ls_detect(tb, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_INT(d.col[LS_ROLE_TIMESTAMP], -1);
  ls_table_free(tb);
}

TEST(detect_should_let_an_all_null_column_carry_any_role) {
  ls_table *tb = ls_table_new("t.csv");
  ls_column_push_str(ls_table_add(tb, "distinct_id", S), "u", 1);
  ls_column_push_str(ls_table_add(tb, "event", S), "e", 1);
  ls_column_push_null(ls_table_add(tb, "timestamp", S));
  ls_detection d;
  ls_detect(tb, &d);
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK_INT(d.col[LS_ROLE_TIMESTAMP], 2);
  ls_table_free(tb);
}

TEST(detect_should_refuse_roles_to_columns_of_the_wrong_type) {
  const col c[] = {{"订单号", D}, {"用户ID", B}, {"下单时间", TM}, {"实付金额", S}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_STR(at(c, &d, LS_ROLE_ORDER_ID), "-");
  CHECK_STR(at(c, &d, LS_ROLE_CUSTOMER), "-");
  CHECK_STR(at(c, &d, LS_ROLE_AMOUNT), "-");
  CHECK_STR(d.reason, "No known export or kind; roles read: created");
}

TEST(detect_should_leave_ambiguous_or_unrelated_tables_unknown) {
  const col a[] = {{"sku", S}, {"price", D}, {"weight", D}};
  const col b[] = {{"name", S}, {"value", D}, {"note", S}};
  const col c[] = {{"用户ID", S}, {"金额", D}};          /* money without a time */
  const col e[] = {{"event", S}, {"timestamp", TM}};    /* events without a user */
  ls_detection d;
  DETECT(a, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_STR(ls_kind_name(d.kind), "unknown");
  CHECK_STR(at(a, &d, LS_ROLE_AMOUNT), "price"); /* what could be read is still reported */
  DETECT(b, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_STR(d.reason, "No known export or kind");
  DETECT(c, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_STR(d.reason, "No known export or kind; roles read: customer_id, user_id, amount");
  DETECT(e, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  ls_detect(NULL, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_INT(d.format, LS_FORMAT_GENERIC);
}

TEST(detect_should_read_roles_from_the_first_256_columns_only) {
  ls_table *t = ls_table_new("wide.csv");
  char name[16];
  for (int i = 0; i < 300; i++) {
    snprintf(name, sizeof name, "c%d", i);
    ls_table_add(t, i == 270 ? "distinct_id" : i == 271 ? "event" : i == 272 ? "timestamp" : name,
                 i == 272 ? TM : S);
  }
  ls_detection d;
  ls_detect(t, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_INT(d.col[LS_ROLE_USER], -1);
  ls_table_free(t);
}

TEST(detect_should_never_allocate) {
  ls_table *t = table_of(GA4, sizeof GA4 / sizeof GA4[0]);
  ls_detection d;
  ls_alloc_fail_after(1);
  ls_detect(t, &d);
  uint64_t sig = ls_detect_signature(t);
  CHECK_INT(ls_alloc_fail_after(0), 0);
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK(sig != 0);
  ls_table_free(t);
}

TEST(detect_should_survive_any_column_names) {
  uint32_t x = 777;
  for (int k = 0; k < 300; k++) {
    ls_table *t = ls_table_new("fuzz.csv");
    int ncols = 1 + k % 9;
    for (int i = 0; i < ncols; i++) {
      char name[48];
      size_t len = 0;
      x = x * 1103515245u + 12345u;
      size_t want = (x >> 16) % sizeof name;
      for (; len < want; len++) {
        x = x * 1103515245u + 12345u;
        name[len] = (char)((x >> 24) | 1); /* any byte but NUL */
      }
      name[len] = '\0';
      ls_table_add(t, name, (ls_type)((x >> 8) % LS_TYPE_COUNT));
    }
    ls_detection d;
    ls_detect(t, &d);
    CHECK(d.kind >= 0 && d.kind < LS_KIND_COUNT);
    CHECK(strlen(d.reason) < sizeof d.reason);
    for (int r = 0; r < LS_ROLE_COUNT; r++) CHECK(d.col[r] >= -1 && d.col[r] < ncols);
    ls_detect_signature(t);
    ls_table_free(t);
  }
}

/* ---- header signatures ---- */

static uint64_t sig_of(const char *const *names, int n) {
  ls_table *t = ls_table_new("t.csv");
  for (int i = 0; i < n; i++) ls_table_add(t, names[i], S);
  uint64_t s = ls_detect_signature(t);
  ls_table_free(t);
  return s;
}

TEST(signature_should_be_fnv1a_of_normalised_names_joined_by_unit_separators) {
  char text[LS_DETECT_SIGNATURE_TEXT];
  const char *one[] = {"A"};
  ls_detect_signature_text(sig_of(one, 1), text);
  CHECK_STR(text, "af63dc4c8601ec8c"); /* FNV-1a 64 of "a" */
  const char *two[] = {"Customer ID", "Amount"};
  ls_detect_signature_text(sig_of(two, 2), text);
  CHECK_STR(text, "2bf7f03e504334f5"); /* of "customerid\x1f" "amount" */
  const char *zh[] = {"用户ID", "金额（元）"};
  ls_detect_signature_text(sig_of(zh, 2), text);
  CHECK_STR(text, "7d1aa43cb95bc26d"); /* of "用户id\x1f金额元" */
  ls_detect_signature_text(ls_detect_signature(NULL), text);
  CHECK_STR(text, "cbf29ce484222325");
}

TEST(signature_should_ignore_case_and_punctuation_but_not_order) {
  const char *a[] = {"Customer ID", "Start Date (UTC)", "Amount"};
  const char *b[] = {"customer_id", "start date utc", "AMOUNT"};
  const char *c[] = {"Customer ID", "Amount", "Start Date (UTC)"};
  const char *d[] = {"Customer ID", "Start Date (UTC)"};
  CHECK(sig_of(a, 3) == sig_of(a, 3));
  CHECK(sig_of(a, 3) == sig_of(b, 3));
  CHECK(sig_of(a, 3) != sig_of(c, 3));
  CHECK(sig_of(a, 3) != sig_of(d, 2));
  /* the separator keeps "ab","c" apart from "a","bc" */
  const char *e[] = {"ab", "c"}, *f[] = {"a", "bc"};
  CHECK(sig_of(e, 2) != sig_of(f, 2));
}

TEST(signature_should_read_whole_names_and_every_column) {
  char l1[200], l2[200];
  memset(l1, 'x', sizeof l1 - 1);
  l1[sizeof l1 - 1] = '\0';
  memcpy(l2, l1, sizeof l2);
  l2[150] = 'y'; /* past what detection keeps of a name */
  const char *a[] = {l1}, *b[] = {l2};
  CHECK(sig_of(a, 1) != sig_of(b, 1));
  ls_table *t = ls_table_new("wide.csv");
  for (int i = 0; i < 300; i++) ls_table_add(t, "c", S);
  uint64_t s1 = ls_detect_signature(t);
  ls_table_add(t, "c", S);
  CHECK(ls_detect_signature(t) != s1);
  ls_table_free(t);
}

/* ---- manual mapping ---- */

static int keep_all[LS_ROLE_COUNT];

static void keep_roles(void) {
  for (int r = 0; r < LS_ROLE_COUNT; r++) keep_all[r] = LS_DETECT_KEEP;
}

TEST(apply_should_set_a_kind_and_roles_the_user_chose) {
  const col c[] = {{"who", S}, {"what", S}, {"when", TM}, {"price", S}};
  ls_table *t = table_of(c, 4);
  ls_detection d;
  ls_detect(t, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  keep_roles();
  keep_all[LS_ROLE_USER] = 0;
  keep_all[LS_ROLE_EVENT] = 1;
  keep_all[LS_ROLE_TIMESTAMP] = 2;
  char err[200] = "x";
  CHECK_INT(ls_detect_apply(t, LS_KIND_EVENTS, keep_all, &d, err, sizeof err), LS_OK);
  CHECK_STR(err, "");
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK_INT(d.col[LS_ROLE_USER], 0);
  CHECK_INT(d.col[LS_ROLE_EVENT], 1);
  CHECK_INT(d.col[LS_ROLE_TIMESTAMP], 2);
  CHECK_INT(d.col[LS_ROLE_AMOUNT], -1);
  CHECK(d.flags & LS_DETECT_MANUAL);
  CHECK_STR(d.reason, "Set by hand: events dataset");
  ls_table_free(t);
}

TEST(apply_should_keep_a_detection_and_its_format_when_asked_to) {
  const col c[] = {{"plan_oid", S}, {"plan_name", S}, {"plan_amount", I}, {"customer_oid", S},
                   {"subscription_started_at", TM}, {"subscription_canceled_at", TM}};
  ls_table *t = table_of(c, 6);
  ls_detection d, before;
  ls_detect(t, &d);
  before = d;
  CHECK_INT(d.format, LS_FORMAT_BAREMETRICS_SUBSCRIPTIONS);
  CHECK_INT(ls_detect_apply(t, LS_DETECT_KEEP, NULL, &d, NULL, 0), LS_OK);
  CHECK_INT(d.kind, LS_KIND_SUBSCRIPTIONS);
  CHECK_INT(d.format, LS_FORMAT_BAREMETRICS_SUBSCRIPTIONS);
  CHECK_INT(d.flags, LS_DETECT_MINOR_UNITS | LS_DETECT_MANUAL);
  CHECK(memcmp(d.col, before.col, sizeof d.col) == 0);
  /* moving to another kind drops the roles that mean nothing there */
  keep_roles();
  keep_all[LS_ROLE_CREATED] = 4;
  CHECK_INT(ls_detect_apply(t, LS_KIND_PAYMENTS, keep_all, &d, NULL, 0), LS_OK);
  CHECK_INT(d.col[LS_ROLE_AMOUNT], 2);
  CHECK_INT(d.col[LS_ROLE_CUSTOMER], 3);
  CHECK_INT(d.col[LS_ROLE_START], -1);
  CHECK_INT(d.col[LS_ROLE_CANCELED_AT], 5);
  ls_table_free(t);
}

TEST(apply_should_refuse_a_mapping_with_reasons_and_leave_the_detection) {
  const col c[] = {{"who", S}, {"what", S}, {"when", TM}, {"price", S}};
  ls_table *t = table_of(c, 4);
  ls_detection d, before;
  ls_detect(t, &d);
  before = d;
  char err[200];

  keep_roles();
  keep_all[LS_ROLE_AMOUNT] = 3;
  keep_all[LS_ROLE_CREATED] = 2;
  CHECK_INT(ls_detect_apply(t, LS_KIND_PAYMENTS, keep_all, &d, err, sizeof err), LS_EINVAL);
  CHECK_STR(err, "t.csv: column \"price\" is string; the role amount needs a number column");

  keep_roles();
  keep_all[LS_ROLE_USER] = 9;
  CHECK_INT(ls_detect_apply(t, LS_KIND_EVENTS, keep_all, &d, err, sizeof err), LS_EINVAL);
  CHECK_STR(err, "t.csv: role user_id: no column 9 (the table has 4)");

  keep_roles();
  keep_all[LS_ROLE_CAC] = 3;
  CHECK_INT(ls_detect_apply(t, LS_KIND_EVENTS, keep_all, &d, err, sizeof err), LS_EINVAL);
  CHECK_STR(err, "t.csv: the role cac means nothing for events datasets (column \"price\")");

  keep_roles();
  keep_all[LS_ROLE_USER] = 0;
  CHECK_INT(ls_detect_apply(t, LS_KIND_EVENTS, keep_all, &d, err, sizeof err), LS_EINVAL);
  CHECK_STR(err, "t.csv: events datasets need a column for event (a text column)");

  CHECK_INT(ls_detect_apply(t, 99, NULL, &d, err, sizeof err), LS_EINVAL);
  CHECK_STR(err, "t.csv: no dataset kind 99");
  CHECK_INT(ls_detect_apply(t, -7, NULL, &d, NULL, 0), LS_EINVAL);
  CHECK_INT(ls_detect_apply(NULL, LS_KIND_EVENTS, NULL, &d, err, sizeof err), LS_EINVAL);

  CHECK(memcmp(&d, &before, sizeof d) == 0);
  ls_table_free(t);
}

/* ---- the documentation ---- */

TEST(docs_should_describe_every_format_kind_and_role) {
  const char *root = getenv("LS_SOURCE_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/docs/formats.md", root ? root : ".");
  FILE *f = fopen(path, "rb");
  CHECK(f != NULL);
  if (!f) return;
  static char text[1 << 18];
  size_t n = fread(text, 1, sizeof text - 1, f);
  text[n] = '\0';
  fclose(f);
  char want[96];
  for (int k = 1; k < LS_FORMAT_COUNT; k++) {
    snprintf(want, sizeof want, "\n### %s\n", ls_format_name((ls_format)k));
    CHECK_HAS(text, want);
  }
  for (int k = 1; k < LS_KIND_COUNT; k++) {
    snprintf(want, sizeof want, "\n| `%s` |", ls_kind_name((ls_kind)k));
    CHECK_HAS(text, want);
  }
  for (int r = 0; r < LS_ROLE_COUNT; r++) {
    snprintf(want, sizeof want, "\n| `%s` | ", ls_role_name((ls_role)r));
    CHECK_HAS(text, want);
  }
  /* each format's section names every column it lists */
  size_t nf;
  const ls_format_spec *specs = ls_detect_formats(&nf);
  for (size_t i = 0; i < nf; i++) {
    snprintf(want, sizeof want, "\n### %s\n", ls_format_name(specs[i].format));
    const char *sec = strstr(text, want), *end = sec ? strstr(sec + 1, "\n### ") : NULL;
    CHECK(sec != NULL);
    if (!sec) continue;
    for (size_t j = 0; j < specs[i].ncols; j++) {
      const char *names = specs[i].cols[j].names, *bar = strchr(names, '|');
      snprintf(want, sizeof want, "`%.*s`", (int)(bar ? (size_t)(bar - names) : strlen(names)), names);
      const char *hit = strstr(sec, want);
      if (!hit || (end && hit > end)) CHECK_FAIL_("%s: %s not in its section", ls_format_name(specs[i].format), want);
    }
  }
}

/* ---- names of things ---- */

TEST(names_should_be_stable_identifiers_both_ways) {
  CHECK_STR(ls_kind_name(LS_KIND_SUBSCRIPTIONS), "subscriptions");
  CHECK_STR(ls_role_name(LS_ROLE_CUSTOMER), "customer_id");
  CHECK_STR(ls_role_name(LS_ROLE_FEE), "fee");
  CHECK_STR(ls_format_name(LS_FORMAT_WECHAT_BILL), "wechat_bill");
  CHECK_STR(ls_format_title(LS_FORMAT_SHOPIFY_ORDERS), "Shopify orders export");
  CHECK_STR(ls_kind_name((ls_kind)LS_KIND_COUNT), "?");
  CHECK_STR(ls_role_name((ls_role)-1), "?");
  for (int k = 0; k < LS_KIND_COUNT; k++) CHECK_INT(ls_kind_from_name(ls_kind_name((ls_kind)k)), k);
  for (int r = 0; r < LS_ROLE_COUNT; r++) CHECK_INT(ls_role_from_name(ls_role_name((ls_role)r)), r);
  for (int f = 0; f < LS_FORMAT_COUNT; f++) CHECK_INT(ls_format_from_name(ls_format_name((ls_format)f)), f);
  CHECK_INT(ls_kind_from_name("orders"), -1);
  CHECK_INT(ls_role_from_name(NULL), -1);
  /* every kind's required roles mean something for it */
  for (int k = 0; k < LS_KIND_COUNT; k++)
    CHECK((ls_detect_required((ls_kind)k) & ~ls_detect_roles_of((ls_kind)k)) == 0);
}

int main(void) {
  RUN(normalize_should_drop_case_and_punctuation);
  RUN(normalize_should_read_full_width_forms_as_ascii_and_drop_cjk_punctuation);
  RUN(normalize_should_keep_invalid_utf8_bytes_as_they_are);
  RUN(normalize_should_cut_only_between_characters);
  RUN(normalize_should_survive_any_bytes);
  RUN(detect_should_recognise_a_stripe_subscriptions_export);
  RUN(detect_should_keep_the_roles_of_a_short_stripe_subscriptions_export);
  RUN(detect_should_read_lower_case_subscriptions_as_a_generic_table);
  RUN(detect_should_recognise_a_stripe_customers_export);
  RUN(detect_should_recognise_a_stripe_payments_export);
  RUN(detect_should_recognise_customers_and_payments_by_generic_names);
  RUN(detect_should_recognise_the_baremetrics_template_in_cents);
  RUN(detect_should_recognise_chartmogul_customers_and_plans);
  RUN(detect_should_read_chartmogul_line_items_as_payments_in_cents);
  RUN(detect_should_name_line_items_without_dates_but_leave_their_kind_unknown);
  RUN(detect_should_recognise_chartmogul_subscription_events);
  RUN(detect_should_recognise_a_posthog_events_export);
  RUN(detect_should_recognise_a_minimal_posthog_export_with_star_prefixes);
  RUN(detect_should_recognise_flattened_mixpanel_json_lines);
  RUN(detect_should_recognise_segment_events_without_reading_its_channel_as_acquisition);
  RUN(detect_should_recognise_an_amplitude_export);
  RUN(detect_should_recognise_a_ga4_bigquery_export);
  RUN(detect_should_name_a_ga4_export_with_integer_times_but_not_make_it_events);
  RUN(detect_should_recognise_a_shopify_orders_export_past_64_columns);
  RUN(detect_should_recognise_both_alipay_bill_layouts);
  RUN(detect_should_recognise_a_wechat_pay_bill_with_either_parentheses);
  RUN(detect_should_read_a_chinese_orders_table_as_payments);
  RUN(detect_should_read_chinese_events_and_customers);
  RUN(detect_should_read_marketing_spend_in_chinese_and_english);
  RUN(detect_should_read_reviews_and_entity_scores);
  RUN(detect_should_need_a_timestamp_typed_time_column);
  RUN(detect_should_let_an_all_null_column_carry_any_role);
  RUN(detect_should_refuse_roles_to_columns_of_the_wrong_type);
  RUN(detect_should_leave_ambiguous_or_unrelated_tables_unknown);
  RUN(detect_should_read_roles_from_the_first_256_columns_only);
  RUN(detect_should_never_allocate);
  RUN(detect_should_survive_any_column_names);
  RUN(signature_should_be_fnv1a_of_normalised_names_joined_by_unit_separators);
  RUN(signature_should_ignore_case_and_punctuation_but_not_order);
  RUN(signature_should_read_whole_names_and_every_column);
  RUN(apply_should_set_a_kind_and_roles_the_user_chose);
  RUN(apply_should_keep_a_detection_and_its_format_when_asked_to);
  RUN(apply_should_refuse_a_mapping_with_reasons_and_leave_the_detection);
  RUN(docs_should_describe_every_format_kind_and_role);
  RUN(names_should_be_stable_identifiers_both_ways);
  return check_done();
}

/* test_detect_formats.c: detection of each known export from its real header:
 * billing (Stripe, Baremetrics, ChartMogul), product analytics (PostHog,
 * Mixpanel, Segment, Amplitude, GA4) and commerce (Shopify, Alipay, WeChat Pay). */
#include "check.h"
#include "detect/detect.h"
#include "detect_cols.h"

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
  CHECK_INT(d.flags, LS_DETECT_UTC_TIMES); /* "2025-01-05 13:22:00.000000" is UTC */
  CHECK_STR(at(c, &d, LS_ROLE_EVENT), "event_type");
  CHECK_STR(at(c, &d, LS_ROLE_USER), "user_id");
  CHECK_STR(at(c, &d, LS_ROLE_TIMESTAMP), "event_time");
  CHECK_STR(at(c, &d, LS_ROLE_ID), "$insert_id");
  CHECK_STR(at(c, &d, LS_ROLE_ANONYMOUS_ID), "device_id");
  CHECK_STR(at(c, &d, LS_ROLE_SESSION), "session_id");
  CHECK_STR(at(c, &d, LS_ROLE_REGION), "region");
}

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

int main(void) {
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
  return check_done();
}

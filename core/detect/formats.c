/* formats.c: the headers of known exports, with the kind and roles each implies.
 *
 * Each column lists the names the export writes (alternatives separated by
 * '|', as in older and newer versions of one export), whether the export is
 * recognised without it (keys), and its roles. Where a header could not be
 * confirmed from the vendor's documentation, docs/formats.md says so. */
#include "detect/detect_internal.h"

#define NONE LS_DETECT_NO_ROLE
/* a key column, a column, a column with two roles, a column without a role */
#define K(names, r) {names, 1, {LS_ROLE_##r, NONE}}
#define C(names, r) {names, 0, {LS_ROLE_##r, NONE}}
#define C2(names, r1, r2) {names, 0, {LS_ROLE_##r1, LS_ROLE_##r2}}
#define X(names) {names, 0, {NONE, NONE}}
#define XK(names) {names, 1, {NONE, NONE}}

/* ---- billing ---- */

static const ls_format_col STRIPE_SUBSCRIPTIONS[] = {
  C("id", ID),
  K("Customer ID|Customer", CUSTOMER),
  X("Customer Description"),
  X("Customer Name"),
  C("Customer Email", EMAIL),
  C("Plan|Price ID", PLAN),
  X("Product"),
  C("Quantity", QUANTITY),
  C("Currency", CURRENCY),
  C("Interval", INTERVAL),
  C("Interval Count", INTERVAL_COUNT),
  K("Amount", AMOUNT),
  C("Status", STATUS),
  X("Cancellation Reason"),
  C("Created (UTC)", CREATED),
  K("Start Date (UTC)|Start (UTC)", START),
  X("Current Period Start (UTC)"),
  X("Current Period End (UTC)"),
  X("Trial Start (UTC)"),
  C("Trial End (UTC)", TRIAL_END),
  C("Canceled At (UTC)", CANCELED_AT),
  X("Cancel At Period End"),
  C("Ended At (UTC)", ENDED_AT),
  X("Coupon"),
  X("Application Fee Percent"),
  X("Tax Percent"),
};

static const ls_format_col STRIPE_CUSTOMERS[] = {
  K("id", CUSTOMER),
  X("Description"),
  C("Email", EMAIL),
  X("Name"),
  K("Created (UTC)", SIGNUP),
  C("Plan", PLAN),
  X("Currency"),
  X("Delinquent"),
  X("Account Balance|Balance"),
  X("Total Spend"),
  X("Payment Count"),
  X("Refunded Volume"),
  X("Dispute Losses"),
  X("Business Vat ID"),
  X("Card Last4"),
  X("Card Brand"),
  X("Card Exp Month"),
  X("Card Exp Year"),
  C("Card Address Country|Address Country", COUNTRY),
};

static const ls_format_col STRIPE_PAYMENTS[] = {
  K("id", ID),
  X("Description"),
  X("Seller Message"),
  K("Created date (UTC)|Created (UTC)", CREATED),
  K("Amount", AMOUNT),
  C("Amount Refunded", REFUND_AMOUNT),
  C("Currency", CURRENCY),
  X("Converted Amount"),
  X("Converted Amount Refunded"),
  C("Fee", FEE),
  X("Tax"),
  X("Converted Currency"),
  X("Mode"),
  C("Status", STATUS),
  X("Statement Descriptor"),
  C("Customer ID", CUSTOMER),
  X("Customer Description"),
  C("Customer Email", EMAIL),
  C("Captured", SUCCESS),
  X("Card ID"),
  X("Card Last4"),
  X("Card Brand"),
  C("Card Address Country|Card Issue Country", COUNTRY),
  C("Invoice ID", ORDER_ID),
  X("PaymentIntent ID"),
  C("Subscription ID", SUBSCRIPTION),
};

static const ls_format_col BAREMETRICS_SUBSCRIPTIONS[] = {
  X("plan_oid"),
  C("plan_name", PLAN),
  C("plan_currency", CURRENCY),
  K("plan_amount", AMOUNT),
  C("plan_interval", INTERVAL),
  C("plan_interval_count", INTERVAL_COUNT),
  K("customer_oid", CUSTOMER),
  X("customer_name"),
  C("customer_email", EMAIL),
  C("subscription_oid", ID),
  K("subscription_started_at", START),
  C2("subscription_canceled_at", CANCELED_AT, ENDED_AT),
  C("subscription_quantity", QUANTITY),
};

static const ls_format_col CHARTMOGUL_CUSTOMERS[] = {
  K("External ID|customer_external_id|external_id", CUSTOMER),
  XK("Name"),
  C("Email", EMAIL),
  X("Company"),
  C("Country", COUNTRY),
  C("State", REGION),
  X("City"),
  X("Zip"),
  C("Lead created at|Free trial started at", SIGNUP),
  X("data_source_uuid"),
};

static const ls_format_col CHARTMOGUL_PLANS[] = {
  K("Name|plan_name", PLAN),
  K("Interval Count|interval_count", INTERVAL_COUNT),
  K("Interval Unit|interval_unit", INTERVAL),
  C("External ID|plan_external_id|external_id", ID),
  X("data_source_uuid"),
};

static const ls_format_col CHARTMOGUL_LINE_ITEMS[] = {
  C("invoice_external_id|external_id", ID),
  C("customer_external_id", CUSTOMER),
  C("date|invoice_date", CREATED),
  C("currency", CURRENCY),
  X("due_date"),
  X("type|line_item_type"),
  C("subscription_external_id|line_item_subscription_external_id", SUBSCRIPTION),
  C("plan_external_id|line_item_plan_external_id|plan_uuid", PLAN),
  X("service_period_start|line_item_service_period_start"),
  X("service_period_end|line_item_service_period_end"),
  K("amount_in_cents|line_item_amount_in_cents", AMOUNT),
  C("quantity|line_item_quantity", QUANTITY),
  X("discount_amount_in_cents|line_item_discount_amount_in_cents"),
  X("tax_amount_in_cents|line_item_tax_amount_in_cents"),
  X("prorated|line_item_prorated"),
  X("data_source_uuid"),
};

static const ls_format_col CHARTMOGUL_SUBSCRIPTION_EVENTS[] = {
  C("external_id", ID),
  K("customer_external_id", CUSTOMER),
  X("data_source_uuid"),
  K("event_type", EVENT),
  C("event_date", CREATED),
  K("effective_date", TIMESTAMP),
  K("subscription_external_id", SUBSCRIPTION),
  C("plan_external_id", PLAN),
  C("currency", CURRENCY),
  C("amount_in_cents", AMOUNT),
  C("quantity", QUANTITY),
  X("tax_amount_in_cents"),
  X("retracted_event_id"),
};

/* ---- product analytics ---- */

static const ls_format_col POSTHOG_EVENTS[] = {
  K("uuid", ID),
  K("event", EVENT),
  K("distinct_id", USER),
  K("timestamp", TIMESTAMP),
  X("person_id"),
  X("properties"),
  X("elements_chain"),
  X("created_at"),
  C("$session_id|properties.$session_id", SESSION),
  X("properties.$current_url|$current_url"),
  X("properties.$browser|$browser"),
  X("properties.$os|$os"),
  X("properties.$device_type|$device_type"),
  X("properties.$lib|$lib"),
  C("properties.$geoip_country_code|$geoip_country_code", COUNTRY),
};

static const ls_format_col MIXPANEL_EVENTS[] = {
  K("event", EVENT),
  K("properties.time", TIMESTAMP),
  K("properties.distinct_id", USER),
  C("properties.$insert_id", ID),
  X("properties.mp_processing_time_ms"),
  C("properties.$device_id", ANONYMOUS_ID),
  X("properties.$user_id"),
  X("properties.$browser"),
  X("properties.$os"),
  X("properties.$city"),
  C("properties.$region", REGION),
  C("properties.mp_country_code", COUNTRY),
  X("properties.$current_url"),
  X("properties.mp_lib"),
};

static const ls_format_col SEGMENT_EVENTS[] = {
  XK("type"),
  K("event", EVENT),
  K("userId", USER),
  K("anonymousId", ANONYMOUS_ID),
  K("timestamp", TIMESTAMP),
  C("messageId", ID),
  X("receivedAt"),
  X("sentAt"),
  X("originalTimestamp"),
  X("channel"),
  X("context.ip"),
  X("context.library.name"),
  X("context.userAgent"),
  X("context.page.url"),
  X("context.locale"),
  X("version"),
};

static const ls_format_col AMPLITUDE_EVENTS[] = {
  K("event_type", EVENT),
  K("user_id", USER),
  K("event_time", TIMESTAMP),
  C("$insert_id|uuid", ID),
  X("amplitude_id"),
  C("device_id", ANONYMOUS_ID),
  C("session_id", SESSION),
  X("event_id"),
  X("client_event_time"),
  X("server_upload_time"),
  X("client_upload_time"),
  X("event_properties"),
  X("user_properties"),
  C("country", COUNTRY),
  C("region", REGION),
  X("city"),
  X("platform"),
  X("os_name"),
  X("device_type"),
  X("language"),
  X("ip_address"),
  X("library"),
  X("version_name"),
  X("user_creation_time"),
};

static const ls_format_col GA4_EVENTS[] = {
  X("event_date"),
  K("event_timestamp", TIMESTAMP),
  K("event_name", EVENT),
  K("user_pseudo_id", USER),
  X("user_id"),
  X("event_params"),
  X("event_previous_timestamp"),
  C("event_value_in_usd", REVENUE),
  X("event_bundle_sequence_id"),
  X("event_server_timestamp_offset"),
  X("user_first_touch_timestamp"),
  X("user_properties"),
  X("user_ltv.revenue"),
  X("device.category"),
  X("device.operating_system"),
  C("geo.country", COUNTRY),
  C("geo.region", REGION),
  X("geo.city"),
  C("traffic_source.source", CHANNEL),
  X("traffic_source.medium"),
  C("traffic_source.name", CAMPAIGN),
  X("stream_id"),
  X("platform"),
  X("ecommerce.transaction_id"),
  X("items"),
  X("is_active_user"),
};

/* ---- commerce ---- */

static const ls_format_col SHOPIFY_ORDERS[] = {
  K("Name", ORDER_ID),
  C2("Email", CUSTOMER, EMAIL),
  C("Financial Status", STATUS),
  X("Paid at"),
  X("Fulfillment Status"),
  X("Fulfilled at"),
  X("Accepts Marketing"),
  C("Currency", CURRENCY),
  X("Subtotal"),
  X("Shipping"),
  X("Taxes"),
  K("Total", AMOUNT),
  X("Discount Code"),
  X("Discount Amount"),
  X("Shipping Method"),
  K("Created at", CREATED),
  C("Lineitem quantity", QUANTITY),
  C("Lineitem name", PLAN),
  X("Lineitem price"),
  X("Lineitem sku"),
  X("Billing Name"),
  C("Billing Province", REGION),
  C("Billing Country", COUNTRY),
  X("Shipping Country"),
  X("Notes"),
  C("Cancelled at", CANCELED_AT),
  X("Payment Method"),
  C("Refunded Amount", REFUND_AMOUNT),
  X("Vendor"),
  X("Outstanding Balance"),
  C("Id", ID),
  X("Tags"),
  X("Risk Level"),
  C("Source", CHANNEL),
};

/* Alipay's bill as of about 2023 and before it; both after the export's
 * preamble lines (skipping those is the reader's work). */
static const ls_format_col ALIPAY_BILL[] = {
  K("交易号|交易订单号", ID),
  C("商家订单号", ORDER_ID),
  K("交易创建时间|交易时间", CREATED),
  X("付款时间"),
  X("最近修改时间"),
  X("交易来源地"),
  X("类型|交易分类"),
  C("交易对方", CUSTOMER),
  X("对方账号"),
  C("商品名称|商品说明", PLAN),
  K("金额（元）|金额", AMOUNT),
  K("收/支", DIRECTION),
  X("收/付款方式"),
  C("交易状态", STATUS),
  C("服务费（元）", FEE),
  C("成功退款（元）", REFUND_AMOUNT),
  X("备注"),
  X("资金状态"),
};

static const ls_format_col WECHAT_BILL[] = {
  K("交易时间", CREATED),
  X("交易类型"),
  C("交易对方", CUSTOMER),
  C("商品", PLAN),
  K("收/支", DIRECTION),
  K("金额(元)", AMOUNT),
  X("支付方式"),
  C("当前状态", STATUS),
  K("交易单号", ID),
  C("商户单号", ORDER_ID),
  X("备注"),
};

#define SPEC(f, kind, flags, cols) {LS_FORMAT_##f, LS_KIND_##kind, flags, cols, sizeof cols / sizeof cols[0]}

static const ls_format_spec FORMATS[] = {
  SPEC(STRIPE_SUBSCRIPTIONS, SUBSCRIPTIONS, 0, STRIPE_SUBSCRIPTIONS),
  SPEC(STRIPE_CUSTOMERS, CUSTOMERS, 0, STRIPE_CUSTOMERS),
  SPEC(STRIPE_PAYMENTS, PAYMENTS, 0, STRIPE_PAYMENTS),
  SPEC(BAREMETRICS_SUBSCRIPTIONS, SUBSCRIPTIONS, LS_DETECT_MINOR_UNITS, BAREMETRICS_SUBSCRIPTIONS),
  SPEC(CHARTMOGUL_CUSTOMERS, CUSTOMERS, 0, CHARTMOGUL_CUSTOMERS),
  SPEC(CHARTMOGUL_PLANS, PLANS, 0, CHARTMOGUL_PLANS),
  SPEC(CHARTMOGUL_LINE_ITEMS, PAYMENTS, LS_DETECT_MINOR_UNITS, CHARTMOGUL_LINE_ITEMS),
  SPEC(CHARTMOGUL_SUBSCRIPTION_EVENTS, SUBSCRIPTION_EVENTS, LS_DETECT_MINOR_UNITS,
       CHARTMOGUL_SUBSCRIPTION_EVENTS),
  SPEC(POSTHOG_EVENTS, EVENTS, 0, POSTHOG_EVENTS),
  SPEC(MIXPANEL_EVENTS, EVENTS, 0, MIXPANEL_EVENTS),
  SPEC(SEGMENT_EVENTS, EVENTS, 0, SEGMENT_EVENTS),
  SPEC(AMPLITUDE_EVENTS, EVENTS, LS_DETECT_UTC_TIMES, AMPLITUDE_EVENTS),
  SPEC(GA4_EVENTS, EVENTS, 0, GA4_EVENTS),
  SPEC(SHOPIFY_ORDERS, PAYMENTS, 0, SHOPIFY_ORDERS),
  SPEC(ALIPAY_BILL, PAYMENTS, 0, ALIPAY_BILL),
  SPEC(WECHAT_BILL, PAYMENTS, 0, WECHAT_BILL),
};

const ls_format_spec *ls_detect_formats(size_t *n) {
  *n = sizeof FORMATS / sizeof FORMATS[0];
  return FORMATS;
}

/* detect.c: dataset kinds and column roles from column names. */
#include "detect/detect.h"

#include <string.h>

/* ---- private: role vocabulary ----
 * Each role lists normalized column names, most specific first. A column may
 * take several roles; the kind decides which roles matter. */

typedef struct {
  ls_role role;
  const char *names[16];
} role_names;

static const role_names VOCAB[] = {
  {LS_ROLE_ID, {"id", "subscriptionid", "chargeid", "paymentid", "orderid", "uuid"}},
  {LS_ROLE_CUSTOMER, {"customerid", "customer", "cusid", "customerkey", "accountid", "customeruuid",
                      "customerexternalid", "用户id", "客户id"}},
  {LS_ROLE_USER, {"distinctid", "userid", "personid", "user", "uid", "anonymousid", "customerid",
                  "用户id"}},
  {LS_ROLE_EVENT, {"event", "eventname", "eventtype", "action", "事件", "事件名"}},
  {LS_ROLE_TIMESTAMP, {"timestamp", "eventtime", "eventtimestamp", "time", "datetime", "ts",
                       "createdat", "时间"}},
  {LS_ROLE_PLAN, {"plan", "planname", "plannickname", "pricenickname", "planid", "priceid",
                  "product", "productname"}},
  {LS_ROLE_INTERVAL, {"interval", "planinterval", "billinginterval", "billingperiod",
                      "priceinterval", "recurringinterval"}},
  {LS_ROLE_INTERVAL_COUNT, {"intervalcount", "planintervalcount", "priceintervalcount",
                            "recurringintervalcount"}},
  {LS_ROLE_AMOUNT, {"amount", "planamount", "unitamount", "priceamount", "price", "amountusd",
                    "金额"}},
  {LS_ROLE_QUANTITY, {"quantity", "seats", "qty"}},
  {LS_ROLE_CURRENCY, {"currency", "plancurrency", "pricecurrency"}},
  {LS_ROLE_STATUS, {"status", "state", "subscriptionstatus"}},
  {LS_ROLE_CREATED, {"createdutc", "created", "createdat", "createdatutc", "createddate"}},
  {LS_ROLE_START, {"startdateutc", "startutc", "startdate", "start", "startedat", "startedatutc",
                   "startat", "subscriptionstart"}},
  {LS_ROLE_TRIAL_END, {"trialendutc", "trialend", "trialendat", "trialendsat", "trialenddate"}},
  {LS_ROLE_CANCELED_AT, {"canceledatutc", "canceledat", "cancelledatutc", "cancelledat",
                         "canceleddate", "cancelleddate", "canceled", "cancelled"}},
  {LS_ROLE_ENDED_AT, {"endedatutc", "endedat", "endedutc", "enddate", "ended", "endat"}},
  {LS_ROLE_SIGNUP, {"signupat", "signedupat", "signupdate", "signuputc", "signuptime",
                    "registeredat", "createdat", "created", "createdutc"}},
  {LS_ROLE_CHANNEL, {"channel", "acquisitionchannel", "source", "utmsource", "渠道"}},
  {LS_ROLE_SEGMENT, {"segment", "customersegment"}},
  {LS_ROLE_COUNTRY, {"country", "countrycode", "billingcountry"}},
  {LS_ROLE_CAC, {"cac", "acquisitioncost", "customeracquisitioncost"}},
};

static int is_time_role(ls_role r) {
  return r == LS_ROLE_TIMESTAMP || r == LS_ROLE_CREATED || r == LS_ROLE_START ||
         r == LS_ROLE_TRIAL_END || r == LS_ROLE_CANCELED_AT || r == LS_ROLE_ENDED_AT ||
         r == LS_ROLE_SIGNUP;
}

static int is_number_role(ls_role r) {
  return r == LS_ROLE_AMOUNT || r == LS_ROLE_QUANTITY || r == LS_ROLE_INTERVAL_COUNT ||
         r == LS_ROLE_CAC;
}

/* the column's type can carry the role (an all-null column carries any) */
static int type_fits(const ls_column *c, ls_role r) {
  ls_type t = ls_column_type(c);
  if (ls_column_len(c) > 0 && ls_column_nulls(c) == ls_column_len(c)) return 1;
  if (is_time_role(r)) return t == LS_TYPE_TIME;
  if (is_number_role(r)) return t == LS_TYPE_INT64 || t == LS_TYPE_DOUBLE;
  if (r == LS_ROLE_CUSTOMER || r == LS_ROLE_USER || r == LS_ROLE_ID)
    return t == LS_TYPE_STRING || t == LS_TYPE_INT64;
  return t == LS_TYPE_STRING;
}

/* ---- API ---- */

void ls_detect_normalize(const char *name, char *buf, size_t n) {
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)name; *p && o + 1 < n; p++) {
    unsigned char c = *p;
    if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) buf[o++] = (char)c;
  }
  buf[o] = '\0';
}

void ls_detect(const ls_table *t, ls_detection *out) {
  size_t ncols = ls_table_ncols(t);
  char norm[64][64];
  out->kind = LS_KIND_UNKNOWN;
  for (int r = 0; r < LS_ROLE_COUNT; r++) out->col[r] = -1;
  if (ncols > 64) ncols = 64; /* roles are read from the first 64 columns */
  for (size_t i = 0; i < ncols; i++) ls_detect_normalize(ls_column_name(ls_table_col(t, i)), norm[i], 64);

  int found[LS_ROLE_COUNT];
  for (size_t k = 0; k < sizeof VOCAB / sizeof VOCAB[0]; k++) {
    const role_names *rn = &VOCAB[k];
    int c = -1;
    for (int j = 0; j < 16 && rn->names[j] && c < 0; j++)
      for (size_t i = 0; i < ncols && c < 0; i++)
        if (strcmp(norm[i], rn->names[j]) == 0 && type_fits(ls_table_col(t, i), rn->role)) c = (int)i;
    found[rn->role] = c;
  }

#define HAS(r) (found[LS_ROLE_##r] >= 0)
  ls_kind kind = LS_KIND_UNKNOWN;
  if (HAS(USER) && HAS(EVENT) && HAS(TIMESTAMP))
    kind = LS_KIND_EVENTS;
  else if (HAS(CUSTOMER) && HAS(START) && HAS(AMOUNT) && (HAS(INTERVAL) || HAS(PLAN) || HAS(STATUS)))
    kind = LS_KIND_SUBSCRIPTIONS;
  else if (HAS(CUSTOMER) && HAS(AMOUNT) && HAS(CREATED) && !HAS(INTERVAL))
    kind = LS_KIND_PAYMENTS;
  else if ((HAS(CUSTOMER) || HAS(USER)) && HAS(SIGNUP) && !HAS(EVENT) && !HAS(AMOUNT))
    kind = LS_KIND_CUSTOMERS;
#undef HAS

  /* keep the roles that mean something for the kind */
#define R(x) (1u << LS_ROLE_##x)
  static const unsigned kind_roles[LS_KIND_COUNT] = {
    [LS_KIND_SUBSCRIPTIONS] = R(ID) | R(CUSTOMER) | R(PLAN) | R(INTERVAL) | R(INTERVAL_COUNT) |
                              R(AMOUNT) | R(QUANTITY) | R(CURRENCY) | R(STATUS) | R(CREATED) |
                              R(START) | R(TRIAL_END) | R(CANCELED_AT) | R(ENDED_AT),
    [LS_KIND_EVENTS] = R(ID) | R(USER) | R(EVENT) | R(TIMESTAMP) | R(PLAN) | R(STATUS),
    [LS_KIND_CUSTOMERS] = R(CUSTOMER) | R(USER) | R(SIGNUP) | R(CHANNEL) | R(SEGMENT) | R(COUNTRY) |
                          R(CAC),
    [LS_KIND_PAYMENTS] = R(ID) | R(CUSTOMER) | R(AMOUNT) | R(CURRENCY) | R(STATUS) | R(CREATED),
  };
#undef R
  out->kind = kind;
  for (int r = 0; r < LS_ROLE_COUNT; r++)
    if (kind == LS_KIND_UNKNOWN || (kind_roles[kind] >> r) & 1u) out->col[r] = found[r];
  /* a customers table keyed by a user id reads it as its customer id */
  if (kind == LS_KIND_CUSTOMERS) {
    if (out->col[LS_ROLE_CUSTOMER] < 0) out->col[LS_ROLE_CUSTOMER] = out->col[LS_ROLE_USER];
    out->col[LS_ROLE_USER] = -1;
  }
}

const char *ls_kind_name(ls_kind k) {
  switch (k) {
#define LS_KIND_STR(name, str) \
  case LS_KIND_##name:         \
    return str;
    LS_KIND_LIST(LS_KIND_STR)
#undef LS_KIND_STR
    default: return "?";
  }
}

const char *ls_role_name(ls_role r) {
  switch (r) {
#define LS_ROLE_STR(name, str) \
  case LS_ROLE_##name:         \
    return str;
    LS_ROLE_LIST(LS_ROLE_STR)
#undef LS_ROLE_STR
    default: return "?";
  }
}

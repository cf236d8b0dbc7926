/* pii.c: personal-data columns, by name and by sampled values. */
#include <stdio.h>
#include <string.h>

#include "privacy/pii.h"

/* ---- names (normalised: lower-case ASCII letters and digits, other bytes kept) ---- */

typedef struct {
  ls_pii kind;
  const char *exact;  /* "|"-separated whole names */
  const char *suffix; /* "|"-separated endings ("billingemail") */
} name_rule;

static const name_rule NAMES[] = {
  {LS_PII_EMAIL, "email|emailaddress|mail|邮箱|电子邮箱|邮件|电子邮件|电邮|郵箱|電子郵箱|電郵|電子郵件|郵件",
   "email|emailaddress|邮箱|電郵"},
  {LS_PII_PHONE,
   "phone|phonenumber|phoneno|mobile|mobilenumber|mobilephone|mobileno|tel|telephone|cell|cellphone|"
   "手机|手机号|手机号码|电话|电话号码|联系电话|联系方式|手機|手機號|手機號碼|電話|電話號碼|聯絡電話|聯繫電話",
   "phone|phonenumber|手机号|电话|手機|電話"},
  {LS_PII_NAME,
   "firstname|lastname|fullname|customername|contactname|givenname|familyname|surname|billingname|"
   "shippingname|personname|姓名|客户姓名|客户名称|联系人|收货人|收件人|真实姓名|客戶姓名|聯絡人|收貨人|收件人|真實姓名",
   "firstname|lastname|fullname|姓名"},
  {LS_PII_IP, "ip|ipaddress|clientip|remoteip|userip|sourceip|ipv4|ipv6|propertiesip|ip地址|ip位址", "ipaddress"},
  {LS_PII_CARD,
   "cardnumber|cardno|creditcard|creditcardnumber|ccnumber|cardlast4|last4|cardlastfour|lastfour|"
   "cardlast4digits|卡号|银行卡号|信用卡号|卡號|銀行卡號|信用卡號",
   "cardnumber|last4"},
};

/* 1 when word is one of the "|"-separated list (or, suffix set, ends one). */
static int in_list(const char *word, const char *list, int suffix) {
  size_t n = strlen(word);
  for (const char *p = list; *p;) {
    const char *bar = strchr(p, '|');
    size_t k = bar ? (size_t)(bar - p) : strlen(p);
    if (suffix ? (n >= k && memcmp(word + n - k, p, k) == 0) : (n == k && memcmp(word, p, k) == 0)) return 1;
    p += k + (bar != NULL);
  }
  return 0;
}

static ls_pii by_name(const char *norm, int customers_like) {
  for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
    if (in_list(norm, NAMES[i].exact, 0) || in_list(norm, NAMES[i].suffix, 1)) return NAMES[i].kind;
  if (customers_like && (strcmp(norm, "name") == 0 || strcmp(norm, "名字") == 0 || strcmp(norm, "名称") == 0))
    return LS_PII_NAME;
  return LS_PII_NONE;
}

/* ---- shapes of one value ---- */

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(char c) { return is_digit(c) || is_alpha(c); }

static void trim(const char **s, size_t *len) {
  while (*len && ((*s)[0] == ' ' || (*s)[0] == '\t')) (*s)++, (*len)--;
  while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) (*len)--;
}

static int is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static int ipv4(const char *s, size_t len) {
  int groups = 0;
  size_t i = 0;
  while (i <= len) {
    size_t start = i;
    int v = 0;
    while (i < len && is_digit(s[i]) && i - start < 3) v = v * 10 + (s[i++] - '0');
    if (i == start || v > 255) return 0;
    groups++;
    if (i == len) break;
    if (s[i] != '.' || groups == 4) return 0;
    i++;
  }
  return groups == 4;
}

static int ipv6(const char *s, size_t len) {
  int groups = 0, gap = 0;
  size_t i = 0;
  if (len < 2 || len > 45) return 0;
  if (s[0] == ':') {
    if (s[1] != ':') return 0;
    gap = 1, i = 2;
  }
  while (i < len) {
    size_t start = i;
    while (i < len && is_hex(s[i]) && i - start < 5) i++;
    if (i < len && s[i] == '.') { /* an IPv4 tail counts two groups */
      if (!ipv4(s + start, len - start)) return 0;
      groups += 2;
      i = len;
      break;
    }
    if (i == start || i - start > 4) return 0;
    groups++;
    if (i == len) break;
    if (s[i] != ':') return 0;
    i++;
    if (i < len && s[i] == ':') {
      if (gap) return 0;
      gap = 1, i++;
    } else if (i == len) return 0; /* a trailing single colon */
  }
  return gap ? groups <= 7 : groups == 8;
}

int ls_pii_is_ip(const char *s, size_t len) {
  if (!s) return 0;
  trim(&s, &len);
  return ipv4(s, len) || ipv6(s, len);
}

static int email_char(unsigned char c) {
  return is_alnum((char)c) || c >= 0x80 || strchr("._%+-'", c) != NULL;
}

int ls_pii_is_email(const char *s, size_t len) {
  if (!s) return 0;
  trim(&s, &len);
  const char *at = memchr(s, '@', len);
  if (!at || at == s || at - s > 64) return 0;
  for (const char *p = s; p < at; p++)
    if (!email_char((unsigned char)*p)) return 0;
  const char *d = at + 1, *end = s + len;
  int labels = 0, tld_letters = 0;
  while (d < end) {
    const char *start = d;
    tld_letters = 1;
    while (d < end && (is_alnum(*d) || *d == '-' || (unsigned char)*d >= 0x80)) {
      if (!is_alpha(*d) && (unsigned char)*d < 0x80) tld_letters = 0;
      d++;
    }
    if (d == start) return 0;
    labels++;
    if (d == end) break;
    if (*d != '.') return 0;
    d++;
    if (d == end) return 0;
  }
  return labels >= 2 && tld_letters && (end - s) - (at - s) > 3;
}

int ls_pii_is_phone(const char *s, size_t len) {
  if (!s) return 0;
  trim(&s, &len);
  int digits = 0, marks = 0, dots = 0, groups = 0, glen[4] = {0};
  size_t i = 0;
  if (len && s[0] == '+') i = 1, marks++;
  if (i < len && (s[i] == '-' || s[i] == '.')) return 0; /* "-1234567", ".5" */
  int in_group = 0;
  for (; i < len; i++) {
    char c = s[i];
    if (is_digit(c)) {
      if (!in_group && groups < 4) glen[groups] = 0;
      if (!in_group) groups++;
      in_group = 1;
      if (groups <= 4) glen[groups - 1]++;
      digits++;
      continue;
    }
    if (!strchr(" ()-.", c)) return 0;
    in_group = 0;
    marks++;
    dots += c == '.';
  }
  if (digits < 7 || digits > 15 || !marks) return 0;
  if (dots && dots < 2) return 0; /* "1234567.89" is a number */
  /* a date's shape: 2025-01-05, 05.01.2025, 2025 01 05 */
  if (groups == 3 && ((glen[0] == 4 && glen[1] <= 2 && glen[2] <= 2) || (glen[0] <= 2 && glen[1] <= 2 && glen[2] == 4)))
    return 0;
  return 1;
}

static int luhn(const char *digits, int n) {
  int sum = 0;
  for (int i = 0; i < n; i++) {
    int d = digits[n - 1 - i] - '0';
    if (i % 2) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 == 0;
}

int ls_pii_is_card(const char *s, size_t len) {
  if (!s) return 0;
  trim(&s, &len);
  char d[20];
  int n = 0;
  for (size_t i = 0; i < len; i++) {
    if (is_digit(s[i])) {
      if (n == 19) return 0;
      d[n++] = s[i];
    } else if ((s[i] != ' ' && s[i] != '-') || i == 0 || i + 1 == len) return 0;
  }
  return n >= 13 && luhn(d, n);
}

/* ---- sampled values ---- */

enum { SHAPE_EMAIL, SHAPE_IP, SHAPE_CARD, SHAPE_PHONE, SHAPE_FOUR, SHAPES };

typedef struct {
  int seen;          /* non-empty values sampled */
  int hits[SHAPES];
} tally;

static void count(tally *t, const char *s, size_t len) {
  trim(&s, &len);
  if (!len) return;
  t->seen++;
  t->hits[SHAPE_EMAIL] += ls_pii_is_email(s, len);
  t->hits[SHAPE_IP] += ls_pii_is_ip(s, len);
  t->hits[SHAPE_CARD] += ls_pii_is_card(s, len);
  t->hits[SHAPE_PHONE] += ls_pii_is_phone(s, len);
  int four = len == 4;
  for (size_t i = 0; four && i < len; i++) four = is_digit(s[i]);
  t->hits[SHAPE_FOUR] += four;
}

static void sample(const ls_column *c, tally *t) {
  if (ls_column_type(c) == LS_TYPE_STRING) {
    const ls_dict *d = ls_column_dict(c);
    size_t nd = ls_dict_size(d), take = nd < LS_PII_SAMPLE ? nd : LS_PII_SAMPLE;
    for (size_t k = 0; k < take; k++) {
      size_t len = 0;
      const char *s = ls_dict_str(d, (int32_t)(k * nd / take), &len);
      if (s) count(t, s, len);
    }
    return;
  }
  size_t n = ls_column_len(c), take = n < LS_PII_SAMPLE ? n : LS_PII_SAMPLE;
  const int64_t *v = ls_column_i64(c);
  for (size_t k = 0; k < take; k++) {
    size_t row = k * n / take;
    if (!ls_column_valid(c, row) || v[row] < 0) continue;
    char buf[24];
    int len = snprintf(buf, sizeof buf, "%lld", (long long)v[row]);
    count(t, buf, (size_t)len);
  }
}

static int most(const tally *t, int shape) {
  return t->seen > 0 && t->hits[shape] * 100 >= t->seen * LS_PII_SHARE_PCT;
}

/* ---- API ---- */

static const ls_role LABEL_ROLES[] = {LS_ROLE_EVENT,   LS_ROLE_PLAN,    LS_ROLE_STATUS,   LS_ROLE_CHANNEL,
                                      LS_ROLE_SEGMENT, LS_ROLE_COUNTRY, LS_ROLE_REGION,   LS_ROLE_CAMPAIGN,
                                      LS_ROLE_CURRENCY, LS_ROLE_INTERVAL};

ls_pii ls_pii_column(const ls_table *t, const ls_detection *det, size_t col) {
  if (!t || col >= ls_table_ncols(t)) return LS_PII_NONE;
  const ls_column *c = ls_table_col(t, col);
  ls_type ty = ls_column_type(c);
  if (ty != LS_TYPE_STRING && ty != LS_TYPE_INT64) return LS_PII_NONE;
  int customers_like = 0;
  if (det) {
    for (size_t r = 0; r < sizeof LABEL_ROLES / sizeof LABEL_ROLES[0]; r++)
      if (det->col[LABEL_ROLES[r]] == (int)col) return LS_PII_NONE;
    if (det->col[LS_ROLE_EMAIL] == (int)col && ty == LS_TYPE_STRING) return LS_PII_EMAIL;
    customers_like = det->kind == LS_KIND_CUSTOMERS ||
                     (det->kind == LS_KIND_UNKNOWN && det->col[LS_ROLE_EVENT] < 0 &&
                      (det->col[LS_ROLE_CUSTOMER] >= 0 || det->col[LS_ROLE_EMAIL] >= 0));
  }
  char norm[128];
  ls_detect_normalize(ls_column_name(c), norm, sizeof norm);
  ls_pii named = by_name(norm, customers_like);
  if (named == LS_PII_CARD || (named == LS_PII_PHONE && ty == LS_TYPE_INT64)) return named;
  if (named != LS_PII_NONE && ty == LS_TYPE_STRING) return named;
  tally tl = {0};
  sample(c, &tl);
  if (ty == LS_TYPE_STRING && most(&tl, SHAPE_EMAIL)) return LS_PII_EMAIL;
  if (ty == LS_TYPE_STRING && most(&tl, SHAPE_IP)) return LS_PII_IP;
  if (most(&tl, SHAPE_CARD)) return LS_PII_CARD;
  if (ty == LS_TYPE_STRING && most(&tl, SHAPE_PHONE)) return LS_PII_PHONE;
  return LS_PII_NONE;
}

static const char *const NAMES_OF[LS_PII_COUNT] = {
#define LS_PII_STR(name, str) str,
  LS_PII_LIST(LS_PII_STR)
#undef LS_PII_STR
};

const char *ls_pii_name(ls_pii k) { return (unsigned)k < LS_PII_COUNT ? NAMES_OF[k] : ""; }

ls_pii ls_pii_from_name(const char *name) {
  for (int k = 1; name && k < LS_PII_COUNT; k++)
    if (strcmp(name, NAMES_OF[k]) == 0) return (ls_pii)k;
  return LS_PII_NONE;
}

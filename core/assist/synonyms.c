/* synonyms.c: the words the offline assistant knows, and the matcher that
 * finds them in a question (assist/offline.h, assist/synonyms.h). Rules:
 * docs/assistant.md "Offline answers". */
#include "assist/synonyms.h"

#include <string.h>

#include "assist/offline.h"
#include "catalog/catalog.h"

/* ---- the words -------------------------------------------------------- */

#define E(m, w) {m, w, LS_SYN_EN},
#define S(m, w) {m, w, LS_SYN_HANS},
#define T(m, w) {m, w, LS_SYN_HANT},
#define C(m, w) {m, w, LS_SYN_HAN},

/* Earlier entries win ties: where one word names several metrics ("revenue":
 * MRR for subscriptions, GMV for orders), the answer takes the first whose
 * dataset is loaded. */
static const ls_synonym METRIC_WORDS[] = {
    /* subscriptions */
    E("mrr", "monthly recurring revenue") E("mrr", "recurring revenue") S("mrr", "月经常性收入")
    S("mrr", "月度经常性收入") T("mrr", "月經常性收入") T("mrr", "月度經常性收入") S("mrr", "经常性收入")
    T("mrr", "經常性收入") S("mrr", "月收入") T("mrr", "每月收入")
    E("mrr", "revenue") E("gmv", "revenue") C("mrr", "收入") C("gmv", "收入") S("mrr", "营收") T("mrr", "營收")
    S("gmv", "营收") T("gmv", "營收")
    E("arr", "annual recurring revenue") E("arr", "annual run rate") E("arr", "run rate") S("arr", "年经常性收入")
    S("arr", "年度经常性收入") T("arr", "年經常性收入") T("arr", "年度經常性收入") C("arr", "年收入")
    E("trial_mrr", "trial mrr") S("trial_mrr", "试用期收入") T("trial_mrr", "試用期收入") S("trial_mrr", "试用mrr")
    T("trial_mrr", "試用mrr")
    E("customers", "paying customers") E("customers", "customers") E("customers", "customer count")
    S("customers", "付费客户") T("customers", "付費客戶") S("customers", "客户数") T("customers", "客戶數")
    E("new_mrr", "new mrr") S("new_mrr", "新增mrr") T("new_mrr", "新增mrr") S("new_mrr", "新客收入")
    T("new_mrr", "新客戶收入")
    E("expansion_mrr", "expansion mrr") E("expansion_mrr", "expansion") E("expansion_mrr", "upsell")
    S("expansion_mrr", "扩张收入") T("expansion_mrr", "擴張收入") C("expansion_mrr", "增购")
    T("expansion_mrr", "增購")
    E("contraction_mrr", "contraction mrr") E("contraction_mrr", "contraction") E("contraction_mrr", "downgrades")
    S("contraction_mrr", "收缩收入") T("contraction_mrr", "收縮收入") S("contraction_mrr", "降级收入")
    T("contraction_mrr", "降級收入")
    E("churned_mrr", "churned mrr") E("churned_mrr", "lost mrr") S("churned_mrr", "流失收入")
    T("churned_mrr", "流失的收入") S("churned_mrr", "流失mrr") T("churned_mrr", "流失金額")
    E("reactivation_mrr", "reactivation mrr") E("reactivation_mrr", "reactivation") S("reactivation_mrr", "重新激活")
    T("reactivation_mrr", "重新啟用") S("reactivation_mrr", "回归收入") T("reactivation_mrr", "回歸收入")
    E("net_new_mrr", "net new mrr") E("net_new_mrr", "mrr growth") S("net_new_mrr", "净新增mrr")
    T("net_new_mrr", "淨新增mrr") S("net_new_mrr", "净新增收入") T("net_new_mrr", "淨新增收入")
    E("arpa", "average revenue per account") S("arpa", "每账户平均收入") T("arpa", "每帳戶平均收入")
    S("arpa", "客户平均收入") T("arpa", "客戶平均收入")
    E("customer_churn_rate", "churn rate") E("customer_churn_rate", "customer churn") E("customer_churn_rate", "churn")
    E("customer_churn_rate", "churning") E("customer_churn_rate", "attrition") C("customer_churn_rate", "流失率")
    C("customer_churn_rate", "流失") S("customer_churn_rate", "客户流失") T("customer_churn_rate", "客戶流失")
    S("customer_churn_rate", "流失客户") T("customer_churn_rate", "流失客戶") S("customer_churn_rate", "退订率")
    T("customer_churn_rate", "退訂率")
    E("gross_mrr_churn_rate", "gross mrr churn") E("gross_mrr_churn_rate", "mrr churn")
    E("gross_mrr_churn_rate", "revenue churn") S("gross_mrr_churn_rate", "收入流失率") T("gross_mrr_churn_rate", "收入流失")
    S("gross_mrr_churn_rate", "收入流失") S("gross_mrr_churn_rate", "mrr流失率") T("gross_mrr_churn_rate", "mrr流失率")
    E("net_mrr_churn_rate", "net mrr churn") E("net_mrr_churn_rate", "net churn") E("net_mrr_churn_rate", "net revenue churn")
    S("net_mrr_churn_rate", "净流失率") T("net_mrr_churn_rate", "淨流失率") S("net_mrr_churn_rate", "净收入流失")
    T("net_mrr_churn_rate", "淨收入流失")
    E("nrr", "net revenue retention") E("nrr", "net retention") E("nrr", "ndr") E("nrr", "net dollar retention")
    E("nrr", "retention") E("nrr", "revenue retention") S("nrr", "净收入留存") T("nrr", "淨收入留存") S("nrr", "净留存")
    T("nrr", "淨留存") C("nrr", "留存率") C("nrr", "留存") C("nrr", "收入留存")
    E("grr", "gross revenue retention") E("grr", "gross retention") S("grr", "总收入留存") T("grr", "總收入留存")
    S("grr", "毛收入留存") T("grr", "毛收入留存率")
    E("ltv", "lifetime value") E("ltv", "customer lifetime value") E("ltv", "clv") S("ltv", "生命周期价值")
    T("ltv", "生命週期價值") S("ltv", "客户终身价值") T("ltv", "客戶終身價值") S("ltv", "终身价值") T("ltv", "終身價值")
    E("quick_ratio", "quick ratio") E("quick_ratio", "saas quick ratio") S("quick_ratio", "快速比率")
    T("quick_ratio", "速動比率") C("quick_ratio", "增长效率") T("quick_ratio", "增長效率")
    E("trials_started", "trials started") E("trials_started", "trials") E("trials_started", "trial starts")
    E("trials_started", "new trials") S("trials_started", "试用数") T("trials_started", "試用數")
    S("trials_started", "新增试用") T("trials_started", "新增試用") S("trials_started", "试用") T("trials_started", "試用")
    E("trial_conversion_rate", "trial conversion rate") E("trial_conversion_rate", "trial conversion")
    E("trial_conversion_rate", "conversion rate") E("trial_conversion_rate", "conversion")
    E("trial_conversion_rate", "conversions") E("trial_conversion_rate", "convert")
    E("trial_conversion_rate", "converts") E("trial_conversion_rate", "converting")
    S("trial_conversion_rate", "试用转化率") T("trial_conversion_rate", "試用轉換率") T("trial_conversion_rate", "試用轉化率")
    S("trial_conversion_rate", "转化率") T("trial_conversion_rate", "轉化率") S("trial_conversion_rate", "转换率")
    T("trial_conversion_rate", "轉換率") S("trial_conversion_rate", "转化") T("trial_conversion_rate", "轉化")
    S("trial_conversion_rate", "转换") T("trial_conversion_rate", "轉換")
    E("cac", "customer acquisition cost") E("cac", "acquisition cost") E("cac", "cost per acquisition")
    S("cac", "获客成本") T("cac", "獲客成本") S("cac", "客户获取成本") T("cac", "客戶獲取成本")
    E("ltv_cac", "ltv:cac") E("ltv_cac", "ltv/cac") E("ltv_cac", "ltv to cac") E("ltv_cac", "ltv cac")
    S("ltv_cac", "ltv与cac") T("ltv_cac", "ltv與cac") S("ltv_cac", "生命周期价值与获客成本")
    T("ltv_cac", "生命週期價值與獲客成本")
    E("cac_payback_months", "cac payback") E("cac_payback_months", "payback period") E("cac_payback_months", "payback")
    S("cac_payback_months", "回本周期") T("cac_payback_months", "回本週期") S("cac_payback_months", "获客成本回收期")
    T("cac_payback_months", "獲客成本回收期")
    E("mrr_by_plan", "mrr by plan") E("mrr_by_plan", "revenue by plan") S("mrr_by_plan", "各套餐mrr")
    T("mrr_by_plan", "各方案mrr") S("mrr_by_plan", "按套餐的mrr") T("mrr_by_plan", "各方案收入") S("mrr_by_plan", "各套餐收入")
    E("renewal_rate", "renewal rate") E("renewal_rate", "renewals") E("renewal_rate", "renewal")
    S("renewal_rate", "续费率") T("renewal_rate", "續費率") S("renewal_rate", "续订率") T("renewal_rate", "續訂率")
    S("renewal_rate", "续费") T("renewal_rate", "續費")
    /* orders and payments */
    E("gmv", "gross merchandise value") E("gmv", "gross merchandise volume") E("gmv", "sales")
    S("gmv", "成交额") T("gmv", "成交額") S("gmv", "交易额") T("gmv", "交易額") S("gmv", "销售额") T("gmv", "銷售額")
    S("gmv", "成交总额") T("gmv", "成交總額")
    E("orders", "orders") E("orders", "order count") E("orders", "order") E("orders", "number of orders")
    S("orders", "订单数") T("orders", "訂單數") S("orders", "订单量") T("orders", "訂單量") S("orders", "订单")
    T("orders", "訂單") S("orders", "单量") T("orders", "單量")
    E("aov", "average order value") E("aov", "basket size") E("aov", "average basket") S("aov", "客单价")
    T("aov", "客單價") S("aov", "平均订单金额") T("aov", "平均訂單金額")
    E("paying_users", "paying users") E("paying_users", "buyers") E("paying_users", "purchasers")
    S("paying_users", "付费用户") T("paying_users", "付費用戶") S("paying_users", "付费人数") T("paying_users", "付費人數")
    S("paying_users", "购买用户") T("paying_users", "購買用戶")
    E("arpu", "average revenue per user") S("arpu", "每用户平均收入") T("arpu", "每用戶平均收入")
    S("arpu", "人均收入") T("arpu", "人均營收")
    E("arppu", "average revenue per paying user") S("arppu", "每付费用户平均收入") T("arppu", "每付費用戶平均收入")
    S("arppu", "付费用户人均收入") T("arppu", "付費用戶人均收入")
    E("paying_ratio", "paying ratio") E("paying_ratio", "payer ratio") E("paying_ratio", "paying rate")
    E("paying_ratio", "payment rate") S("paying_ratio", "付费率") T("paying_ratio", "付費率")
    S("paying_ratio", "付费比例") T("paying_ratio", "付費比例")
    E("refund_rate_orders", "refund rate") E("refund_rate_orders", "refunds") E("refund_rate_orders", "refund")
    E("refund_rate_orders", "refunded orders") C("refund_rate_orders", "退款率") C("refund_rate_orders", "退款")
    S("refund_rate_orders", "退款订单") T("refund_rate_orders", "退款訂單")
    E("refund_rate_amount", "refund amount") E("refund_rate_amount", "refunded amount")
    E("refund_rate_amount", "refund rate by amount") S("refund_rate_amount", "退款金额") T("refund_rate_amount", "退款金額")
    S("refund_rate_amount", "退款金额占比") T("refund_rate_amount", "退款金額佔比")
    E("repurchase_rate", "repurchase rate") E("repurchase_rate", "repeat purchase") E("repurchase_rate", "repurchase")
    E("repurchase_rate", "repeat rate") S("repurchase_rate", "复购率") T("repurchase_rate", "複購率")
    S("repurchase_rate", "复购") T("repurchase_rate", "回購率") T("repurchase_rate", "複購")
    E("tier_users", "users by tier") E("tier_users", "membership tiers") E("tier_users", "tiers")
    S("tier_users", "会员等级") T("tier_users", "會員等級") S("tier_users", "各等级用户") T("tier_users", "各等級用戶")
    E("tier_upgrades", "tier upgrades") E("tier_upgrades", "upgrades") S("tier_upgrades", "等级升级")
    T("tier_upgrades", "等級升級") S("tier_upgrades", "会员升级") T("tier_upgrades", "會員升級")
    /* product usage */
    E("dau", "daily active users") E("dau", "daily active") E("dau", "daily actives") E("dau", "daily users")
    S("dau", "日活跃用户") T("dau", "日活躍用戶") S("dau", "日活跃") T("dau", "日活躍") C("dau", "日活")
    S("dau", "每日活跃") T("dau", "每日活躍")
    E("wau", "weekly active users") E("wau", "weekly active") E("wau", "weekly actives") E("wau", "weekly users")
    S("wau", "周活跃用户") T("wau", "週活躍用戶") S("wau", "周活跃") T("wau", "週活躍") S("wau", "周活") T("wau", "週活")
    E("mau", "monthly active users") E("mau", "monthly active") E("mau", "monthly actives") E("mau", "monthly users")
    S("mau", "月活跃用户") T("mau", "月活躍用戶") S("mau", "月活跃") T("mau", "月活躍") C("mau", "月活")
    E("new_users", "new users") E("new_users", "signups") E("new_users", "sign-ups") E("new_users", "new signups")
    S("new_users", "新用户") T("new_users", "新用戶") S("new_users", "新增用户") T("new_users", "新增用戶")
    S("new_users", "注册用户") T("new_users", "註冊用戶") S("new_users", "注册数") T("new_users", "註冊數")
    E("active_users", "active users") E("active_users", "actives") E("active_users", "users")
    S("active_users", "活跃用户") T("active_users", "活躍用戶") S("active_users", "用户数") T("active_users", "用戶數")
    S("active_users", "活跃") T("active_users", "活躍")
    E("stickiness", "stickiness") E("stickiness", "dau/mau") E("stickiness", "dau mau ratio") E("stickiness", "sticky")
    S("stickiness", "用户粘性") T("stickiness", "用戶黏著度") C("stickiness", "粘性") C("stickiness", "黏性")
    T("stickiness", "黏著度")
    E("lifecycle_new", "lifecycle new") E("lifecycle_new", "newly active") S("lifecycle_new", "生命周期新用户")
    T("lifecycle_new", "生命週期新用戶") S("lifecycle_new", "新活跃用户") T("lifecycle_new", "新活躍用戶")
    E("lifecycle_returning", "returning users") E("lifecycle_returning", "returning") S("lifecycle_returning", "回访用户")
    T("lifecycle_returning", "回訪用戶") S("lifecycle_returning", "持续活跃") T("lifecycle_returning", "持續活躍")
    E("lifecycle_resurrecting", "resurrecting users") E("lifecycle_resurrecting", "resurrected users")
    E("lifecycle_resurrecting", "resurrecting") S("lifecycle_resurrecting", "回流用户") T("lifecycle_resurrecting", "回流用戶")
    C("lifecycle_resurrecting", "回流")
    E("lifecycle_dormant", "dormant users") E("lifecycle_dormant", "dormant") E("lifecycle_dormant", "inactive users")
    S("lifecycle_dormant", "沉睡用户") T("lifecycle_dormant", "沉睡用戶") C("lifecycle_dormant", "沉睡")
    S("lifecycle_dormant", "沉默用户") T("lifecycle_dormant", "沉默用戶")
    E("count", "event count") E("count", "events") E("count", "number of events") S("count", "事件数")
    T("count", "事件數") S("count", "事件量") T("count", "事件總數")
    E("sum", "total of") E("sum", "sum") S("sum", "总和") T("sum", "總和") S("sum", "合计") T("sum", "合計")
    E("mean", "mean") E("mean", "average") E("mean", "avg") C("mean", "平均值") S("mean", "均值") T("mean", "平均數")
    E("min", "minimum") E("min", "lowest value") C("min", "最小值") S("min", "最低值") T("min", "最低數值")
    E("max", "maximum") E("max", "highest value") C("max", "最大值") S("max", "最高值") T("max", "最高數值")
    E("p50", "median") E("p50", "50th percentile") C("p50", "中位数") T("p50", "中位數") S("p50", "50分位")
    T("p50", "50百分位")
    E("p90", "90th percentile") S("p90", "90分位") T("p90", "90百分位") S("p90", "90分位数") T("p90", "90分位數")
    E("p95", "latency") E("p95", "95th percentile") E("p95", "response time") C("p95", "延迟") T("p95", "延遲")
    S("p95", "响应时间") T("p95", "響應時間") S("p95", "95分位") T("p95", "95百分位") S("p95", "耗时") T("p95", "耗時")
    E("p99", "99th percentile") E("p99", "tail latency") S("p99", "99分位") T("p99", "99百分位") S("p99", "长尾延迟")
    T("p99", "長尾延遲")
    E("task_success_rate", "success rate") E("task_success_rate", "task success") E("task_success_rate", "success")
    C("task_success_rate", "成功率") S("task_success_rate", "任务成功率") T("task_success_rate", "任務成功率")
    E("error_rate", "error rate") E("error_rate", "errors") E("error_rate", "failure rate")
    S("error_rate", "错误率") T("error_rate", "錯誤率") S("error_rate", "报错率") T("error_rate", "報錯率")
    S("error_rate", "失败率") T("error_rate", "失敗率") S("error_rate", "错误") T("error_rate", "錯誤")
    E("failures", "failures") E("failures", "failed events") E("failures", "error codes") S("failures", "失败次数")
    T("failures", "失敗次數") S("failures", "失败") T("failures", "失敗") S("failures", "错误码") T("failures", "錯誤碼")
    E("qps_peak", "peak qps") E("qps_peak", "qps") E("qps_peak", "peak traffic") E("qps_peak", "requests per second")
    S("qps_peak", "峰值qps") T("qps_peak", "峰值qps") S("qps_peak", "峰值流量") T("qps_peak", "尖峰流量")
    S("qps_peak", "每秒请求") T("qps_peak", "每秒請求")
    E("qps_mean", "mean qps") E("qps_mean", "average qps") S("qps_mean", "平均qps") T("qps_mean", "平均qps")
    S("qps_mean", "平均每秒请求") T("qps_mean", "平均每秒請求")
    E("feature_penetration", "feature penetration") E("feature_penetration", "feature adoption")
    E("feature_penetration", "adoption") S("feature_penetration", "功能渗透率") T("feature_penetration", "功能滲透率")
    S("feature_penetration", "渗透率") T("feature_penetration", "滲透率") S("feature_penetration", "功能使用率")
    E("feature_share", "feature share") E("feature_share", "feature usage share") S("feature_share", "功能占比")
    T("feature_share", "功能佔比") S("feature_share", "功能使用占比") T("feature_share", "功能使用佔比")
    E("sessions", "sessions") E("sessions", "session count") E("sessions", "visits") S("sessions", "会话数")
    T("sessions", "會話數") S("sessions", "会话") T("sessions", "會話") S("sessions", "访问次数") T("sessions", "訪問次數")
    E("session_duration", "session duration") E("session_duration", "session length")
    E("session_duration", "time on site") S("session_duration", "会话时长") T("session_duration", "會話時長")
    S("session_duration", "停留时长") T("session_duration", "停留時長") S("session_duration", "使用时长")
    T("session_duration", "使用時長")
    E("session_duration_median", "median session duration") E("session_duration_median", "median session length")
    S("session_duration_median", "会话时长中位数") T("session_duration_median", "會話時長中位數")
    S("session_duration_median", "停留时长中位数") T("session_duration_median", "停留時長中位數")
    E("sessions_per_user", "sessions per user") E("sessions_per_user", "visits per user")
    S("sessions_per_user", "人均会话") T("sessions_per_user", "人均會話") S("sessions_per_user", "人均访问次数")
    T("sessions_per_user", "人均訪問次數")
};

static const ls_synonym DIMENSION_WORDS[] = {
    E("channel", "channel") E("channel", "channels") E("channel", "source") E("channel", "sources")
    E("channel", "acquisition channel") C("channel", "渠道") S("channel", "来源") T("channel", "來源")
    T("channel", "通路") S("channel", "获客渠道") T("channel", "獲客渠道")
    E("plan", "plan") E("plan", "plans") E("plan", "pricing plan") E("plan", "package") C("plan", "套餐")
    C("plan", "方案") S("plan", "计划") T("plan", "計劃") S("plan", "价格方案") T("plan", "價格方案")
    E("country", "country") E("country", "countries") E("country", "market") E("country", "markets")
    S("country", "国家") T("country", "國家") S("country", "地区") T("country", "地區")
    E("segment", "segment") E("segment", "segments") E("segment", "cohort group") C("segment", "客群")
    C("segment", "分群") S("segment", "细分") T("segment", "細分") S("segment", "用户群") T("segment", "用戶群")
    E("campaign", "campaign") E("campaign", "campaigns") E("campaign", "ad campaign") S("campaign", "广告系列")
    T("campaign", "廣告系列") S("campaign", "活动") T("campaign", "活動") S("campaign", "广告活动")
    T("campaign", "廣告活動")
    E("region", "region") E("region", "regions") S("region", "区域") T("region", "區域") S("region", "大区")
    T("region", "大區")
};

#undef E
#undef S
#undef T
#undef C

const ls_synonym *ls_assist_metric_synonyms(size_t *n) {
  *n = sizeof METRIC_WORDS / sizeof *METRIC_WORDS;
  return METRIC_WORDS;
}

const ls_synonym *ls_assist_dimension_words(size_t *n) {
  *n = sizeof DIMENSION_WORDS / sizeof *DIMENSION_WORDS;
  return DIMENSION_WORDS;
}

/* ---- the matcher ------------------------------------------------------ */

static unsigned char fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c; }
static int is_sep(unsigned char c) { return c == ' ' || c == '_' || c == '-' || c == '\t' || c == '\n' || c == '\r'; }
static int is_wordch(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int all_ascii(const char *w) {
  for (; *w; w++)
    if ((unsigned char)*w >= 0x80) return 0;
  return 1;
}

/* The end of word matched at text[i], or 0 when it does not match there. */
static size_t match_at(const char *text, size_t len, size_t i, const char *word, int ascii) {
  size_t k = i;
  for (const char *w = word; *w;) {
    unsigned char c = (unsigned char)*w;
    if (ascii && is_sep(c)) {
      if (k >= len || !is_sep((unsigned char)text[k])) return 0;
      while (k < len && is_sep((unsigned char)text[k])) k++;
      while (*w && is_sep((unsigned char)*w)) w++;
      continue;
    }
    if (k >= len || fold((unsigned char)text[k]) != fold(c)) return 0;
    k++, w++;
  }
  return k;
}

int ls_assist_find_word(const char *text, size_t len, size_t from, const char *word, size_t *at, size_t *end) {
  if (!text || !word || !*word) return 0;
  int ascii = all_ascii(word);
  for (size_t i = from; i < len; i++) {
    if (ascii && i > 0 && is_wordch((unsigned char)text[i - 1])) continue;
    size_t k = match_at(text, len, i, word, ascii);
    if (!k || (ascii && k < len && is_wordch((unsigned char)text[k]))) continue;
    *at = i, *end = k;
    return 1;
  }
  return 0;
}

int ls_assist_word_weight(const char *word) {
  int w = 0;
  for (const unsigned char *p = (const unsigned char *)word; *p; p++) {
    if (*p < 0x80) w++;
    else if ((*p & 0xC0) != 0x80) w += 2; /* a lead byte: one character */
  }
  return w;
}

/* Questions are read up to this many bytes; occurrences kept up to OCC_MAX. */
#define QUESTION_MAX 4096
#define OCC_MAX 256

typedef struct {
  size_t entry; /* index among the words; past them: a catalog name */
  size_t at, end;
  int weight;
} occurrence;

/* Every occurrence of every word (and of every catalog name when names is
 * set) in text, into occ; how many (at most OCC_MAX). */
static size_t find_all(const char *text, size_t len, const ls_synonym *words, size_t nw, int names, occurrence *occ) {
  size_t n = 0, nc = names ? ls_catalog_count() : 0;
  for (size_t e = 0; e < nw + nc && n < OCC_MAX; e++) {
    const char *w = e < nw ? words[e].word : ls_catalog_at(e - nw)->name;
    size_t at, end, from = 0;
    while (n < OCC_MAX && ls_assist_find_word(text, len, from, w, &at, &end)) {
      occ[n++] = (occurrence){e, at, end, ls_assist_word_weight(w)};
      from = at + 1;
    }
  }
  return n;
}

/* Whether occurrence o lies inside a longer one: the shorter word is part of
 * the longer ("收入" in "月经常性收入", "order" in "average order value"). */
static int covered(const occurrence *occ, size_t n, size_t o) {
  for (size_t i = 0; i < n; i++)
    if (occ[i].at <= occ[o].at && occ[o].end <= occ[i].end &&
        occ[i].end - occ[i].at > occ[o].end - occ[o].at)
      return 1;
  return 0;
}

static size_t bounded_len(const char *s) {
  size_t n = 0;
  while (n < QUESTION_MAX && s[n]) n++;
  return n;
}

size_t ls_assist_match_metrics(const char *question, ls_assist_match *out, size_t max) {
  if (!question || !out || max == 0) return 0;
  occurrence occ[OCC_MAX];
  size_t len = bounded_len(question), nw;
  const ls_synonym *words = ls_assist_metric_synonyms(&nw);
  size_t n = find_all(question, len, words, nw, 1, occ), count = 0;
  /* the best occurrence of each metric: found[k] for out[k], in entry order */
  size_t found[OCC_MAX];
  ls_assist_match all[OCC_MAX];
  for (size_t o = 0; o < n; o++) {
    if (covered(occ, n, o)) continue;
    size_t e = occ[o].entry;
    const char *metric = e < nw ? words[e].target : ls_catalog_at(e - nw)->name;
    const char *word = e < nw ? words[e].word : metric;
    size_t k = 0;
    while (k < count && strcmp(all[k].metric, metric) != 0) k++;
    if (k == count) {
      all[count] = (ls_assist_match){metric, word, occ[o].weight};
      found[count++] = e;
    } else if (occ[o].weight > all[k].score || (occ[o].weight == all[k].score && e < found[k])) {
      all[k].synonym = word, all[k].score = occ[o].weight, found[k] = e;
    }
  }
  /* best score first; ties by the entry's place in the table */
  for (size_t i = 1; i < count; i++)
    for (size_t j = i; j > 0; j--) {
      int before = all[j].score > all[j - 1].score || (all[j].score == all[j - 1].score && found[j] < found[j - 1]);
      if (!before) break;
      ls_assist_match t = all[j];
      all[j] = all[j - 1], all[j - 1] = t;
      size_t f = found[j];
      found[j] = found[j - 1], found[j - 1] = f;
    }
  size_t m = count < max ? count : max;
  memcpy(out, all, m * sizeof *out);
  return m;
}

const char *ls_assist_match_dimension(const char *question) {
  if (!question) return NULL;
  occurrence occ[OCC_MAX];
  size_t len = bounded_len(question), nw;
  const ls_synonym *words = ls_assist_dimension_words(&nw);
  size_t n = find_all(question, len, words, nw, 0, occ), best = OCC_MAX;
  for (size_t o = 0; o < n; o++) {
    if (covered(occ, n, o)) continue;
    if (best == OCC_MAX || occ[o].weight > occ[best].weight ||
        (occ[o].weight == occ[best].weight && occ[o].at < occ[best].at))
      best = o;
  }
  return best == OCC_MAX ? NULL : words[occ[best].entry].target;
}

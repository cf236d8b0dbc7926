/* report_labels.c: the catalog metrics' names in en, zh-CN and zh-TW, the
 * words the page uses (web/i18n "metric.NAME.label"); test_report holds this
 * table to those files, so the report and the page never name a metric
 * differently. */
#include <string.h>

#include "report/report_internal.h"

static const struct {
  const char *metric;
  const char *label[RP_LANGS];
} LABELS[] = {
    {"mrr", {"MRR", "月经常性收入", "每月經常性收入"}},
    {"arr", {"ARR", "年经常性收入", "年度經常性收入"}},
    {"customers", {"Paying customers", "付费客户", "付費客戶"}},
    {"dau", {"DAU", "日活跃用户", "每日活躍用戶"}},
    {"wau", {"WAU", "周活跃用户", "每週活躍用戶"}},
    {"mau", {"MAU", "月活跃用户", "每月活躍用戶"}},
    {"new_users", {"New users", "新用户", "新用戶"}},
    {"active_users", {"Active users", "活跃用户", "活躍使用者"}},
    {"stickiness", {"Stickiness", "粘性", "黏著度"}},
    {"lifecycle_new", {"New", "新增", "新增"}},
    {"lifecycle_returning", {"Returning", "留存", "持續"}},
    {"lifecycle_resurrecting", {"Resurrecting", "回流", "回流"}},
    {"lifecycle_dormant", {"Dormant", "沉睡", "休眠"}},
    {"count", {"Event count", "事件数", "事件數"}},
    {"sum", {"Sum", "求和", "加總"}},
    {"mean", {"Mean", "平均值", "平均值"}},
    {"min", {"Minimum", "最小值", "最小值"}},
    {"max", {"Maximum", "最大值", "最大值"}},
    {"p50", {"p50", "p50", "p50"}},
    {"p90", {"p90", "p90", "p90"}},
    {"p95", {"p95", "p95", "p95"}},
    {"p99", {"p99", "p99", "p99"}},
    {"task_success_rate", {"Task success rate", "任务成功率", "任務成功率"}},
    {"error_rate", {"Error rate", "错误率", "錯誤率"}},
    {"failures", {"Failures", "失败数", "失敗數"}},
    {"qps_peak", {"Peak QPS", "峰值 QPS", "峰值 QPS"}},
    {"qps_mean", {"Mean QPS", "平均 QPS", "平均 QPS"}},
    {"feature_penetration", {"Feature penetration", "功能渗透率", "功能滲透率"}},
    {"feature_share", {"Feature share", "功能占比", "功能佔比"}},
    {"sessions", {"Sessions", "会话数", "工作階段數"}},
    {"session_duration", {"Session duration", "会话时长", "工作階段時長"}},
    {"session_duration_median", {"Median session", "会话时长中位数", "工作階段時長中位數"}},
    {"sessions_per_user", {"Sessions per user", "人均会话数", "人均工作階段數"}},
    {"trial_mrr", {"Trial MRR", "试用 MRR", "試用 MRR"}},
    {"new_mrr", {"New MRR", "新增 MRR", "新增 MRR"}},
    {"expansion_mrr", {"Expansion MRR", "扩展 MRR", "擴展 MRR"}},
    {"contraction_mrr", {"Contraction MRR", "收缩 MRR", "收縮 MRR"}},
    {"churned_mrr", {"Churned MRR", "流失 MRR", "流失 MRR"}},
    {"reactivation_mrr", {"Reactivation MRR", "重新激活 MRR", "重新啟用 MRR"}},
    {"net_new_mrr", {"Net new MRR", "净新增 MRR", "淨新增 MRR"}},
    {"arpa", {"ARPA", "每账户平均收入", "每帳戶平均收入"}},
    {"customer_churn_rate", {"Customer churn rate", "客户流失率", "客戶流失率"}},
    {"gross_mrr_churn_rate", {"Gross MRR churn rate", "MRR 总流失率", "MRR 總流失率"}},
    {"net_mrr_churn_rate", {"Net MRR churn rate", "MRR 净流失率", "MRR 淨流失率"}},
    {"nrr", {"NRR", "净收入留存率", "淨收入留存率"}},
    {"grr", {"GRR", "总收入留存率", "總收入留存率"}},
    {"ltv", {"LTV", "客户生命周期价值", "客戶終身價值"}},
    {"quick_ratio", {"Quick ratio", "快速比率", "快速比率"}},
    {"trials_started", {"Trials started", "新增试用", "新增試用"}},
    {"trial_conversion_rate", {"Trial conversion rate", "试用转化率", "試用轉換率"}},
    {"cac", {"CAC", "获客成本", "獲客成本"}},
    {"ltv_cac", {"LTV:CAC", "LTV:CAC", "LTV:CAC"}},
    {"cac_payback_months", {"CAC payback", "CAC 回收期", "CAC 回收期"}},
    {"mrr_by_plan", {"MRR by plan", "各套餐 MRR", "各方案 MRR"}},
    {"gmv", {"GMV", "GMV", "GMV"}},
    {"orders", {"Orders", "订单数", "訂單數"}},
    {"aov", {"AOV", "客单价", "客單價"}},
    {"paying_users", {"Paying users", "付费用户数", "付費使用者數"}},
    {"arpu", {"ARPU", "ARPU", "ARPU"}},
    {"arppu", {"ARPPU", "ARPPU", "ARPPU"}},
    {"paying_ratio", {"Paying ratio", "付费率", "付費率"}},
    {"refund_rate_orders", {"Refund rate (orders)", "退款率（订单）", "退款率（訂單）"}},
    {"refund_rate_amount", {"Refund rate (amount)", "退款率（金额）", "退款率（金額）"}},
    {"repurchase_rate", {"Repurchase rate", "复购率", "回購率"}},
    {"renewal_rate", {"Renewal rate", "续费率", "續訂率"}},
    {"tier_users", {"Users by tier", "各等级会员数", "各等級會員數"}},
    {"tier_upgrades", {"Tier upgrades", "会员升级数", "會員升級數"}},
};

const char *rp_metric_label(int lang, const char *metric) {
  if (lang < 0 || lang >= RP_LANGS) lang = RP_EN;
  for (size_t i = 0; i < sizeof LABELS / sizeof LABELS[0]; i++)
    if (strcmp(LABELS[i].metric, metric) == 0) return LABELS[i].label[lang];
  return NULL;
}

size_t rp_metric_label_count(void) { return sizeof LABELS / sizeof LABELS[0]; }

const char *rp_metric_label_at(size_t i, int lang, const char **metric) {
  *metric = LABELS[i].metric;
  return LABELS[i].label[lang];
}

/* report_msgs.c: every string the report writes, in en, zh-CN and zh-TW
 * (report_internal.h). Templates take printf arguments in the order the
 * comment beside them gives; all three languages keep that order. */
#include <string.h>

#include "report/report_internal.h"

typedef struct {
  const char *key;
  const char *text[RP_LANGS];
} msg;

static const msg MSGS[] = {
    {"report_day", {"Daily report", "日报", "日報"}},
    {"report_week", {"Weekly report", "周报", "週報"}},
    {"report_month", {"Monthly report", "月报", "月報"}},
    {"generated", /* %s: the report period's last day */
     {"Computed by Lodestar from the workspace's data up to %s. Numbers are the engine's own, no LLM.",
      "由 Lodestar 根据截至 %s 的工作区数据计算，全部数字由引擎算出，未使用大模型。",
      "由 Lodestar 根據截至 %s 的工作區資料計算，全部數字由引擎算出，未使用大型語言模型。"}},
    {"sec_kpis", {"Key metrics", "关键指标", "關鍵指標"}},
    {"sec_bridge", {"Revenue bridge", "收入桥", "收入橋"}},
    {"sec_plans", {"MRR by plan", "各套餐 MRR", "各方案 MRR"}},
    {"sec_users", {"Active users and retention", "活跃用户与留存", "活躍用戶與留存"}},
    {"sec_funnels", {"Funnels", "漏斗", "漏斗"}},
    {"sec_incidents", {"Incidents and alerts", "事件与告警", "事件與警示"}},
    {"sec_movers", {"Top movers", "变化最大的指标", "變化最大的指標"}},
    {"sec_recs", {"Recommendations", "建议", "建議"}},
    {"col_metric", {"Metric", "指标", "指標"}},
    {"col_value", {"Value", "数值", "數值"}},
    {"col_previous", {"Previous", "上期", "上期"}},
    {"col_change", {"Change", "变化", "變化"}},
    {"col_trend", {"Last 12 periods", "近 12 期", "近 12 期"}},
    {"col_plan", {"Plan", "套餐", "方案"}},
    {"col_step", {"Step", "步骤", "步驟"}},
    {"col_subject", {"Metric or entity", "指标或对象", "指標或對象"}},
    {"col_event", {"Event", "事件", "事件"}},
    {"col_users", {"Users", "用户", "用戶"}},
    {"col_conv", {"From start", "总转化", "總轉換"}},
    {"col_amount", {"Amount", "金额", "金額"}},
    {"col_severity", {"Severity", "级别", "級別"}},
    {"col_rule", {"Rule", "规则", "規則"}},
    {"col_period", {"Period", "周期", "週期"}},
    {"col_segment", {"Segment", "细分", "細分"}},
    {"col_share", {"Share of change", "贡献占比", "貢獻佔比"}},
    {"br_new", {"New", "新增", "新增"}},
    {"br_expansion", {"Expansion", "扩张", "擴張"}},
    {"br_reactivation", {"Reactivation", "重新激活", "重新啟用"}},
    {"br_contraction", {"Contraction", "收缩", "收縮"}},
    {"br_churned", {"Churned", "流失", "流失"}},
    {"br_net", {"Net new MRR", "净新增 MRR", "淨新增 MRR"}},
    {"mrr_move", /* %s MRR at the start, %s at the end */
     {"MRR went from %s to %s.", "MRR 从 %s 变为 %s。", "MRR 從 %s 變為 %s。"}},
    {"ret_line", /* %s cohort, %s its size, %s returned, %s rate */
     {"Of the users first seen in the period starting %s (%s users), %s came back in the next period: %s.",
      "首次出现在 %s 开始的周期的用户（%s 人）中，%s 人在下一期回访：%s。",
      "首次出現在 %s 開始的週期的用戶（%s 人）中，%s 人在下一期回訪：%s。"}},
    {"ret_mean", /* %s: the mean */
     {"Mean first-period retention over all cohorts (weighted by size): %s.",
      "所有同期群的首期留存均值（按规模加权）：%s。", "所有同期群的首期留存均值（按規模加權）：%s。"}},
    {"ret_none", {"No cohort has a complete next period yet.", "尚无同期群有完整的下一期。",
                  "尚無同期群有完整的下一期。"}},
    {"funnel_window", /* %s: days */
     {"events of the period, window %s days", "本期事件，窗口 %s 天", "本期事件，窗口 %s 天"}},
    {"no_funnel", {"No funnel: the events have none of the default steps and the rules name none.",
                   "没有漏斗：事件中没有默认步骤，规则也未指定。", "沒有漏斗：事件中沒有預設步驟，規則也未指定。"}},
    {"no_monitor", {"Monitoring did not run on this build.", "此版本未运行监控。", "此版本未執行監控。"}},
    {"no_alerts", {"No firing alerts and no incidents.", "没有正在触发的告警，也没有事件。",
                   "沒有正在觸發的警示，也沒有事件。"}},
    {"alerts_firing", {"Firing now", "正在触发", "正在觸發"}},
    {"suppressed", /* %s: the rule's id */
     {"Rule %s is flapping: its alert is suppressed.", "规则 %s 状态反复切换：其告警已被抑制。",
      "規則 %s 狀態反覆切換：其警示已被抑制。"}},
    {"recon_problems", {"Reconciliation problems", "对账问题", "對帳問題"}},
    {"incidents", {"Incidents", "事件", "事件"}},
    {"ongoing", {"ongoing", "持续中", "持續中"}},
    {"no_movers", {"No metric moved: too little data for two periods.", "没有指标变化：数据不足两期。",
                   "沒有指標變化：資料不足兩期。"}},
    {"contrib_of", /* %s: the metric */
     {"What moved %s", "%s 变化的来源", "%s 變化的來源"}},
    {"no_recs", {"Nothing to recommend: every rule passed.", "暂无建议：所有规则均通过。", "暫無建議：所有規則均通過。"}},
    {"rec_ltv_cac", {"LTV:CAC is under 3: customers are not worth enough for what they cost to win; lower CAC or raise ARPA.",
                     "LTV:CAC 低于 3：获客成本相对客户价值过高，应降低 CAC 或提高 ARPA。",
                     "LTV:CAC 低於 3：獲客成本相對客戶價值過高，應降低 CAC 或提高 ARPA。"}},
    {"rec_cac_payback", {"CAC payback is over 12 months: acquisition takes more than a year to earn back.",
                         "CAC 回收期超过 12 个月：获客成本一年以上才能收回。",
                         "CAC 回收期超過 12 個月：獲客成本一年以上才能收回。"}},
    {"rec_churn", {"Customer churn is over 5% a month: look at why customers leave before buying growth.",
                   "月客户流失率超过 5%：先弄清客户流失原因，再投入增长。",
                   "月客戶流失率超過 5%：先弄清客戶流失原因，再投入成長。"}},
    {"rec_quick_ratio", {"Quick ratio is under 1: MRR lost outpaces MRR gained.",
                         "快速比率低于 1：流失的 MRR 多于新增的 MRR。", "快速比率低於 1：流失的 MRR 多於新增的 MRR。"}},
    {"rec_task_success", {"Task success is under 95%: check the failing tasks and their error codes.",
                          "任务成功率低于 95%：检查失败的任务及其错误码。", "任務成功率低於 95%：檢查失敗的任務及其錯誤碼。"}},
    {"rec_error_rate", {"Error rate is over 2%: look at the errors behind it.", "错误率超过 2%：排查背后的错误。",
                        "錯誤率超過 2%：排查背後的錯誤。"}},
    {"rec_trigger", /* %s metric, %s period, %s value, %s threshold */
     {"(%s, %s: %s; threshold %s)", "（%s，%s：%s；阈值 %s）", "（%s，%s：%s；閾值 %s）"}},
    {"rec_line", /* %s the advice, %s its trigger */ {"%s %s", "%s%s", "%s%s"}},
    {"unit_months", {"mo", "个月", "個月"}},
    {"unit_seconds", {"s", "秒", "秒"}},
    {"grain_day", {"day", "日", "日"}},
    {"grain_week", {"week", "周", "週"}},
    {"grain_month", {"month", "月", "月"}},
    {"last_day", /* %s: the metric */ {"%s (last day)", "%s（末日）", "%s（末日）"}},
    {"with_grain", /* %s the metric, %s its grain */ {"%s (%s)", "%s（%s）", "%s（%s）"}},
    {"m_p95", {"p95 %s", "%s 的 p95", "%s 的 p95"}}, /* %s: the property */
};

int rp_lang(const char *lang) {
  if (!lang || strcmp(lang, "en") == 0) return lang ? RP_EN : -1;
  if (strcmp(lang, "zh-CN") == 0) return RP_ZH_CN;
  if (strcmp(lang, "zh-TW") == 0) return RP_ZH_TW;
  return -1;
}

const char *rp_msg(int lang, const char *key) {
  if (lang < 0 || lang >= RP_LANGS) lang = RP_EN;
  for (size_t i = 0; i < sizeof MSGS / sizeof MSGS[0]; i++)
    if (strcmp(MSGS[i].key, key) == 0) return MSGS[i].text[lang];
  return key;
}

/* charts-zh-CN.js: 对比模式、图表工具与表格排序筛选的简体中文消息，展开进 zh-CN.js。 */
export default {
  'compare.label': '对比',
  'compare.mode.none': '不对比',
  'compare.mode.prev': '上一周期',
  'compare.mode.yoy': '去年同期',
  'compare.overlay.prev': '{label} · 上一周期',
  'compare.overlay.yoy': '{label} · 去年同期',
  'compare.vs.prev': '对比 {period} 的 {value}（上一周期）',
  'compare.vs.yoy': '对比 {period} 的 {value}（去年同期）',
  'compare.none.prev': '没有可对比的上一周期',
  'compare.none.yoy': '没有一年前的数据可对比',

  'charts.tools': '图表工具',
  'charts.resetZoom': '重置缩放',
  'charts.logScale': '对数刻度',
  'charts.shown': '（显示中；按回车键隐藏）',
  'charts.hidden': '（已隐藏；按回车键显示）',
  'charts.incident': '事件 {severity} · {rule}',
  'charts.summary': '图表时间从 {from} 到 {to}。最新：{series}',

  'tables.filter': '筛选行',
  'tables.sort': '按此列排序',

  'export.chartCsvLabel': '将“{title}”的数据导出为 CSV',
};

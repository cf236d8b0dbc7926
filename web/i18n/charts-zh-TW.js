/* charts-zh-TW.js: 比較模式、圖表工具與表格排序篩選的繁體中文訊息，展開進 zh-TW.js。 */
export default {
  'compare.label': '比較',
  'compare.mode.none': '不比較',
  'compare.mode.prev': '上一期間',
  'compare.mode.yoy': '去年同期',
  'compare.overlay.prev': '{label} · 上一期間',
  'compare.overlay.yoy': '{label} · 去年同期',
  'compare.vs.prev': '對比 {period} 的 {value}（上一期間）',
  'compare.vs.yoy': '對比 {period} 的 {value}（去年同期）',
  'compare.none.prev': '沒有可比較的上一期間',
  'compare.none.yoy': '沒有一年前的資料可比較',

  'charts.tools': '圖表工具',
  'charts.resetZoom': '重設縮放',
  'charts.logScale': '對數刻度',
  'charts.shown': '（顯示中；按輸入鍵隱藏）',
  'charts.hidden': '（已隱藏；按輸入鍵顯示）',
  'charts.incident': '事件 {severity} · {rule}',
  'charts.summary': '圖表期間從 {from} 到 {to}。最新：{series}',

  'tables.filter': '篩選列',
  'tables.sort': '依此欄排序',

  'export.chartCsvLabel': '將「{title}」的資料匯出為 CSV',
};

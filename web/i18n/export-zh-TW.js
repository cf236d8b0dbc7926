/* export-zh-TW.js: 匯出 PNG / CSV（export.js）的繁體中文文案，併入 zh-TW.js。 */
export default {
  'export.tools': '匯出',
  'export.png': 'PNG',
  'export.csv': 'CSV',
  'export.pngLabel': '將「{title}」匯出為 PNG',
  'export.csvLabel': '將「{title}」匯出為 CSV',
  'export.chart': '圖表',
  'export.table': '表格',
  'export.gone': '此表格已不再顯示',
  'export.failed': '無法匯出「{title}」',
};

/* export-zh-CN.js: 导出 PNG / CSV（export.js）的简体中文文案，并入 zh-CN.js。 */
export default {
  'export.tools': '导出',
  'export.png': 'PNG',
  'export.csv': 'CSV',
  'export.pngLabel': '将“{title}”导出为 PNG',
  'export.csvLabel': '将“{title}”导出为 CSV',
  'export.chart': '图表',
  'export.table': '表格',
  'export.gone': '该表格已不再显示',
  'export.failed': '无法导出“{title}”',
};

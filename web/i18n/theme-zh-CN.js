/* theme-zh-CN.js: the theme control (theme.js) and a quarter's name (format.js). */
export default {
  'theme.label': '主题',
  'theme.system': '跟随系统',
  'theme.light': '浅色',
  'theme.dark': '深色',
  'format.quarter': '{year}年第{q}季度', // a quarter of a year (format.js formatPeriod)
};

/* theme-zh-TW.js: the theme control (theme.js) and a quarter's name (format.js). */
export default {
  'theme.label': '主題',
  'theme.system': '跟隨系統',
  'theme.light': '淺色',
  'theme.dark': '深色',
  'format.quarter': '{year}年第{q}季', // a quarter of a year (format.js formatPeriod)
};

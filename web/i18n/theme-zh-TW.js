/* theme-zh-TW.js: 主題切換（theme.js）。 */
export default {
  'theme.label': '主題',
  'theme.system': '跟隨系統',
  'theme.light': '淺色',
  'theme.dark': '深色',
};

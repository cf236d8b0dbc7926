/* theme-zh-CN.js: 主题切换（theme.js）。 */
export default {
  'theme.label': '主题',
  'theme.system': '跟随系统',
  'theme.light': '浅色',
  'theme.dark': '深色',
};

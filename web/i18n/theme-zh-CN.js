/* theme-zh-CN.js: the theme control (theme.js), a quarter's name (format.js), the reload for a new endpoint (csp.js). */
export default {
  'theme.label': '主题',
  'theme.system': '跟随系统',
  'theme.light': '浅色',
  'theme.dark': '深色',
  'format.quarter': '{year}年第{q}季度', // a quarter of a year (format.js formatPeriod)
  'csp.reload': '此页面只连接自身以及打开时已设置的模型接口。现在重新加载页面以允许连接 {origin} 吗？', // csp.js askReloadFor
  'reviews.reason.keyword': '关键词：{word}', // reviews-view.js: the engine's keyword reason
  'reviews.reason.none': '无关键词',
};

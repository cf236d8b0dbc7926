/* theme-zh-TW.js: the theme control (theme.js), a quarter's name (format.js), the reload for a new endpoint (csp.js). */
export default {
  'theme.label': '主題',
  'theme.system': '跟隨系統',
  'theme.light': '淺色',
  'theme.dark': '深色',
  'format.quarter': '{year}年第{q}季', // a quarter of a year (format.js formatPeriod)
  'csp.reload': '此頁面只連線到自身以及開啟時已設定的模型介面。現在重新載入頁面以允許連線到 {origin} 嗎？', // csp.js askReloadFor
  'reviews.reason.keyword': '關鍵字：{word}', // reviews-view.js: the engine's keyword reason
  'reviews.reason.none': '無關鍵字',
};

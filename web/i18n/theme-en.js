/* theme-en.js: the theme control (theme.js), a quarter's name (format.js), the reload for a new endpoint (csp.js). */
export default {
  'theme.label': 'Theme',
  'theme.system': 'System theme',
  'theme.light': 'Light',
  'theme.dark': 'Dark',
  'format.quarter': 'Q{q} {year}', // a quarter of a year (format.js formatPeriod)
  'csp.reload': 'This page connects only to itself and the model endpoint it was opened with. Reload now so it may reach {origin}?', // csp.js askReloadFor
  'reviews.reason.keyword': 'keyword: {word}', // reviews-view.js: the engine's keyword reason
  'reviews.reason.none': 'no keyword',
};

/* theme-en.js: the theme control (theme.js) and a quarter's name (format.js). */
export default {
  'theme.label': 'Theme',
  'theme.system': 'System theme',
  'theme.light': 'Light',
  'theme.dark': 'Dark',
  'format.quarter': 'Q{q} {year}', // a quarter of a year (format.js formatPeriod)
};

/* theme-en.js: the theme control (theme.js). */
export default {
  'theme.label': 'Theme',
  'theme.system': 'System theme',
  'theme.light': 'Light',
  'theme.dark': 'Dark',
};

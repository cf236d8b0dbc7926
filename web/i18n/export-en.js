/* export-en.js: the English messages of the PNG / CSV exports (export.js),
 * spread into en.js. */
export default {
  'export.tools': 'Export',
  'export.png': 'PNG',
  'export.csv': 'CSV',
  'export.pngLabel': 'Export {title} as PNG',
  'export.csvLabel': 'Export {title} as CSV',
  'export.chart': 'Chart',
  'export.table': 'Table',
  'export.gone': 'The table is no longer shown',
  'export.failed': 'Could not export {title}',
};

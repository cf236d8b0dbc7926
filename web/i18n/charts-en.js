/* charts-en.js: the English messages of compare mode, the charts' tools
 * (tooltip, legend toggles, zoom, log scale, incidents) and the tables'
 * sorting and filtering, spread into en.js. */
export default {
  'compare.label': 'Compare',
  'compare.mode.none': 'No comparison',
  'compare.mode.prev': 'Previous period',
  'compare.mode.yoy': 'Same period last year',
  'compare.overlay.prev': '{label} · previous period',
  'compare.overlay.yoy': '{label} · same period last year',
  'compare.vs.prev': 'vs {value} in {period} (previous period)',
  'compare.vs.yoy': 'vs {value} in {period} (same period last year)',
  'compare.none.prev': 'No previous period to compare with',
  'compare.none.yoy': 'No data a year earlier to compare with',

  'charts.tools': 'Chart tools',
  'charts.resetZoom': 'Reset zoom',
  'charts.logScale': 'Log scale',
  'charts.shown': '(shown; press Enter to hide)',
  'charts.hidden': '(hidden; press Enter to show)',
  'charts.incident': 'Incident {severity} · {rule}',
  'charts.summary': 'Chart from {from} to {to}. Latest: {series}',

  'tables.filter': 'Filter rows',
  'tables.sort': 'Sort by this column',

  'export.chartCsvLabel': 'Export the data of {title} as CSV',
};

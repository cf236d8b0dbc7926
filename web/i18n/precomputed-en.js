/* precomputed-en.js: results read back from a warehouse (docs/precomputed.md)
 * and the warehouse mapping export of the data view's mapping panel. */
export default {
  'kind.metric_values': 'Precomputed metric',
  'kind.retention_matrix': 'Precomputed retention',
  'kind.funnel_steps': 'Precomputed funnel',
  'whmap.export': 'Export mapping for warehouse SQL',
  'whmap.hint': 'The tables and columns of every loaded dataset, for {command}.',
  'whmap.error': 'Could not export the mapping: {message}',
};

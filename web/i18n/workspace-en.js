/* workspace-en.js: the English messages of Save workspace, opening a
 * workspace file and autosave (workspace-file.js, autosave.js), spread into en.js. */
export default {
  'workspace.save': 'Save workspace',
  'workspace.saving': 'Saving…',
  'workspace.saveHint': 'Download the datasets, mappings, settings, rules and this view as one .lodestar.sqlite file; drop it here later to carry on',
  'workspace.saveEmpty': 'Load data first: there is nothing to save yet',
  'workspace.saveError': 'The workspace could not be saved',
  'workspace.menu': 'Workspace options',
  'workspace.opened': 'Opened the workspace {file}: it replaced what was loaded before.',

  'autosave.title': 'Autosave in this browser',
  'autosave.toggle': 'Save automatically after each change',
  'autosave.offHint': 'Off: nothing is kept once you close this page. When on, the data is stored in this browser only and comes back the next time you open Lodestar.',
  'autosave.onHint': 'On: every change is saved in this browser only, never uploaded. With several tabs open, the last complete save wins.',
  'autosave.unsupported': 'This browser has no storage for pages (OPFS or IndexedDB), so autosave is not available.',
  'autosave.blocked': 'This browser refused to store data for this page (private browsing?), so autosave is not available.',
  'autosave.nothing': 'Nothing is saved in this browser.',
  'autosave.saving': 'Saving…',
  'autosave.saved': 'Last saved {time} ({size})',
  'autosave.demoSize': 'the demo',
  'autosave.error': 'The last autosave failed: {message}',
  'autosave.forget': 'Forget this data',
  'autosave.forgetHint': 'Delete what autosave kept in this browser and turn autosave off',
  'autosave.restored': 'Restored from this browser’s autosave, {time}.',
  'autosave.restoreError': 'The autosaved workspace could not be opened',
};

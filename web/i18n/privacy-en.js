/* privacy-en.js: the English messages of privacy masking (privacy.js, the
 * Data view's panel, the mapping panel's badge), spread into en.js. */
export default {
  'privacy.title': 'Personal data',
  'privacy.badge': 'personal data',
  'privacy.badgeTitle': 'Shown as {kind} tokens in tables, assistant requests, share links and reports',
  'privacy.kind.email': 'email',
  'privacy.kind.phone': 'phone',
  'privacy.kind.name': 'name',
  'privacy.kind.ip': 'IP address',
  'privacy.kind.card': 'card',
  'privacy.explain': 'Columns holding personal data (emails, phone numbers, names, IP addresses, card digits) are found when a file loads and shown as tokens such as {example}. A token is a keyed hash of the value under this workspace’s own random key: the same value gives the same token in every dataset, so joins and groups still work, and the key never leaves your browser.',
  'privacy.leaves': 'Assistant requests, share links and reports always carry tokens, even while personal data is shown here.',
  'privacy.unmask': 'Show personal data',
  'privacy.unmaskHint': 'On this screen only, until the tab closes',
  'privacy.columns': 'Personal data in {name}: {list}',
  'privacy.none': 'No personal data found in {name}.',
  'privacy.previewMasked': 'First rows of {name}, personal data masked',
  'privacy.previewShown': 'First rows of {name}, personal data shown',
  'privacy.previewError': 'The first rows could not be read: {message}',
};

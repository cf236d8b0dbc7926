/* mapping-panel.js: what a dataset is and what each column means, and the
 * user's fixes. Shows the kind (a select of the engine's kinds), the
 * detected format and why (reasons.js), then one row per column:
 * name, type (a select; choosing another type reads the file again with that
 * override), role (a select of the engine's roles, or none), null rate, and
 * the cells that did not fit (first lines), with "read as <type>" for a text
 * column that is nearly all of one type.
 *
 * Kind and role changes are staged and applied together with "Apply" (the
 * engine checks the whole mapping: a payments dataset needs an amount); a
 * refusal shows the engine's message and changes nothing.
 *
 * <div class="mapping" data-dataset="i" data-kind data-format>, each column a
 * <tr data-column="name" data-type data-role>. */
import { t } from './i18n/index.js';
import { el, option, saveBlob } from './dom.js';
import { formatInteger, formatPercent } from './format.js';
import { TYPES, kindLabel, roleLabel, formatLabel, typeLabel } from './labels.js';
import { currentRoles } from './mapping-memory.js';
import { detectionReason } from './reasons.js';

/* The message key's text with {command} as a <code> element: the command is
 * not translated (data-raw: the language test reads it as code). */
function commandNote(key, command) {
  const [before, after = ''] = t(key, { command: '\u0000' }).split('\u0000');
  return [before, el('code', { dataset: { raw: '' } }, command), after];
}

/* The panel of dataset d (index i). constants: the engine's {kinds, roles}. */
export function mappingPanel(d, i, constants, actions) {
  const columns = d.columns || [];
  // Types can be chosen for files only: SQLite declares them, the demo has no file.
  const typesFixed = !d.source || !d.source.format || d.source.format === 'sqlite' || d.source.format === 'generated';
  const kinds = unique([...(constants.kinds || []), d.kind]);
  const roles = unique([...(constants.roles || []), ...columns.map((c) => c.role).filter(Boolean)]);

  const kindSelect = el('select', { className: 'select', name: 'kind', 'aria-label': t('map.kind') },
    kinds.map((k) => option(k, kindLabel(k), k === d.kind)));
  const head = el('div', { className: 'map-head' },
    el('label', { className: 'field' }, el('span', { className: 'field-label' }, t('map.kind')), kindSelect),
    el('div', { className: 'field' },
      el('span', { className: 'field-label' }, t('map.format')),
      el('span', { className: 'map-format', dataset: { format: String(d.format ?? '') } }, formatLabel(d.format))),
    el('p', { className: 'map-reason' }, detectionReason(d)));

  const rows = columns.map((c) => columnRow(c, roles, typesFixed));
  const table = el('table', { className: 'map-table' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, t('map.column')),
      el('th', { scope: 'col' }, t('map.type')),
      el('th', { scope: 'col' }, t('map.role')),
      el('th', { scope: 'col', className: 'num' }, t('map.nulls')),
      el('th', { scope: 'col' }, t('map.unparseable')))),
    el('tbody', {}, rows));

  const error = el('p', { className: 'map-error', role: 'alert', hidden: true });
  const apply = el('button', { type: 'button', className: 'btn btn-primary btn-sm', dataset: { action: 'apply' }, disabled: true }, t('map.apply'));
  const undo = el('button', { type: 'button', className: 'btn btn-sm', dataset: { action: 'undo' }, disabled: true }, t('map.undo'));
  // the mapping of every loaded dataset, for `lodestar sql-export --mapping` (docs/warehouse.md)
  const exportMapping = el('button', { type: 'button', className: 'btn btn-sm', dataset: { action: 'export-mapping' } },
    t('whmap.export'));
  const foot = el('div', { className: 'map-foot' },
    el('p', { className: 'map-note' }, t('map.remembered')), error, el('div', { className: 'map-actions' }, undo, apply),
    el('div', { className: 'map-export' }, el('p', { className: 'map-note' }, ...commandNote('whmap.hint', 'lodestar sql-export --mapping')), exportMapping));

  const root = el('section', {
    className: 'mapping',
    'aria-label': t('map.title'),
    dataset: { dataset: String(i), kind: String(d.kind ?? ''), format: String(d.format ?? '') },
  }, el('h3', { className: 'panel-title' }, t('map.title')), head, el('div', { className: 'table-wrap' }, table), foot);

  /* The staged mapping: the kind select and every role select. */
  const staged = () => {
    const r = {};
    for (const sel of root.querySelectorAll('select[name=role]')) if (sel.value) r[sel.value] = sel.dataset.column;
    return { kind: kindSelect.value, roles: r };
  };
  const changed = () => {
    const s = staged();
    const now = currentRoles(d);
    const keys = new Set([...Object.keys(now), ...Object.keys(s.roles)]);
    return s.kind !== d.kind || [...keys].some((k) => now[k] !== s.roles[k]);
  };
  const sync = () => {
    const on = changed();
    apply.disabled = !on;
    undo.disabled = !on;
    root.classList.toggle('is-dirty', on);
  };

  root.addEventListener('change', (e) => {
    const sel = e.target;
    if (sel.name === 'role' && sel.value) {
      // A role belongs to one column: taking it unassigns it elsewhere.
      for (const other of root.querySelectorAll('select[name=role]')) if (other !== sel && other.value === sel.value) other.value = '';
    }
    if (sel.name === 'type') {
      actions.reloadDataset(i, { types: { [sel.dataset.column]: sel.value } });
      return;
    }
    error.hidden = true;
    sync();
  });
  root.addEventListener('click', async (e) => {
    const btn = e.target.closest('button');
    if (!btn) return;
    if (btn === exportMapping) {
      error.hidden = true;
      try {
        const { text } = await actions.ask('whMapping');
        saveBlob(new Blob([text], { type: 'application/json' }), 'lodestar-mapping.json');
      } catch (err) {
        error.textContent = t('whmap.error', { message: err.message });
        error.hidden = false;
      }
    } else if (btn.dataset.readAs) {
      actions.reloadDataset(i, { types: { [btn.dataset.column]: btn.dataset.readAs } });
    } else if (btn === undo) {
      kindSelect.value = d.kind;
      for (const sel of root.querySelectorAll('select[name=role]')) sel.value = sel.dataset.initial;
      error.hidden = true;
      sync();
    } else if (btn === apply) {
      apply.disabled = true;
      root.dataset.state = 'applying';
      try {
        await actions.setMapping(i, staged());
        root.dataset.state = 'applied';
      } catch (err) {
        error.textContent = err.message;
        error.hidden = false;
        root.dataset.state = 'refused';
        apply.disabled = false;
      }
    }
  });
  return root;
}

/* ---- private ---- */

function columnRow(c, roles, typesFixed) {
  const name = String(c.name ?? '');
  const type = el('select', {
    className: 'select select-sm', name: 'type', dataset: { column: name },
    'aria-label': t('map.typeOf', { column: name }), disabled: typesFixed, title: typesFixed ? t('map.typeFixed') : null,
  }, TYPES.map((ty) => option(ty, ty === c.type && !c.forced ? t('map.detected', { type: typeLabel(ty) }) : typeLabel(ty), ty === c.type)));
  const role = el('select', {
    className: 'select select-sm', name: 'role', dataset: { column: name, initial: c.role || '' },
    'aria-label': t('map.roleOf', { column: name }),
  }, option('', t('map.none'), !c.role), roles.map((r) => option(r, roleLabel(r), r === c.role)));

  const tags = [];
  if (c.forced) tags.push(tag(t('map.forced'), 'is-user'));
  if (c.local_time) tags.push(tag(t('map.localTime')));
  if (c.currency) tags.push(tag(String(c.currency)));
  if (c.percent) tags.push(tag('%'));
  if (c.ambiguous_dates) tags.push(tag(t('map.ambiguous'), 'is-warn'));
  if (c.mixed_currency) tags.push(tag(t('map.mixedCurrency'), 'is-warn'));
  if (c.pii) {
    const badge = tag(t('privacy.badge'), 'is-pii');
    badge.title = t('privacy.badgeTitle', { kind: t(`privacy.kind.${c.pii}`) });
    badge.dataset.pii = String(c.pii);
    tags.push(badge);
  }

  const nulls = el('td', { className: 'num map-nulls', 'data-label': t('map.nulls') }, formatPercent(Number(c.null_rate) || 0),
    c.nulls ? el('span', { className: 'map-sub' }, formatInteger(c.nulls)) : null);
  if (Number(c.null_rate) > 0 && Number(c.null_rate) < 0.01) nulls.firstChild.textContent = '<1%';

  const bad = c.unparseable;
  const badCell = el('td', { className: 'map-bad', 'data-label': t('map.unparseable') });
  if (bad && bad.count) {
    const lines = (bad.lines || []).map((n) => formatInteger(n)).join(', ') + (bad.count > (bad.lines || []).length ? ', …' : '');
    badCell.append(el('span', { className: 'map-bad-count' }, t('map.badCount', { count: formatInteger(bad.count), type: typeLabel(bad.as) })),
      el('span', { className: 'map-sub' }, t((bad.lines || []).length === 1 ? 'q.line' : 'q.lines', { lines })));
    if (bad.as && bad.as !== c.type && !typesFixed) {
      badCell.append(el('button', {
        type: 'button', className: 'btn-link', dataset: { readAs: bad.as, column: name },
      }, t('map.readAs', { type: typeLabel(bad.as) })));
    }
  } else {
    badCell.append(el('span', { className: 'q-zero' }, '0'));
  }

  return el('tr', { dataset: { column: name, type: String(c.type ?? ''), role: c.role || '' } },
    el('th', { scope: 'row', className: 'map-name' }, el('span', { className: 'map-col' }, name), tags.length ? el('span', { className: 'map-tags' }, tags) : null),
    el('td', { className: 'map-type' }, type),
    el('td', { className: 'map-role' }, role),
    nulls,
    badCell);
}

function tag(text, cls = '') {
  return el('span', { className: `tag ${cls}`.trim() }, text);
}

function unique(list) {
  return [...new Set(list.filter((x) => x != null && x !== ''))];
}

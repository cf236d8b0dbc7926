/* sources.js: the files the workspace was built from, in load order, with the
 * options each was read with, and which datasets each one fed. The page keeps
 * the File objects so a file can be read again with other options (a type
 * override, ragged rows fixed), and the workspace rebuilt from this list when
 * needed.
 *
 *   const src = createSources();
 *   const s = src.add(file, options);        // after the file loaded
 *   src.attribute(s, prevInfo, nextInfo);    // datasets new or grown → s
 *   src.forDataset(i)                        // the sources of dataset i
 *   src.list(), src.clear()
 * A dataset is attributed by its index in info.datasets: the engine appends new
 * datasets at the end and grows a dataset in place when a file with its header
 * is appended. */

export function createSources() {
  let list = [];
  let owners = []; // dataset index → [source]
  let nextId = 1;

  return {
    add(file, options = {}) {
      const s = { id: nextId++, file, options: { ...options } };
      list.push(s);
      return s;
    },
    attribute(source, prev, next) {
      const before = (prev && prev.datasets) || [];
      (next.datasets || []).forEach((d, i) => {
        const old = before[i];
        const grew = !old || old.rows !== d.rows || fileCount(old) !== fileCount(d);
        if (!grew) return;
        owners[i] = owners[i] || [];
        if (!owners[i].includes(source)) owners[i].push(source);
      });
    },
    forDataset(i) {
      return owners[i] ? [...owners[i]] : [];
    },
    list: () => [...list],
    clear() {
      list = [];
      owners = [];
    },
    /* Forget which datasets came from where (before a rebuild). */
    clearOwners() {
      owners = [];
    },
  };
}

function fileCount(d) {
  return (d.source && d.source.files) || 0;
}

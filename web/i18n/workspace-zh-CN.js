/* workspace-zh-CN.js：保存工作区、打开工作区文件和自动保存（workspace-file.js、
 * autosave.js）的简体中文文案，并入 zh-CN.js。 */
export default {
  'workspace.save': '保存工作区',
  'workspace.saving': '正在保存…',
  'workspace.saveHint': '把数据集、映射、设置、规则和当前视图下载为一个 .lodestar.sqlite 文件；以后拖回这里即可继续',
  'workspace.saveEmpty': '请先加载数据：现在还没有可保存的内容',
  'workspace.saveError': '无法保存工作区',
  'workspace.menu': '工作区选项',
  'workspace.opened': '已打开工作区 {file}：它替换了之前加载的内容。',

  'autosave.title': '在此浏览器中自动保存',
  'autosave.toggle': '每次更改后自动保存',
  'autosave.offHint': '已关闭：关闭页面后不会保留任何内容。开启后，数据只保存在此浏览器中，下次打开 Lodestar 时会自动恢复。',
  'autosave.onHint': '已开启：每次更改都只保存在此浏览器中，从不上传。同时打开多个标签页时，以最后一次完整保存为准。',
  'autosave.unsupported': '此浏览器没有可供网页使用的存储（OPFS 或 IndexedDB），无法自动保存。',
  'autosave.blocked': '此浏览器拒绝为本页保存数据（是否处于无痕模式？），无法自动保存。',
  'autosave.nothing': '此浏览器中没有保存任何内容。',
  'autosave.saving': '正在保存…',
  'autosave.saved': '上次保存于 {time}（{size}）',
  'autosave.demoSize': '演示数据',
  'autosave.error': '上次自动保存失败：{message}',
  'autosave.forget': '清除这些数据',
  'autosave.forgetHint': '删除自动保存在此浏览器中的内容，并关闭自动保存',
  'autosave.restored': '已从此浏览器的自动保存中恢复（{time}）。',
  'autosave.restoreError': '无法打开自动保存的工作区',
};

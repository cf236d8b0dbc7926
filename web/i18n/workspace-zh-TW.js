/* workspace-zh-TW.js：儲存工作區、開啟工作區檔案和自動儲存（workspace-file.js、
 * autosave.js）的繁體中文文案，併入 zh-TW.js。 */
export default {
  'workspace.save': '儲存工作區',
  'workspace.saving': '正在儲存…',
  'workspace.saveHint': '把資料集、對應、設定、規則和目前的視圖下載為一個 .lodestar.sqlite 檔案；之後拖回這裡即可繼續',
  'workspace.saveEmpty': '請先載入資料：目前還沒有可儲存的內容',
  'workspace.saveError': '無法儲存工作區',
  'workspace.menu': '工作區選項',
  'workspace.opened': '已開啟工作區 {file}：它取代了先前載入的內容。',

  'autosave.title': '在此瀏覽器中自動儲存',
  'autosave.toggle': '每次變更後自動儲存',
  'autosave.offHint': '已關閉：關閉頁面後不會保留任何內容。開啟後，資料只儲存在此瀏覽器中，下次開啟 Lodestar 時會自動還原。',
  'autosave.onHint': '已開啟：每次變更都只儲存在此瀏覽器中，從不上傳。同時開啟多個分頁時，以最後一次完整儲存為準。',
  'autosave.unsupported': '此瀏覽器沒有可供網頁使用的儲存空間（OPFS 或 IndexedDB），無法自動儲存。',
  'autosave.blocked': '此瀏覽器拒絕為本頁儲存資料（是否處於無痕模式？），無法自動儲存。',
  'autosave.nothing': '此瀏覽器中沒有儲存任何內容。',
  'autosave.saving': '正在儲存…',
  'autosave.saved': '上次儲存於 {time}（{size}）',
  'autosave.demoSize': '示範資料',
  'autosave.error': '上次自動儲存失敗：{message}',
  'autosave.forget': '清除這些資料',
  'autosave.forgetHint': '刪除自動儲存在此瀏覽器中的內容，並關閉自動儲存',
  'autosave.restored': '已從此瀏覽器的自動儲存中還原（{time}）。',
  'autosave.restoreError': '無法開啟自動儲存的工作區',
};

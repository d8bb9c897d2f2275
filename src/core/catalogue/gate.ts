/** The gate tablet's words: the scan screen, its status line, enrolment, the camera, and why an entry was not saved or synced. */
import type { Section } from './words.ts';

export const GATE_WORDS = {
  // The scan screen and the verdict
  lead: { zh: '负责人', en: 'Lead' },
  manualEntry: { zh: '手动输入', en: 'Type ID' },
  notSaved: { zh: '未保存！请重扫', en: 'NOT SAVED! Scan again' },
  saved: { zh: '已记录', en: 'Logged' },
  born: { zh: '出生', en: 'born' },
  tapToContinue: { zh: '点击继续', en: 'Tap to continue' },
  recent: { zh: '最近', en: 'Recent' },
  verifying: { zh: '核验中…', en: 'Verifying…' },
  verifierMissing: { zh: '健康码核验组件未能加载，健康码请人工查看颜色。请连接网络，恢复后自动重试', en: 'The health-code checker did not load: look at each code\'s colour. Connect to the network; it retries by itself' },
  'scanner-missing': { zh: '扫码组件未能加载，暂时只能手动输入身份证号。请连接网络，恢复后自动重试', en: 'The scanner did not load: type ID numbers for now. Connect to the network; it retries by itself' },
  // Typing an ID number
  clear: { zh: '清空', en: 'Clear' },
  // A code Kadian cannot verify
  pickColour: { zh: '无法核验的二维码：您看到的是什么颜色？', en: "A code Kadian cannot verify: which colour do you see?" },
  pickColourHint: { zh: '将记录为“人工查看，未核验”。', en: 'It is logged as "seen, not verified".' },
  cannotTell: { zh: '看不清 / 无颜色', en: "Can't tell / no colour" },
  // The status line
  online: { zh: '在线', en: 'Online' },
  offline: { zh: '离线', en: 'Offline' },
  waiting: { zh: '待上传', en: 'waiting' },
  refused: { zh: '被拒', en: 'refused' },
  lastSync: { zh: '上次同步', en: 'last sync' },
  never: { zh: '从未', en: 'never' },
  syncNow: { zh: '立即同步', en: 'Sync now' },
  offlinePreparing: { zh: '正在准备离线使用', en: 'Preparing for offline use' },
  offlineKeepOnline: { zh: '完成前请保持联网', en: 'stay on the network until it is done' },
  offlineReady: { zh: '可离线使用', en: 'Ready for offline use' },
  offlineUnsupported: { zh: '此浏览器不支持离线使用，断网后无法扫码', en: 'This browser cannot work offline: scanning stops without a network' },
  trustAge: { zh: '信任列表', en: 'trust list' },
  trustStale: { zh: '信任列表超过24小时未更新', en: 'Trust list over 24 h old' },
  hoursAgo: { zh: '小时前', en: 'h ago' },
  // The camera
  startingCamera: { zh: '正在打开摄像头…', en: 'Starting the camera…' },
  retryCamera: { zh: '重试', en: 'Retry' },
  // Enrolment, and a tablet the operator withdrew
  notEnrolled: { zh: '本设备尚未注册到卡点', en: 'This tablet is not enrolled at a checkpoint' },
  enrolHint: { zh: '请扫描管理员提供的注册二维码，或粘贴注册链接/注册码。', en: 'Scan the enrolment QR code from the operator, or paste the enrolment link or code.' },
  enrolPaste: { zh: '注册链接或注册码', en: 'Enrolment link or code' },
  enrol: { zh: '注册本设备', en: 'Enrol this tablet' },
  enrolScan: { zh: '扫描注册码', en: 'Scan enrolment code' },
  enrolling: { zh: '正在注册…', en: 'Enrolling…' },
  enrolled: { zh: '注册成功', en: 'Enrolled' },
  enrolPending: { zh: '本设备还有未上传的记录，上传完成后才能重新注册。', en: 'This tablet still has entries to upload; re-enrol after they are synced.' },
  revokedWhat: {
    zh: '已上传的记录已从本机删除；未上传的记录加密保存在本机，负责人仍可导出。请将平板交还管理员。',
    en: 'Entries the server has were deleted from this tablet; any it never received stay here, sealed, and the lead can still export them. Return the tablet to the operator.',
  },
  enrolAgain: { zh: '用新登记码重新登记', en: 'Enrol again with a new code' },
  // Why the camera, a save, a sync or an enrolment failed: keys the code sets
  'camera-denied': { zh: '未获得摄像头权限：请在浏览器设置中允许使用摄像头', en: 'Camera permission denied: allow the camera in browser settings' },
  'camera-missing': { zh: '未找到摄像头', en: 'No camera found' },
  'camera-busy': { zh: '摄像头被其他应用占用，请关闭其他应用后重试', en: 'The camera is in use by another app: close it and retry' },
  'camera-insecure': { zh: '需要 HTTPS 才能使用摄像头', en: 'The camera needs HTTPS' },
  'camera-failed': { zh: '摄像头无法启动', en: 'The camera could not start' },
  'save-quota': { zh: '存储空间已满，记录未保存！请联系负责人', en: 'Storage full: entry NOT saved! Tell the lead' },
  'save-failed': { zh: '记录未保存！请重扫', en: 'Entry NOT saved! Scan again' },
  'sync-offline': { zh: '无法连接服务器', en: 'Cannot reach the server' },
  'sync-timeout': { zh: '服务器响应超时', en: 'The server is too slow to answer' },
  'reply-empty': { zh: '服务器未确认任何记录，稍后自动重发', en: 'The server acknowledged nothing: the entries go again shortly' },
  'enrol-offline': { zh: '注册需要联网，请连接网络后重试', en: 'Enrolment needs the network: connect and retry' },
  'enrol-code-missing': { zh: '请填写注册链接或注册码', en: 'Enter the enrolment link or code' },
} as const satisfies Section;

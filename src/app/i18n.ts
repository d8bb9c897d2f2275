/** The screens' words, Chinese first and English, and the hook that picks the volunteer's language. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { message, type Language } from '../core/messages.ts';

const UI = {
  appName: { zh: '卡点', en: 'Kadian' },
  switchLanguage: { zh: 'EN', en: '中文' },
  in: { zh: '入', en: 'In' },
  out: { zh: '出', en: 'Out' },
  pass: { zh: '通过', en: 'PASS' },
  stop: { zh: '禁止通行', en: 'STOP' },
  check: { zh: '请核验', en: 'CHECK' },
  notSaved: { zh: '未保存！请重扫', en: 'NOT SAVED! Scan again' },
  saved: { zh: '已记录', en: 'Logged' },
  tapToContinue: { zh: '点击继续', en: 'Tap to continue' },
  manualEntry: { zh: '手动输入', en: 'Type ID' },
  idNumber: { zh: '身份证号码', en: 'ID number' },
  confirm: { zh: '确认', en: 'OK' },
  cancel: { zh: '取消', en: 'Cancel' },
  clear: { zh: '清空', en: 'Clear' },
  online: { zh: '在线', en: 'Online' },
  offline: { zh: '离线', en: 'Offline' },
  waiting: { zh: '待上传', en: 'waiting' },
  refused: { zh: '被拒', en: 'refused' },
  lastSync: { zh: '上次同步', en: 'last sync' },
  never: { zh: '从未', en: 'never' },
  syncNow: { zh: '立即同步', en: 'Sync now' },
  startingCamera: { zh: '正在打开摄像头…', en: 'Starting the camera…' },
  retryCamera: { zh: '重试', en: 'Retry' },
  notEnrolled: { zh: '本设备尚未注册到卡点', en: 'This tablet is not enrolled at a checkpoint' },
  enrolHint: { zh: '请扫描管理员提供的注册二维码，或粘贴注册链接/注册码。', en: 'Scan the enrolment QR code from the operator, or paste the enrolment link or code.' },
  enrolPaste: { zh: '注册链接或注册码', en: 'Enrolment link or code' },
  enrol: { zh: '注册本设备', en: 'Enrol this tablet' },
  enrolScan: { zh: '扫描注册码', en: 'Scan enrolment code' },
  enrolling: { zh: '正在注册…', en: 'Enrolling…' },
  enrolled: { zh: '注册成功', en: 'Enrolled' },
  enrolPending: { zh: '本设备还有未上传的记录，上传完成后才能重新注册。', en: 'This tablet still has entries to upload; re-enrol after they are synced.' },
  register: { zh: '居民信息填报', en: 'Resident registration' },
  name: { zh: '姓名', en: 'Name' },
  phone: { zh: '手机号', en: 'Phone' },
  community: { zh: '小区/村', en: 'Community' },
  address: { zh: '住址', en: 'Address' },
  makeCode: { zh: '生成居民信息码', en: 'Make my resident code' },
  yourCode: { zh: '我的居民信息码', en: 'My resident code' },
  showAtGate: { zh: '进出卡点时出示此码。此码保存在本机，无网络也可出示。', en: 'Show this code at the gate. It is kept on this phone and works offline.' },
  editRegistration: { zh: '修改信息', en: 'Edit' },
  samples: { zh: '示例二维码', en: 'Sample codes' },
  samplesHint: { zh: '用卡点平板扫描以下二维码进行演示。', en: 'Scan these with the gate tablet to try it out.' },
  sampleDamaged: { zh: '损坏的居民码（应禁止通行）', en: 'A damaged resident code (stops)' },
  sampleUnknown: { zh: '其他系统的二维码（请人工核验）', en: "Another system's code (check by eye)" },
  pickColour: { zh: '无法核验的二维码：您看到的是什么颜色？', en: "A code Kadian cannot verify: which colour do you see?" },
  pickColourHint: { zh: '将记录为“人工查看，未核验”。', en: 'It is logged as "seen, not verified".' },
  'seen-green': { zh: '绿码', en: 'Green' },
  'seen-yellow': { zh: '黄码', en: 'Yellow' },
  'seen-red': { zh: '红码', en: 'Red' },
  cannotTell: { zh: '看不清 / 无颜色', en: "Can't tell / no colour" },
  verifying: { zh: '核验中…', en: 'Verifying…' },
  trustAge: { zh: '信任列表', en: 'trust list' },
  trustStale: { zh: '信任列表超过24小时未更新', en: 'Trust list over 24 h old' },
  hoursAgo: { zh: '小时前', en: 'h ago' },
  born: { zh: '出生', en: 'born' },
  myHealthCode: { zh: '我的健康码', en: 'My health code' },
  dailyCheckIn: { zh: '每日健康打卡', en: 'Daily check-in' },
  temperature: { zh: '体温（°C）', en: 'Temperature (°C)' },
  isolated: { zh: '正在居家或集中隔离', en: 'I am in isolation' },
  symptoms: { zh: '有发热、咳嗽等症状', en: 'I have fever, cough or other symptoms' },
  checkInNow: { zh: '提交打卡', en: 'Check in' },
  getMyCode: { zh: '只获取健康码', en: 'Just get my code' },
  healthExpired: { zh: '健康码已过期，请重新打卡获取', en: 'The code has expired: check in again' },
  issuedAt: { zh: '签发于', en: 'Issued' },
  validUntil: { zh: '有效至', en: 'valid until' },
  'name-missing': { zh: '请填写姓名', en: 'Enter your name' },
  'temperature-invalid': { zh: '请填写34–43之间的体温', en: 'Enter a temperature between 34 and 43' },
  updateReady: { zh: '有新版本可用', en: 'A new version is ready' },
  updateNow: { zh: '更新', en: 'Update' },
  updateLater: { zh: '稍后', en: 'Later' },
  updateWaiting: { zh: '等待当前扫描/同步完成后更新…', en: 'Updating after the current scan or sync…' },
  'camera-denied': { zh: '未获得摄像头权限：请在浏览器设置中允许使用摄像头', en: 'Camera permission denied: allow the camera in browser settings' },
  'camera-missing': { zh: '未找到摄像头', en: 'No camera found' },
  'camera-busy': { zh: '摄像头被其他应用占用，请关闭其他应用后重试', en: 'The camera is in use by another app: close it and retry' },
  'camera-insecure': { zh: '需要 HTTPS 才能使用摄像头', en: 'The camera needs HTTPS' },
  'camera-failed': { zh: '摄像头无法启动', en: 'The camera could not start' },
  'save-quota': { zh: '存储空间已满，记录未保存！请联系负责人', en: 'Storage full: entry NOT saved! Tell the lead' },
  'save-failed': { zh: '记录未保存！请重扫', en: 'Entry NOT saved! Scan again' },
  'sync-offline': { zh: '无法连接服务器', en: 'Cannot reach the server' },
  'sync-timeout': { zh: '服务器响应超时', en: 'The server is too slow to answer' },
  'enrol-offline': { zh: '注册需要联网，请连接网络后重试', en: 'Enrolment needs the network: connect and retry' },
  'enrol-code-missing': { zh: '请填写注册链接或注册码', en: 'Enter the enrolment link or code' },
} as const satisfies Record<string, Record<Language, string>>;

export type UiKey = keyof typeof UI;

/** Words for a UI key, a reason or an error key from core, in the given language. */
export function say(key: string, language: Language): string {
  return key in UI ? UI[key as UiKey][language] : message(key, language);
}

export const LANGUAGE_KEY = 'kadian-language';

/** The saved choice, else Chinese: the gates are in China. */
export function initialLanguage(): Language {
  return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh';
}

export const LanguageContext = createContext<{ language: Language; setLanguage: (l: Language) => void }>({
  language: 'zh',
  setLanguage: () => undefined,
});

/** `t(key)` in the current language. */
export function useT(): (key: UiKey | string) => string {
  const { language } = useContext(LanguageContext);
  return (key) => say(key, language);
}

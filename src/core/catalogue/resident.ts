/** The resident's phone: registration, the resident code, the daily check-in and the health code. */
import type { Section } from './words.ts';

export const RESIDENT_WORDS = {
  // Registration and the resident code
  register: { zh: '居民信息填报', en: 'Resident registration' },
  phone: { zh: '手机号', en: 'Phone' },
  community: { zh: '小区/村', en: 'Community' },
  address: { zh: '住址', en: 'Address' },
  makeCode: { zh: '生成居民信息码', en: 'Make my resident code' },
  yourCode: { zh: '我的居民信息码', en: 'My resident code' },
  showAtGate: { zh: '进出卡点时出示此码。此码保存在本机，无网络也可出示。', en: 'Show this code at the gate. It is kept on this phone and works offline.' },
  editRegistration: { zh: '修改信息', en: 'Edit' },
  // Sample codes for a demonstration
  samples: { zh: '示例二维码', en: 'Sample codes' },
  samplesHint: { zh: '用卡点平板扫描以下二维码进行演示。', en: 'Scan these with the gate tablet to try it out.' },
  sampleDamaged: { zh: '损坏的居民信息码（应禁止通行）', en: 'A damaged resident code (stops)' },
  samplesUnavailable: { zh: '示例健康码需要联网获取', en: 'The sample health codes need the network' },
  sampleUnknown: { zh: '其他系统的二维码（请人工核验）', en: "Another system's code (check by eye)" },
  // The daily check-in and the health code
  myHealthCode: { zh: '我的健康码', en: 'My health code' },
  dailyCheckIn: { zh: '每日健康打卡', en: 'Daily check-in' },
  isolated: { zh: '正在居家或集中隔离', en: 'I am in isolation' },
  symptoms: { zh: '有发热、咳嗽等症状', en: 'I have fever, cough or other symptoms' },
  checkInNow: { zh: '提交打卡', en: 'Check in' },
  getMyCode: { zh: '只获取健康码', en: 'Just get my code' },
  healthExpired: { zh: '健康码已过期，请重新打卡获取', en: 'The code has expired: check in again' },
  noHealthCodeYet: { zh: '还没有健康码：请先完成下面的每日健康打卡', en: 'No health code yet: do the daily check-in below first' },
  measureFirst: { zh: '请先测量体温', en: 'Take your temperature first' },
  issuedAt: { zh: '签发于', en: 'Issued' },
  validUntil: { zh: '有效至', en: 'valid until' },
  validToday: { zh: '有效至今日24时', en: 'valid until midnight tonight' },
  'name-missing': { zh: '请填写姓名', en: 'Enter your name' },
  'temperature-invalid': { zh: '请填写34–43之间的体温', en: 'Enter a temperature between 34 and 43' },
  'temperature-missing': { zh: '请测量体温后填写', en: 'Take your temperature and enter it' },
} as const satisfies Section;

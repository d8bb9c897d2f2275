/** Self check-in at a place's poster (扫码登记, issue #20): the visitor's page, its refusals, and the printed poster. */
import type { Section } from './words.ts';

export const PLACE_WORDS = {
  // The server's refusals, shown on the phone by their `error` name
  'place-withdrawn': {
    zh: '此场所的扫码登记已停用：请向现场工作人员登记',
    en: "Self check-in at this place is withdrawn: register with the staff on site",
  },
  'poster-unknown': { zh: '没有这个场所：二维码可能已失效，请向现场工作人员登记', en: 'No such place: the code may be out of date; register with the staff on site' },
  'self-passages-hourly': {
    zh: '本手机（或此身份证号）一小时内登记次数过多，请稍后再试或向工作人员登记',
    en: 'Too many check-ins from this phone (or for this ID number) this hour: try later, or register with the staff',
  },
  'self-passage-conflict': { zh: '登记编号冲突，请重新点击进或出', en: 'This check-in id was already used for another: tap in or out again' },
  'self-passage-form': { zh: '请填写姓名和手机号', en: 'Fill in your name and phone number' },
  'self-passage-time': { zh: '手机时间不正确，请校准手机时间后重试', en: "The phone's clock is wrong: set it right and try again" },
  // The kind of an entry's identity, as the lead's log and the verdict name it (shared.ts has the codes')
  'kind-self': { zh: '扫码自助登记', en: 'Self check-in at a poster' },
  // The page at /p/<place>
  placeCheckIn: { zh: '扫码登记', en: 'Check in here' },
  placeLoading: { zh: '正在读取场所…', en: 'Loading the place…' },
  placeOfflineName: { zh: '（未联网，场所名称稍后显示）', en: '(offline: the place name shows when online)' },
  placeWho: { zh: '登记人', en: 'Who' },
  placeOtherPerson: { zh: '其他人（填写简易登记）', en: 'Someone else (short form)' },
  placeFormHint: { zh: '未在本机登记的访客，请填写以下信息，仅用于疫情防控', en: 'Visitors not registered on this phone: fill in the following, used only for epidemic control' },
  placeIn: { zh: '进', en: 'In' },
  placeOut: { zh: '出', en: 'Out' },
  placeInLong: { zh: '进入', en: 'Entering' },
  placeOutLong: { zh: '离开', en: 'Leaving' },
  placeSaved: { zh: '已保存，联网后自动上传', en: 'Saved: it will be sent when online' },
  placeSending: { zh: '正在上传…', en: 'Sending…' },
  placeSent: { zh: '已上传', en: 'Sent' },
  placeRecorded: { zh: '登记成功', en: 'Recorded' },
  placeSeeStaff: { zh: '已登记。请到现场工作人员处核验', en: 'Recorded. Please see the staff on site' },
  placeRefused: { zh: '未能登记', en: 'Not recorded' },
  placeRecent: { zh: '本机最近的登记', en: 'Recent check-ins on this phone' },
  placeWaiting: { zh: '条待上传', en: 'waiting to be sent' },
  // The printed poster (kadian posters)
  placePosterTitle: { zh: '扫码登记', en: 'Scan to check in' },
  placePosterInstruction: {
    zh: '进出请用手机扫描二维码，选择本人或填写简易登记，点“进”或“出”。无网络时登记保存在手机上，联网后自动上传。',
    en: 'Scan the code with your phone when you enter or leave, pick yourself or fill in the short form, and tap In or Out. Offline, the check-in waits on the phone and is sent when online.',
  },
  placePosterFooter: { zh: '信息仅用于疫情防控，不作他用', en: 'Used only for epidemic control' },
  // The console
  placePosterWithdraw: { zh: '停用扫码登记', en: 'Withdraw the poster' },
  placePosterRestore: { zh: '恢复扫码登记', en: 'Restore the poster' },
  placePosterWithdrawn: { zh: '扫码登记已停用', en: 'Poster withdrawn' },
} as const satisfies Section;

/** The server's refusals: HTTP API errors (the `error` name of a reply, shown on the tablet and the phone by it) and the operator's key-person import. */
import type { Section } from './words.ts';

export const SERVER_ERRORS = {
  // Server answers (HTTP API errors), shown on the tablet by their `error` name
  'enrol-code-invalid': { zh: '注册码不存在，请核对后重试，或向管理员索取新码', en: 'Unknown enrolment code: check it, or ask the operator for a new one' },
  'enrol-code-used': { zh: '注册码已被使用，请向管理员索取新码', en: 'This enrolment code was already used: ask the operator for a new one' },
  'enrol-code-expired': { zh: '注册码已过期，请向管理员索取新码', en: 'This enrolment code has expired: ask the operator for a new one' },
  'auth-missing': { zh: '本设备尚未注册，请先扫描注册码', en: 'This tablet is not enrolled: scan an enrolment code first' },
  'auth-invalid': { zh: '设备令牌无效或已被撤销，请重新注册本设备', en: 'The device token is unknown or revoked: enrol this tablet again' },
  'device-revoked': { zh: '本设备已被管理员撤销，不能再上传或同步，请联系管理员', en: 'This tablet was withdrawn by the operator: it can no longer sync; contact the operator' },
  'app-update-required': {
    zh: '本平板的应用版本过旧，读不了新的重点人员名单：请刷新页面更新应用（更新前原有名单和记录照常使用）',
    en: "This tablet's app is too old for the new key-person list: reload the page to update it (until then its list and its log work as before)",
  },
  'rate-limited': { zh: '请求过于频繁，请稍后再试', en: 'Too many requests from this address: try again later' },
  'json-duplicate-key': { zh: '请求内容中同一字段出现了两次', en: 'The request body has the same key twice in one object' },
  'text-malformed': { zh: '文字中有无效字符（残缺的代理项或非字符），请重新输入', en: 'The text has characters that are not text (a lone surrogate or a non-character): type it again' },
  'checkpoint-unknown': { zh: '卡点不存在', en: 'Unknown checkpoint' },
  'request-invalid': { zh: '请求格式不正确', en: 'The request is invalid' },
  'request-json': { zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  'request-media-type': { zh: '不支持的内容类型，请使用 application/json', en: 'Unsupported content type: send application/json' },
  'request-too-large': { zh: '请求内容过大，请分批发送', en: 'The request is too large: send fewer entries at a time' },
  'not-found': { zh: '没有这个接口，请检查地址和版本', en: 'No such API route: check the address and the API version' },
  'server-error': { zh: '服务器内部错误，请稍后重试', en: 'Server error: try again later' },
  'resident-unknown': {
    zh: '本手机没有登记该身份证号，或还没有打卡记录：请先登记并进行每日健康打卡',
    en: 'This ID number is not registered on this phone, or has no check-in yet: register it, then do the daily check-in',
  },
  // Resident accounts bound to a phone (issue #18)
  'resident-credential': {
    zh: '本手机的居民凭证缺失或无效：请重新登记（如身份证号已绑定在本手机，请联系社区负责人重新绑定）',
    en: "This phone's resident credential is missing or not valid: register again (if your ID number was bound to this phone, ask your community's lead to re-bind it)",
  },
  'resident-claimed': {
    zh: '该身份证号已绑定在另一部手机上：请持身份证联系所在社区（村）负责人，核验后为您重新绑定',
    en: "This ID number is already bound to another phone: ask your community's lead to re-bind it after seeing your ID card",
  },
  'resident-not-verified': { zh: '实名认证未通过：姓名与身份证号不符，请核对后重试', en: 'Real-name verification failed: the name does not match the ID number; check both and try again' },
  'resident-verifier-unavailable': { zh: '实名认证服务暂时不可用，请稍后重试', en: 'The real-name verification service is unavailable: try again later' },
  'resident-household-full': { zh: '一部手机最多登记8位家庭成员', en: 'One phone holds at most 8 household members' },
  'resident-self-taken': { zh: '本手机已登记了机主本人：其他成员请选择与机主的关系', en: "This phone already has its owner: choose the others' relation to the owner" },
  'rebind-code-invalid': {
    zh: '重新绑定码无效、已使用或已过期：请向社区负责人重新获取',
    en: "The re-binding code is wrong, used or expired: ask your community's lead for a new one",
  },
  'resident-requests-open': { zh: '此人已有5项未办结的诉求，请等待社区处理后再提交', en: 'This person already has 5 open requests: wait for the community to close one' },
  'trip-dates': { zh: '出行日期无效：须为真实日期，且开始日期不晚于结束日期', en: 'The trip dates are not valid: real dates, the start not after the end' },
  'community-unknown': { zh: '没有这个社区或村，请从列表中选择', en: 'No such community or village: pick one from the list' },
  'resident-passkey-failed': {
    zh: '通行密钥验证失败：请重试；仍不行时，请持身份证找村/社区负责人重新绑定',
    en: "The passkey could not be verified: try again; if it still fails, take your ID card to your community's lead to re-bind",
  },
  'resident-passkeys-full': { zh: '本手机账户的通行密钥已达上限（5个）', en: 'This phone account has as many passkeys as it can hold (5)' },
  // Lead mode: a malformed PIN record from a tablet, and the operator's key-person import (kadian key-persons import)
  'lead-pin-invalid': {
    zh: '负责人密码记录格式不正确（盐应为16字节，哈希应为32字节，并附有用新密码加密的卡点密钥）',
    en: 'The lead PIN record is malformed (a 16-byte salt, a 32-byte hash, and the checkpoint key wrapped with the new PIN are expected)',
  },
  // Lead changes from a tablet need the lead, not only the tablet (issue #12)
  'lead-proof-missing': {
    zh: '规则和负责人密码只能在用密码解锁的负责人模式中修改：仅凭设备令牌不能修改',
    en: 'Rules and the lead PIN change only from lead mode unlocked with the PIN: a device token alone cannot change them',
  },
  'lead-proof-invalid': {
    zh: '负责人证明与此修改不符（不是用本卡点负责人密钥为这项修改签署的），已拒绝',
    en: "The lead's proof does not match this change (it was not made for it with this checkpoint's lead key): refused",
  },
  'lead-pin-stale': {
    zh: '负责人密码已在别处被修改（运维人员或另一台平板）：请用现行密码解锁后再修改',
    en: 'The lead PIN was changed elsewhere meanwhile (by the operator or another tablet): unlock with the PIN in force and change it again',
  },
  'key-person-category': { zh: '类别未知，应为：市外返回人员、湖北来人员、武汉来人员、密切接触者、发热未接触者（或其英文键）', en: 'Unknown category: use outside-city, from-hubei, from-wuhan, close-contact or fever-no-contact (or the Chinese name)' },
  'key-person-note': { zh: '备注最多100个字，且不能含控制字符', en: 'The note has at most 100 characters and no control characters' },
  'key-person-duplicate': { zh: '同一身份证号在文件中出现了两次', en: 'This ID number is already on an earlier line' },
  'key-person-csv': { zh: 'CSV 格式错误', en: 'Malformed CSV' },
  'key-person-xlsx': { zh: '无法读取此 XLSX 文件', en: 'Not a readable XLSX workbook' },
  'key-person-header': { zh: '第一行应为列名：id_number,category,note', en: 'The first line must be the header: id_number,category,note' },
  // A place's shared inside count (issue #17): its correction (console and `kadian places count`) and daily reset time
  'place-count-reason-missing': {
    zh: '请填写更正事由（2–200 字），例如“清场后人工清点”；每次更正都连同事由记入审计日志',
    en: 'Give the reason for the correction (2–200 characters), e.g. "counted by hand after clearing"; every correction is written to the audit log with it',
  },
  'place-count-invalid': { zh: '场内人数应为 0 到 1000000 的整数', en: 'The number inside is a whole number from 0 to 1,000,000' },
  'place-reset-time-invalid': { zh: '每日清零时间应为 HH:MM（如 02:00），或 none 表示不清零', en: 'The daily reset time is HH:MM (e.g. 02:00), or none for no reset' },
} as const satisfies Section;

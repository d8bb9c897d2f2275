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
  'resident-unknown': { zh: '该身份证号还没有打卡记录，请先进行每日健康打卡', en: 'No check-in for this ID number yet: do the daily check-in first' },
  'resident-name-mismatch': { zh: '姓名与该身份证号以往打卡的姓名不一致，请核对姓名和身份证号', en: 'The name differs from the one this ID number checked in with: check the name and the ID number' },
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

/** Every reason and error a user can meet, in Chinese first and English, keyed by the names the code uses. */

export type Language = 'zh' | 'en';

export const MESSAGES = {
  // ID numbers (typed or in a code)
  'id-empty': { zh: '请输入身份证号码', en: 'Enter an ID number' },
  'id-length': { zh: '身份证号码应为18位（或旧版15位）', en: 'An ID number has 18 characters (or the old 15 digits)' },
  'id-chars': { zh: '身份证号码只能是数字，最后一位可以是X', en: 'Only digits, and X as the last character' },
  'id-region': { zh: '身份证号码的地区码不正确', en: 'The region code of this ID number is wrong' },
  'id-date': { zh: '身份证号码中的出生日期不存在', en: 'The birth date in this ID number does not exist' },
  'id-check': { zh: '身份证号码校验位不对，请核对每一位', en: 'The check character is wrong: check every digit' },
  // Codes
  'code-prefix': { zh: '不是居民信息码', en: 'Not a resident code' },
  'code-too-long': { zh: '二维码内容过长，无法识别', en: 'The code is too long to be a valid one' },
  'code-base45': { zh: '二维码已损坏（编码错误）', en: 'The code is damaged (bad encoding)' },
  'code-cbor': { zh: '二维码已损坏（内容无法解析）', en: 'The code is damaged (contents unreadable)' },
  'code-fields': { zh: '二维码信息不完整或有误', en: 'The code has missing or wrong fields' },
  'code-unknown': { zh: '无法识别的二维码，请人工核验', en: 'Unknown code: check it by eye' },
  // Signed codes (KDH1 health codes, EU DCC HC1)
  'code-zlib': { zh: '二维码已损坏（解压失败）', en: 'The code is damaged (cannot decompress)' },
  'code-cose': { zh: '二维码已损坏（签名结构错误）', en: 'The code is damaged (bad signature structure)' },
  'code-claims': { zh: '二维码内容不完整或有误', en: 'The code has missing or wrong contents' },
  'code-algorithm': { zh: '不支持的签名算法', en: 'Unsupported signature algorithm' },
  'code-signature': { zh: '签名无效：健康码被篡改或伪造', en: 'Invalid signature: the code was altered or forged' },
  'code-unknown-key': { zh: '签发密钥未知，无法离线核验', en: 'Unknown issuer key: cannot verify offline' },
  'code-key-retired': { zh: '签发密钥已停用后仍签发的码', en: 'Issued after its key was retired' },
  'code-key-usage': { zh: '签发证书无权签发此类证明', en: 'The signer certificate may not sign this kind of certificate' },
  'code-expired': { zh: '健康码已过期', en: 'The code has expired' },
  'code-not-yet-valid': { zh: '健康码尚未生效（请核对平板时间）', en: 'The code is not valid yet (check the tablet clock)' },
  // Verdict reasons
  'colour-green': { zh: '绿码', en: 'Green code' },
  'colour-yellow': { zh: '黄码：需隔离7天', en: 'Yellow code: 7 days of isolation' },
  'colour-red': { zh: '红码：需隔离14天', en: 'Red code: 14 days of isolation' },
  'colour-seen': { zh: '人工查看的颜色，未核验', en: 'Colour seen by the volunteer, not verified' },
  'key-person': { zh: '重点人员，请核查', en: 'Key person: check' },
  'kp-outside-city': { zh: '市外返回人员', en: 'Returned from outside the city' },
  'kp-from-hubei': { zh: '湖北来人员', en: 'Came from Hubei' },
  'kp-from-wuhan': { zh: '武汉来人员', en: 'Came from Wuhan' },
  'kp-close-contact': { zh: '密切接触者', en: 'Close contact' },
  'kp-fever-no-contact': { zh: '发热未接触者', en: 'Fever without contact' },
  fever: { zh: '体温异常（发热）', en: 'Fever' },
  'capacity-full': { zh: '已满员，暂停进入', en: 'Full: no entry until someone leaves' },
  'id-mismatch': { zh: '居民码与健康码不是同一人', en: 'Resident code and health code are of different people' },
  'identity-only': { zh: '仅有身份信息，请核验健康码', en: 'Identity only: check the health code' },
  // Server refusals of an entry (sync)
  'entry-schema': { zh: '记录格式不正确', en: 'The entry is malformed' },
  'entry-device': { zh: '记录不属于本设备', en: 'The entry belongs to another device' },
  'entry-checkpoint': { zh: '记录不属于本卡点', en: 'The entry belongs to another checkpoint' },
  'entry-hash': { zh: '记录校验值不符（可能被篡改）', en: 'The entry hash does not match (altered?)' },
  'entry-sealed': { zh: '加密的身份信息无法解开（密钥不符或数据损坏）', en: 'The sealed ID number and name cannot be opened (wrong key or damaged)' },
  'entry-link': { zh: '记录与上一条不衔接', en: 'The entry does not link to the one before it' },
  'entry-conflict': { zh: '同一序号已有不同的记录', en: 'Another entry already has this sequence number' },
  // Server answers (HTTP API errors), shown on the tablet by their `error` name
  'enrol-code-invalid': { zh: '登记码不存在，请核对后重试，或向管理员索取新码', en: 'Unknown enrolment code: check it, or ask the operator for a new one' },
  'enrol-code-used': { zh: '登记码已被使用，请向管理员索取新码', en: 'This enrolment code was already used: ask the operator for a new one' },
  'enrol-code-expired': { zh: '登记码已过期，请向管理员索取新码', en: 'This enrolment code has expired: ask the operator for a new one' },
  'auth-missing': { zh: '本设备尚未登记，请先扫描登记码', en: 'This tablet is not enrolled: scan an enrolment code first' },
  'auth-invalid': { zh: '设备令牌无效或已被撤销，请重新登记本设备', en: 'The device token is unknown or revoked: enrol this tablet again' },
  'device-revoked': { zh: '本设备已被管理员撤销，不能再上传或同步，请联系管理员', en: 'This tablet was withdrawn by the operator: it can no longer sync; contact the operator' },
  'rate-limited': { zh: '请求过于频繁，请稍后再试', en: 'Too many requests from this address: try again later' },
  'json-duplicate-key': { zh: '请求内容中同一字段出现了两次', en: 'The request body has the same key twice in one object' },
  'checkpoint-unknown': { zh: '卡点不存在', en: 'Unknown checkpoint' },
  'request-invalid': { zh: '请求格式不正确', en: 'The request is invalid' },
  'request-json': { zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  'request-media-type': { zh: '不支持的内容类型，请使用 application/json', en: 'Unsupported content type: send application/json' },
  'request-too-large': { zh: '请求内容过大，请分批发送', en: 'The request is too large: send fewer entries at a time' },
  'not-found': { zh: '没有这个接口，请检查地址和版本', en: 'No such API route: check the address and the API version' },
  'server-error': { zh: '服务器内部错误，请稍后重试', en: 'Server error: try again later' },
  'resident-unknown': { zh: '该身份证号还没有打卡记录，请先进行每日健康打卡', en: 'No check-in for this ID number yet: do the daily check-in first' },
  'resident-name-mismatch': { zh: '姓名与该身份证号以往打卡的姓名不一致，请核对姓名和身份证号', en: 'The name differs from the one this ID number checked in with: check the name and the ID number' },
  // Lead mode: the PIN, and the operator's key-person import (kadian key-persons import)
  'pin-format': { zh: '密码应为4到8位数字', en: 'A PIN has 4 to 8 digits' },
  'lead-pin-invalid': { zh: '负责人密码记录格式不正确（盐应为16字节，哈希应为32字节）', en: 'The lead PIN record is malformed (a 16-byte salt and a 32-byte hash are expected)' },
  'key-person-category': { zh: '类别未知，应为：市外返回人员、湖北来人员、武汉来人员、密切接触者、发热未接触者（或其英文键）', en: 'Unknown category: use outside-city, from-hubei, from-wuhan, close-contact or fever-no-contact (or the Chinese name)' },
  'key-person-note': { zh: '备注最多100个字，且不能含控制字符', en: 'The note has at most 100 characters and no control characters' },
  'key-person-duplicate': { zh: '同一身份证号在文件中出现了两次', en: 'This ID number is already on an earlier line' },
  'key-person-csv': { zh: 'CSV 格式错误', en: 'Malformed CSV' },
  'key-person-header': { zh: '第一行应为列名：id_number,category,note', en: 'The first line must be the header: id_number,category,note' },
} as const satisfies Record<string, Record<Language, string>>;

export type MessageKey = keyof typeof MESSAGES;

/** The message for a key; an unknown key (from a newer server, say) is shown as itself. */
export function message(key: string, language: Language): string {
  return key in MESSAGES ? MESSAGES[key as MessageKey][language] : key;
}

/** Reasons and code errors: why a scan was stopped or checked, why an ID number or a code was refused, why the server refused an entry; entries store and send them by these names. */
import type { Section } from './words.ts';

export const REASONS = {
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
  'code-revoked': { zh: '此健康码已被撤销（颜色已变化），请重新获取', en: 'This health code was revoked (the colour changed); get a new one' },
  'code-too-old': { zh: '健康码签发时间过久，请重新获取', en: 'This health code was issued too long ago for this checkpoint; get a new one' },
  // Verdict reasons
  'colour-green': { zh: '绿码', en: 'Green code' },
  // What the colour means by Kadian's colour rules (colourRules.ts), never another city's isolation days; what this gate
  // does with it is the policy's, said beside it on the verdict (ui/reasonWords.ts).
  'colour-blue': { zh: '蓝码（在重点人员名单上）', en: 'Blue code (on a key-person list)' },
  'colour-yellow': { zh: '黄码（漏打卡或有症状）', en: 'Yellow code (a missed daily check-in, or symptoms)' },
  'colour-red': { zh: '红码（发热、隔离中，或黄码两天未打卡）', en: 'Red code (fever, isolation, or two yellow days without a check-in)' },
  'colour-seen': { zh: '人工查看的颜色，未核验', en: 'Colour seen by the volunteer, not verified' },
  'key-person': { zh: '重点人员，请核查', en: 'Key person: check' },
  // The five key-person categories (keyPersons.ts names them `kp-<category>`); an import file may give the Chinese name
  'kp-outside-city': { zh: '市外返回人员', en: 'Returned from outside the city' },
  'kp-from-hubei': { zh: '湖北来人员', en: 'Came from Hubei' },
  'kp-from-wuhan': { zh: '武汉来人员', en: 'Came from Wuhan' },
  'kp-close-contact': { zh: '密切接触者', en: 'Close contact' },
  'kp-fever-no-contact': { zh: '发热未接触者', en: 'Fever without contact' },
  // More verdict reasons
  fever: { zh: '体温异常（发热）', en: 'Fever' },
  'capacity-full': { zh: '已满员，暂停进入', en: 'Full: no entry until someone leaves' },
  'id-mismatch': { zh: '居民信息码与健康码不是同一人', en: 'Resident code and health code are of different people' },
  'identity-only': { zh: '仅有身份信息，请核验健康码', en: 'Identity only: check the health code' },
  // Server refusals of an entry (sync)
  'entry-schema': { zh: '记录格式不正确', en: 'The entry is malformed' },
  'entry-device': { zh: '记录不属于本设备', en: 'The entry belongs to another device' },
  'entry-checkpoint': { zh: '记录不属于本卡点', en: 'The entry belongs to another checkpoint' },
  'entry-hash': { zh: '记录校验值不符（可能被篡改）', en: 'The entry hash does not match (altered?)' },
  'entry-sealed': { zh: '加密的身份信息无法解开（密钥不符或数据损坏）', en: 'The sealed ID number and name cannot be opened (wrong key or damaged)' },
  'entry-link': { zh: '记录与上一条不衔接', en: 'The entry does not link to the one before it' },
  'entry-conflict': { zh: '同一序号已有不同的记录', en: 'Another entry already has this sequence number' },
  'entry-time': { zh: '记录时间不可信（平板时钟有误：早于2019年12月或晚于服务器时间一天以上）', en: "The entry's time cannot be right (the tablet's clock is wrong: before December 2019, or over a day after the server's time)" },
} as const satisfies Section;

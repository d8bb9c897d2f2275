/** Above the gate (issue #14): the refusals of the city's import and edits, of accounts and sign-in, as the server and the CLI say them. */
import type { Section } from './words.ts';

export const CITY_WORDS = {
  'enrol-code-revoked': { zh: '注册码已被管理员作废，请向管理员索取新码', en: 'This enrolment code was revoked by the operator: ask for a new one' },
  // Names, codes and capacities (core/city.ts), in an import row or an edit
  'city-name-empty': { zh: '名称为空', en: 'The name is empty' },
  'city-name-long': { zh: '名称超过 64 个字', en: 'The name is longer than 64 characters' },
  'city-name-chars': { zh: '名称含有控制字符', en: 'The name has control characters' },
  'city-code-invalid': { zh: '代码只能是字母、数字、- 和 _（最多 32 位）', en: 'A code is letters, digits, - and _ only (at most 32)' },
  'city-capacity-invalid': { zh: '容量应为 1 到 1000000 的整数，或留空', en: 'The capacity is a whole number from 1 to 1,000,000, or empty' },
  // The import file (kadian areas import)
  'city-file-header': {
    zh: '表头不对：需要 市、区县、街道、社区、网格、场所、场所类型、容量、卡点 列（或英文 city, district, street, community, grid, place, place_kind, capacity, checkpoint）',
    en: 'The header is wrong: the columns are 市, 区县, 街道, 社区, 网格, 场所, 场所类型, 容量, 卡点 (or city, district, street, community, grid, place, place_kind, capacity, checkpoint)',
  },
  'city-file-csv': { zh: 'CSV 格式错误', en: 'Malformed CSV' },
  'city-file-gap': { zh: '区域层级不连续：上一级为空时下一级不能填', en: 'A level is filled below an empty one: fill the levels from 市 down without gaps' },
  'city-file-no-area': { zh: '至少要填“市”', en: 'The city (市) is required' },
  'city-file-place-empty': { zh: '场所为空', en: 'The place is empty' },
  'city-file-checkpoint-empty': { zh: '卡点为空', en: 'The checkpoint is empty' },
  'city-file-kind': { zh: '场所类型应为 小区、村庄、景区、市场、道路卡口 或 其他', en: 'The place kind is one of compound, village, scenic, market, road, other' },
  'city-file-duplicate': { zh: '同一场所的卡点重复', en: 'The same checkpoint of the same place is listed twice' },
  'city-file-code-clash': { zh: '同一代码在文件中对应了不同的名称或上级', en: 'One code stands for different names or parents in the file' },
  'city-file-place-clash': { zh: '同一场所在文件中的类型、容量或代码不一致', en: 'One place has different kinds, capacities or codes in the file' },
  'city-file-moved': { zh: '该代码已属于其他上级：请用 kadian areas move 移动，不能靠导入移动', en: 'This code already belongs elsewhere: move it with kadian areas move, not by import' },
  // An edit or a removal (kadian areas …, the console)
  'city-unknown': { zh: '没有这个区域、场所或卡点', en: 'No such area, place or checkpoint' },
  'city-in-use': { zh: '卡点已有平板或记录，不能删除', en: 'A checkpoint here has tablets or entries: it cannot be removed' },
  'city-has-users': { zh: '仍有账号属于这里（kadian users list --area 查看），有账号的区域不能删除', en: 'Accounts still belong here (see kadian users list --area): an area that has accounts cannot be removed' },
  'city-move-into-itself': { zh: '不能移到自己或自己的下级之下', en: 'An area cannot move under itself or its own subtree' },
  'city-code-taken': { zh: '代码已被使用', en: 'This code is already used' },
  'city-name-taken': { zh: '同一上级下已有同名区域', en: 'An area of the same parent already has this name' },
  // Accounts and sign-in (HTTP API errors of the console)
  'user-name-taken': { zh: '用户名已存在', en: 'This user name is taken' },
  'signin-failed': { zh: '用户名或密码不正确', en: 'Wrong user name or password' },
  'signin-locked': { zh: '尝试次数过多，账号暂时锁定，请稍后再试', en: 'Too many failed attempts: the account is locked for a while, try again later' },
  'passkey-failed': { zh: '通行密钥验证失败，请重试或使用密码登录', en: 'The passkey could not be verified: try again, or sign in with the password' },
  'session-missing': { zh: '请先登录', en: 'Sign in first' },
  'csrf-invalid': { zh: '请求缺少有效的安全令牌，请刷新页面后重试', en: 'The request lacks a valid security token: reload the page and try again' },
  'forbidden-area': { zh: '无权访问此区域（只能访问本人负责的区域及其下级）', en: 'Not yours: you can reach only your own area and what lies below it' },
  'forbidden-role': { zh: '您的角色无权执行此操作', en: 'Your role may not do this' },
  'password-weak': { zh: '密码至少 12 个字符', en: 'The password needs at least 12 characters' },
  // The console's figures (issue #15)
  'figures-range': { zh: '日期范围无效：开始日期不能晚于结束日期，最长 366 天', en: 'Not a date range: the start must not be after the end, and at most 366 days' },
} as const satisfies Section;

/** The operators' console (src/console): for now its sign-in and "my account" page; the console proper comes with issue #15. */
import type { Section } from './words.ts';

export const CONSOLE_WORDS = {
  consoleTitle: { zh: '卡点指挥平台', en: 'Kadian console' },
  signInTitle: { zh: '登录', en: 'Sign in' },
  userName: { zh: '用户名', en: 'User name' },
  password: { zh: '密码', en: 'Password' },
  signInPassword: { zh: '用密码登录', en: 'Sign in with password' },
  signInPasskey: { zh: '用通行密钥登录（指纹、面容或屏幕锁）', en: 'Sign in with a passkey (fingerprint, face or screen lock)' },
  signingIn: { zh: '正在登录…', en: 'Signing in…' },
  myAccount: { zh: '我的账号', en: 'My account' },
  roleLabel: { zh: '角色', en: 'Role' },
  areaLabel: { zh: '负责区域', en: 'Area' },
  wholeCity: { zh: '全市', en: 'The whole city' },
  passkeysTitle: { zh: '通行密钥', en: 'Passkeys' },
  passkeysNone: { zh: '还没有通行密钥：添加后可用指纹或面容登录', en: 'No passkey yet: add one to sign in with a fingerprint or face' },
  addPasskey: { zh: '添加通行密钥', en: 'Add a passkey' },
  passkeyAdded: { zh: '已添加通行密钥', en: 'Passkey added' },
  passkeyCancelled: { zh: '已取消或此设备不支持通行密钥', en: 'Cancelled, or this device has no passkeys' },
  signOut: { zh: '退出登录', en: 'Sign out' },
  signOutEverywhere: { zh: '退出所有设备', en: 'Sign out everywhere' },
  signedOutEverywhere: { zh: '已在所有设备上退出', en: 'Signed out on every device' },
  lastUsed: { zh: '上次使用', en: 'last used' },
  neverUsed: { zh: '未使用', en: 'never used' },
  networkFailed: { zh: '无法连接服务器，请检查网络后重试', en: 'The server cannot be reached: check the network and try again' },
} as const satisfies Section;

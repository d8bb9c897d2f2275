/** The operator's health-code commands: issue a code, manage the issuer keys, and the trust list tablets pull. */
import { parseArgs } from 'node:util';
import { COLOURS, isColour, type Colour } from '../../core/entry.ts';
import { parseIdNumber } from '../../core/idNumber.ts';
import { readDccCertificate } from '../issuer/dccSigners.ts';
import { colourToday, normaliseName, signHealthCode, type IssuerContext } from '../issuer/healthCodes.ts';
import { activeKey, addKey, ensureActiveKey, listKeys, retireKey, type IssuerKeyInfo } from '../issuer/keys.ts';
import { currentTrust, isTrusted, LONGEST_CODE_LIFETIME_MS } from '../issuer/trust.ts';
import { openStorage, readSettings, type Settings } from '../settings.ts';
import { terminalQr } from '../terminal.ts';
import { bilingual, say, UsageError } from './output.ts';

function settings(): Settings {
  const read = readSettings();
  if (!read.ok) throw new UsageError(`配置错误 / Configuration error: ${read.error}`);
  return read.value;
}

async function withIssuer<T>(work: (context: IssuerContext) => Promise<T>): Promise<T> {
  const { dataDir, healthCodes } = settings();
  const storage = openStorage(dataDir);
  try {
    return await work({ storage, dataDir, settings: healthCodes });
  } finally {
    await storage.close();
  }
}

/** `kadian health-code --id ID --name NAME [--colour green|blue|yellow|red]`: the code on stdout, its QR on stderr. */
export async function healthCode(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { id: { type: 'string' }, name: { type: 'string' }, colour: { type: 'string' } }, strict: true });
  if (values.id === undefined || values.name === undefined) throw new UsageError('需要 --id 和 --name / --id and --name are required');
  if (values.colour !== undefined && !isColour(values.colour)) {
    throw new UsageError(`--colour 只能是 / --colour must be one of: ${COLOURS.join(', ')}, not "${values.colour}"`);
  }
  const now = new Date();
  const parsed = parseIdNumber(values.id);
  if (!parsed.ok) throw new UsageError(bilingual(parsed.error));
  const name = normaliseName(values.name);
  if (name === '') throw new UsageError('--name 不能为空 / --name must not be blank');
  const resident = { id: parsed.value.id, name };
  await withIssuer(async (context) => {
    let colour = values.colour as Colour | undefined;
    let why = '按 --colour 指定 / as given by --colour';
    if (colour === undefined) {
      const rules = await colourToday(context, resident, now);
      if (!rules.ok) throw new UsageError(`${bilingual(rules.error)}\n可用 --colour 指定颜色 / Give the colour with --colour`);
      colour = rules.value.colour;
      why = `按打卡规则 / by the check-in rules (${rules.value.state})`;
    }
    const issued = await signHealthCode(context, resident, colour, now);
    process.stdout.write(`${issued.code}\n`);
    say(terminalQr(issued.code));
    say(`${issued.colour} ${why}; ${issued.day}, 有效至 / valid until ${issued.expires}`);
  });
}

function describeKey(key: IssuerKeyInfo, active: IssuerKeyInfo | undefined, now: Date): string {
  let status = 'standby';
  if (key === active) status = 'active';
  else if (key.retiredAt !== undefined) {
    const until = new Date(Date.parse(key.retiredAt) + LONGEST_CODE_LIFETIME_MS).toISOString();
    status = isTrusted(key, now) ? `retired ${key.retiredAt}, trusted until ${until}` : `retired ${key.retiredAt}, out of the trust list since ${until}`;
  }
  return `${key.kid}\t${key.hex}\t${key.createdAt}\t${status}`;
}

/** `kadian keys list|add|retire KID`. */
export async function keys(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { dataDir } = settings();
  const now = new Date();
  if (action === 'list' && rest.length === 0) {
    const all = await listKeys(dataDir);
    if (all.length === 0) say('还没有签发密钥，服务器首次启动时会创建 / No issuer keys yet: the server makes one on its first start (or run kadian keys add)');
    const active = activeKey(all);
    for (const key of all) process.stdout.write(`${describeKey(key, active, now)}\n`);
    return;
  }
  if (action === 'add' && rest.length === 0) {
    const key = await addKey(dataDir, now);
    process.stdout.write(`${key.kid}\n`);
    say(`新密钥 ${key.kid} 已启用，新签发的健康码都用它签名；平板下次同步配置时获得它。`);
    say(`New key ${key.kid} is active: new codes are signed with it; tablets get it with their next config pull.`);
    return;
  }
  if (action === 'retire' && rest.length === 1 && rest[0] !== undefined) {
    const retired = await retireKey(dataDir, rest[0], now);
    if (!retired.ok) {
      const known = (await listKeys(dataDir)).map((k) => k.kid).join(', ') || '—';
      throw new UsageError(retired.error === 'key-unknown'
        ? `没有这个密钥 / No such key: ${rest[0]}. 已有 / Known: ${known}`
        : `密钥已停用 / This key is already retired: ${rest[0]}`);
    }
    const until = new Date(Date.parse(retired.value.retiredAt ?? now.toISOString()) + LONGEST_CODE_LIFETIME_MS).toISOString();
    say(`密钥 ${retired.value.kid} 已停用：不再签发新码，已签发的码在 ${until} 前仍可核验。`);
    say(`Key ${retired.value.kid} is retired: it signs no new codes; codes it signed verify until ${until}.`);
    const { key, created } = await ensureActiveKey(dataDir, now);
    if (created) say(`已创建新的签发密钥 / Made a new active key: ${key.kid}`);
    return;
  }
  throw new UsageError('用法 / Usage: kadian keys list | kadian keys add | kadian keys retire KID');
}

/** `kadian trust list|add-dcc-cert BASE64-DER [--country XX]`. */
export async function trust(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const now = new Date();
  if (action === 'list' && rest.length === 0) {
    await withIssuer(async ({ storage, dataDir }) => {
      const { version, list } = await currentTrust(storage, dataDir, now);
      // The list itself is the result: JSON on stdout, as the tablets get it.
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      say(`信任列表版本 / trust list version ${version}, updated ${list.updatedAt}: ${list.issuers.length} issuer key(s), ${list.dccSigners.length} DCC signer(s)`);
    });
    return;
  }
  if (action === 'add-dcc-cert') {
    const { values, positionals } = parseArgs({ args: rest, options: { country: { type: 'string' } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError('用法 / Usage: kadian trust add-dcc-cert BASE64-DER [--country XX]');
    const read = await readDccCertificate(positionals[0], values.country, now);
    if (!read.ok) throw new UsageError(read.error);
    await withIssuer(async ({ storage, dataDir }) => {
      const added = await storage.addDccSigner(read.value.signer);
      const { version } = await currentTrust(storage, dataDir, now);
      process.stdout.write(`${read.value.signer.kid}\n`);
      say(added
        ? `已加入 DCC 签发证书 / Added the DCC signer ${read.value.subject} (kid ${read.value.signer.kid}, ${read.value.signer.country ?? 'no country'}, valid to ${read.value.notAfter}); trust list version ${version}`
        : `该证书已在信任列表中 / This certificate is already in the trust list (kid ${read.value.signer.kid})`);
    });
    return;
  }
  throw new UsageError('用法 / Usage: kadian trust list | kadian trust add-dcc-cert BASE64-DER [--country XX]');
}

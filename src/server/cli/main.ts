/** `kadian`: the central operator's command line; every command opens the database in DATA_DIR (default ./data). */
import { auditRun } from './audit.ts';
import { say, UsageError } from './output.ts';

const USAGE = `卡点 Kadian 运维命令 / operator commands

  kadian enrol-code [--checkpoint ID] [--pin PIN]
      一次性平板注册链接（24 小时）/ a one-time tablet enrolment URL (24 h), URL on stdout, QR on stderr;
      --pin 同时设置卡点负责人密码（4–8 位数字）/ --pin also sets the checkpoint's lead PIN (4–8 digits)
  kadian enrol-sheet --area ID [--days N] > sheet.html
      区域内每个卡点一页 A4，含一次性注册二维码（默认 7 天）/ one A4 page per checkpoint of the area, each with a fresh
      one-time enrolment QR code (valid N days, default 7)
  kadian enrol-codes list [--area ID] [--sheet ID] [--json] | revoke CODE_ID | revoke --sheet SHEET_ID
      注册码及其状态；作废未使用的 / enrolment codes and their state; revoke unused ones, one or a whole sheet
  kadian posters --area ID > posters.html | withdraw --place ID | restore --place ID
      区域内每个场所一张 A4 扫码登记海报（二维码打开 PUBLIC_URL/p/场所）；停用后扫码提示已停用 / one A4 self check-in
      poster per place of the area (its QR opens PUBLIC_URL/p/<place>); a withdrawn poster's QR says it is withdrawn
  kadian areas import FILE.csv|FILE.xlsx [--dry-run]
      导入城市（每行一个卡点：市、区县、街道、社区、网格、场所、场所类型、容量、卡点，可选代码）；有错则一行都不导入
      / import a city, one row per checkpoint; any bad row (named by line) imports nothing; the same file twice changes nothing
  kadian areas list [--area ID] [--json] | rename ID NAME | set-code ID CODE|none | move ID --to PARENT|none | remove ID
  kadian places list [--area ID] [--json] | rename ID NAME | set ID [--kind K] [--capacity N|none] [--reset-time HH:MM|none] | move ID --to AREA | remove ID
  kadian places count ID N --reason R
      场所列表含卡点数、容量和场内人数（各卡点合计）；容量即其各卡点的限流人数；--reset-time 每日清零时间（TIME_ZONE）；
      count 人工更正场内人数（须填事由，记入审计日志）/ places list their gates, capacity and inside count (all gates
      together); a place's capacity is its gates' limit; --reset-time: everyone out daily at HH:MM (TIME_ZONE); count: correct
      the inside count by hand (a reason is required; audited)
  kadian checkpoints list [--area ID] [--json] | rename ID NAME | set-code ID CODE|none | move ID --to PLACE | remove ID
      区域、场所、卡点；删除仅限没有平板和记录的卡点 / areas, places, checkpoints; removal only where no checkpoint has tablets or entries
  kadian users add --name NAME --role admin|hq|lead|tracer [--area ID | --place ID] [--password-stdin]
  kadian users list [--area ID] [--json] | disable NAME | enable NAME | sign-out NAME | password NAME --password-stdin
      控制台账号：hq 管本区域及下级，lead 管一个社区或场所，tracer 流调 / console accounts: hq an area and below, lead a
      community or place, tracer for tracing in an area, admin everything; sign in at /console (password, then a passkey)
  kadian audit [--since DATE] [--area ID] [--json]
      审计日志（谁、何时、做了什么、从哪里），最新在前 / the audit log (who, when, what, from where), newest first
  kadian devices [--checkpoint ID] [--json]
      已注册平板：最后在线、待传条数、已收条数、缺失序号、时钟偏差 / enrolled tablets: last seen, entries waiting,
      received, missing sequence numbers (gaps) and clock skew; a table, or JSON with --json
  kadian devices revoke DEVICE_ID
      撤销平板（丢失或停用）：令牌立即失效 / withdraw a tablet (lost or retired): its token stops working at once
  kadian devices conflicts DEVICE_ID
      同一序号的两个版本（疑似令牌被复制）/ both versions of each seq the tablet sent twice (possible copied token)
  kadian anomalies [--area ID] [--since DATE] [--json]
      重复进入：同一人在同一场所（两个门或同一门）未登记离开又进入，多为平板离线时发生；两条记录均保留
      / double entries: one person let in twice at a place (two gates or one) with no exit between, mostly while
      tablets were offline; flagged as the second copy arrives, both entries kept; the person's ID number masked
  kadian residents list [--area ID] [--json]
      登记居民（发热、隔离、未打卡、诉求、近期出行，需关注者在前，身份证号打码）/ registered residents, flagged ones first
      (fever, isolation, missed check-ins, open requests, recent travel), ID numbers masked
  kadian residents rebind ID --name NAME --reason R
      核验身份证后，生成一次性重新绑定码（8 位，24 小时），本人在手机登记时输入，绑定转到其手机（记入审计日志）
      / after seeing the ID card: a one-time re-binding code (8 digits, 24 h) the person enters when registering on their
      phone; the ID number moves to that phone under NAME (audited)
  kadian arrivals list [--area ID] [--since YYYY-MM-DD] [--json]
      入市登记（/arrive 扫码填报）：来自何处、到达日期、目的社区、人员类别及期限，最新在前，身份证号打码
      / arrivals registered at /arrive: from where, when, to which community, the key-person category and until when
  kadian arrival-rules list [--json] | set --province P [--city C] [--from D] [--to D] CATEGORY|none DAYS | reset
      来人规则：来自何处、何时到达的人员列入何类重点人员及天数（默认：武汉、湖北、市外各 14 天），列入目的社区各卡点名单，到期自动移出
      / which origin and arrival days put an arrival in which key-person category, for how many days (defaults: Wuhan,
      Hubei, outside the city, 14 days each); listed on the gates of their community, taken off when it ends
  kadian lead-pin set PIN [--checkpoint ID]
      设置负责人密码（只存哈希）/ set the checkpoint's lead PIN (only its PBKDF2 hash is stored)
  kadian policy [--checkpoint ID] [--retention-days N] [--server-retention-days N]
      卡点当前规则及修改记录（谁、服务器时间、平板时间）/ the checkpoint's rules and who changed what, when (server and tablet clock);
      --retention-days 设置该卡点平板保留已同步记录的天数（默认 30）/ how long the checkpoint's tablets keep entries the server has (default 30);
      --server-retention-days 设置服务器保留全部记录和打卡的天数（默认 28，每小时删除更早的）/ how long the server keeps
      every entry and check-in (default 28; older ones are deleted hourly, figures stay)
  kadian policy set FIELD VALUE [--checkpoint ID]
      设置一项规则，如 colours.yellow check、capacity none / set one rule, e.g. colours.yellow check, capacity none
  kadian policy restore VERSION [--checkpoint ID]
      恢复到某配置版本之后的规则（记为一次新修改）/ back to the rules right after that config version (recorded as a new change)
  kadian key-persons import FILE.csv [--checkpoint ID | --all] [--skip-bad]
      导入重点人员名单（列 id_number,category,note；替换该卡点原名单）/ import key persons (columns id_number,category,note;
      replaces the checkpoint's list); any bad row stops the import unless --skip-bad
  kadian key-persons list [--checkpoint ID]
      列出重点人员 / list the key persons
  kadian colour-rules list [--json] | set CATEGORY green|blue|yellow|red DAYS | reset
      重点人员类别对应的健康码颜色及天数（自列入名单起），与打卡规则取较差者；改后颜色变差者的当日健康码即被撤销
      / the colour and days (from being put on the list) each key-person category gives; the worse of it and the check-in
      rules is the resident's colour; a change that makes a holder's colour worse revokes their code of today
  kadian resident-code --id ID --name NAME [--phone P] [--address A] [--community C]
      居民信息码 KDR1: / a resident code (KDR1:)
  kadian export [--format csv|xlsx] [--lang zh|en] [--since ISO] [--checkpoint ID] [--area ID]
      导出中心日志到标准输出（默认中文列名）/ the central log on stdout (Chinese headers unless --lang en),
      e.g. kadian export > log.csv, kadian export --format xlsx --area A > log.xlsx (an area and all below it)
  kadian trace person ID --since DATE --until DATE --reason R [--json]
  kadian trace place PLACE_OR_CHECKPOINT --from YYYY-MM-DDTHH:mm --to YYYY-MM-DDTHH:mm --reason R [--json]
  kadian trace contacts ID --since DATE --until DATE [--window MIN] [--depth 2] --reason R [--json]
      追溯（全市，本地时间 TIME_ZONE）：某人的轨迹与在场时段、某场所/卡点的到访人员、密接人员（按共处时长排序）；
      必须填写事由（案件编号或说明），每次查询都记入审计日志 / tracing over the whole city in local time: a person's
      passages and stays, a place's (or gate's) visitors, a person's contacts ranked by time together (--window: ± minutes
      where only entries exist, default 15); a reason (case number or note) is required and every query is audited
  kadian health-code --id ID --name NAME [--colour green|blue|yellow|red]
      签发健康码 KDH1:（不指定颜色则按打卡规则）/ a signed health code (KDH1:), colour by the check-in rules unless given
  kadian keys list | add | retire KID
      健康码签发密钥 / the health-code issuer keys (add makes the new key active; retire keeps it trusted until its codes expire)
  kadian trust list | add-dcc-cert BASE64-DER [--country XX]
      平板的信任列表（JSON）/ the tablets' trust list (JSON); add an EU DCC signer certificate
  kadian verify [--at ISO-TIME] [--trust-cert BASE64-DER]… [--trust-data-dir] "<QR text>"
      离线核验一个码（JSON，有效退出码 0，无效 1）/ verify one code offline, as a tablet does (JSON; exit 0 valid, 1 not valid)

Environment: DATA_DIR (default ./data), PUBLIC_URL and PORT (default: the address of the server running on DATA_DIR,
  else http://localhost:8080)
  ISSUER_NAME (default kadian), TIME_ZONE (default Asia/Shanghai), CODE_TTL_MINUTES (default: codes end with their day)
  RATE_LIMIT_ENROL (default 10), RATE_LIMIT_RESIDENT (default 30), RATE_LIMIT_SELF_CHECK_IN (default 60): requests per
  minute per IP (0: none); TRUST_PROXY
  RESIDENT_VERIFIER (default none: names as given; test-double for tests only)`;

type Command = (args: string[]) => Promise<void | number>;

// A command may return its own exit code (verify: 1 for a code that is not valid); none means 0. Each is imported only
// when run: a command loads its own part of the server, not every other's (xlsx, the issuer, the importers).
const COMMANDS: Record<string, () => Promise<Command>> = {
  'enrol-code': async () => (await import('./commands.ts')).enrolCode,
  'enrol-sheet': async () => (await import('./enrolSheet.ts')).enrolSheet,
  'enrol-codes': async () => (await import('./enrolSheet.ts')).enrolCodes,
  posters: async () => (await import('./posters.ts')).posters,
  areas: async () => (await import('./city.ts')).areasCommand,
  places: async () => (await import('./city.ts')).placesCommand,
  checkpoints: async () => (await import('./city.ts')).checkpointsCommand,
  users: async () => (await import('./users.ts')).users,
  audit: async () => (await import('./auditCommand.ts')).audit,
  devices: async () => (await import('./devices.ts')).devices,
  anomalies: async () => (await import('./anomalies.ts')).anomalies,
  residents: async () => (await import('./residents.ts')).residents,
  arrivals: async () => (await import('./arrivals.ts')).arrivals,
  'arrival-rules': async () => (await import('./arrivals.ts')).arrivalRules,
  'resident-code': async () => (await import('./commands.ts')).residentCode,
  export: async () => (await import('./commands.ts')).exportLog,
  trace: async () => (await import('./trace.ts')).trace,
  'lead-pin': async () => (await import('./lead.ts')).leadPin,
  policy: async () => (await import('./policy.ts')).policy,
  'key-persons': async () => (await import('./keyPersons.ts')).keyPersons,
  'colour-rules': async () => (await import('./colourRules.ts')).colourRules,
  'health-code': async () => (await import('./healthCode.ts')).healthCode,
  keys: async () => (await import('./healthCode.ts')).keys,
  trust: async () => (await import('./healthCode.ts')).trust,
  verify: async () => (await import('./verify.ts')).verify,
};

async function run(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const load = name === undefined || !Object.hasOwn(COMMANDS, name) ? undefined : COMMANDS[name];
  if (!load) {
    say(name === undefined || name === '--help' || name === '-h' || name === 'help' ? USAGE : `未知命令 / Unknown command: ${name}\n\n${USAGE}`);
    return 2;
  }
  try {
    const command = await load();
    return (await command(args)) ?? 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (error instanceof UsageError) say(error.message);
    else if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) say(`${(error as Error).message}\n\n${USAGE}`);
    else if (code === 'EPIPE') return 0; // the reader (say, `head`) has had enough
    else {
      say(`出错了 / Failed: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    return 2;
  }
}

// A closed pipe (\`kadian export | head\`) is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const [commandName = '', ...commandArgs] = process.argv.slice(2);
const exitCode = await run(process.argv.slice(2));
// Every command that ran is written to the audit log (cli/audit.ts), whatever its outcome.
process.exitCode = Object.hasOwn(COMMANDS, commandName) ? await auditRun(commandName, commandArgs, exitCode) : exitCode;

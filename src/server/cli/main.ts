/** `kadian`: the central operator's command line; every command opens the database in DATA_DIR (default ./data). */
import { enrolCode, exportLog, residentCode } from './commands.ts';
import { devices } from './devices.ts';
import { healthCode, keys, trust } from './healthCode.ts';
import { keyPersons } from './keyPersons.ts';
import { leadPin, policy } from './lead.ts';
import { say, UsageError } from './output.ts';
import { verify } from './verify.ts';

const USAGE = `卡点 Kadian 运维命令 / operator commands

  kadian enrol-code [--checkpoint ID] [--pin PIN]
      一次性平板注册链接（24 小时）/ a one-time tablet enrolment URL (24 h), URL on stdout, QR on stderr;
      --pin 同时设置卡点负责人密码（4–8 位数字）/ --pin also sets the checkpoint's lead PIN (4–8 digits)
  kadian devices [--checkpoint ID] [--json]
      已注册平板：最后在线、待传条数、已收条数、缺失序号、时钟偏差 / enrolled tablets: last seen, entries waiting,
      received, missing sequence numbers (gaps) and clock skew; a table, or JSON with --json
  kadian devices revoke DEVICE_ID
      撤销平板（丢失或停用）：令牌立即失效 / withdraw a tablet (lost or retired): its token stops working at once
  kadian lead-pin set PIN [--checkpoint ID]
      设置负责人密码（只存哈希）/ set the checkpoint's lead PIN (only its PBKDF2 hash is stored)
  kadian policy [--checkpoint ID] [--retention-days N]
      卡点当前规则及修改记录 / the checkpoint's rules and who changed what, when;
      --retention-days 设置平板保留已同步记录的天数（默认 30）/ how long tablets keep entries the server has (default 30)
  kadian key-persons import FILE.csv [--checkpoint ID | --all] [--skip-bad]
      导入重点人员名单（列 id_number,category,note；替换该卡点原名单）/ import key persons (columns id_number,category,note;
      replaces the checkpoint's list); any bad row stops the import unless --skip-bad
  kadian key-persons list [--checkpoint ID]
      列出重点人员 / list the key persons
  kadian resident-code --id ID --name NAME [--phone P] [--address A] [--community C]
      居民信息码 KDR1: / a resident code (KDR1:)
  kadian export [--format csv|xlsx] [--lang zh|en] [--since ISO] [--checkpoint ID] [--community ID]
      导出中心日志到标准输出（默认中文列名）/ the central log on stdout (Chinese headers unless --lang en),
      e.g. kadian export > log.csv, kadian export --format xlsx --community C > log.xlsx
  kadian health-code --id ID --name NAME [--colour green|yellow|red]
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
  RATE_LIMIT_ENROL (default 10), RATE_LIMIT_RESIDENT (default 30): requests per minute per IP (0: none); TRUST_PROXY`;

// A command may return its own exit code (verify: 1 for a code that is not valid); none means 0.
const COMMANDS: Record<string, (args: string[]) => Promise<void | number>> = {
  'enrol-code': enrolCode,
  devices,
  'resident-code': residentCode,
  export: exportLog,
  'lead-pin': leadPin,
  policy,
  'key-persons': keyPersons,
  'health-code': healthCode,
  keys,
  trust,
  verify,
};

async function run(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    say(name === undefined || name === '--help' || name === '-h' || name === 'help' ? USAGE : `未知命令 / Unknown command: ${name}\n\n${USAGE}`);
    return 2;
  }
  try {
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
process.exitCode = await run(process.argv.slice(2));

/** Starts the central server: opens DATA_DIR, serves the API and the built PWA, and shows how to enrol a tablet. */
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { removeServerAddress, writeServerAddress } from './address.ts';
import { buildApp } from './app.ts';
import { realNameVerifier } from './residents/realName.ts';
import { readConsoleSettings } from './console/settings.ts';
import { demoLeadPin } from './tablets/demoPin.ts';
import { enrolmentUrl, issueEnrolmentCode } from './tablets/enrolment.ts';
import { scheduleRetention } from './operator/retentionSchedule.ts';
import { doesOnceOnlyWork, onPrimaryShutdown, runPrimary } from './cluster.ts';
import { openReadReplicas, openStorage, readReplicaUrls, readServerProcesses, readSettings, type Settings } from './settings.ts';
import { lanUrls, terminalQr } from './terminal.ts';
import type { Checkpoint } from './storage/storage.ts';

/** How long a stopping server lets requests under way finish before it cuts their connections. */
const SHUTDOWN_GRACE_MS = 5_000;

function banner(settings: Settings, checkpoint: Checkpoint, url: string, publicUrlSet: boolean, leadPin: string | null): string {
  const lan = lanUrls(settings.port);
  const lines = [
    '',
    '卡点 Kadian 中心服务器已启动 / central server is running',
    `  服务器地址 / Server:            ${settings.publicUrl}   (listening on ${settings.host}:${settings.port})`,
    '',
    `  注册平板（${checkpoint.communityName} ${checkpoint.name}，一次性，24 小时内有效）`,
    `  Enrol a tablet for ${checkpoint.id} (one-time code, valid 24 h): open or scan`,
    `    ${url}`,
    terminalQr(url),
    '  更多注册码 / More codes:  npx kadian enrol-code',
    '',
    leadPin === null
      ? '  负责人密码已被修改，此处不显示 / The lead PIN was changed since: not shown here (npx kadian lead-pin set PIN to set a new one)'
      : `  负责人模式密码 / Lead mode PIN:  ${leadPin}`,
  ];
  if (lan.length > 0) {
    lines.push('', '  同一 Wi-Fi 下的平板可用以下地址 / A tablet on the same Wi-Fi can use:', ...lan.map((u) => `    ${u}`));
    if (!publicUrlSet) {
      lines.push(
        `  请设置 PUBLIC_URL（例如 PUBLIC_URL=${lan[0]}）后重启，注册链接才能在平板上打开。`,
        `  Set PUBLIC_URL (e.g. PUBLIC_URL=${lan[0]}) and restart, so the enrolment link opens on a tablet.`,
      );
    }
  }
  lines.push(
    '  注意：平板上的摄像头和离线功能需要 HTTPS（localhost 除外），请在前面加 HTTPS 反向代理并把 PUBLIC_URL 设为其地址。',
    '  Note: the camera and offline mode need HTTPS on a tablet (localhost excepted): put an HTTPS reverse proxy in front and set PUBLIC_URL to it.',
    '',
    `  示例二维码（居民信息码、绿黄红健康码）/ Sample codes to scan:  ${settings.publicUrl}/samples`,
    `  居民信息填报 / Resident self-registration:                ${settings.publicUrl}/register`,
    `  每日健康打卡、我的健康码 / Daily check-in, my health code: ${settings.publicUrl}/health`,
    '  每个请求的日志 / One log line per request:  LOG_LEVEL=debug',
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const read = readSettings();
  if (!read.ok) {
    console.error(`配置错误 / Configuration error: ${read.error}`);
    process.exit(2);
  }
  const settings = read.value;
  const consoleSettings = readConsoleSettings();
  if (!consoleSettings.ok) {
    console.error(`配置错误 / Configuration error: ${consoleSettings.error}`);
    process.exit(2);
  }
  const replicaUrls = readReplicaUrls();
  if (!replicaUrls.ok) {
    console.error(`配置错误 / Configuration error: ${replicaUrls.error}`);
    process.exit(2);
  }
  const processes = readServerProcesses();
  if (!processes.ok) {
    console.error(`配置错误 / Configuration error: ${processes.error}`);
    process.exit(2);
  }
  // The primary of several only forks and watches them (cluster.ts); each worker goes on below as a server.
  if (processes.value > 1 && cluster.isPrimary) return runPrimary(processes.value, settings.port);
  const once = doesOnceOnlyWork();
  const storage = openStorage(settings.dataDir);
  const reads = openReadReplicas(replicaUrls.value);
  const staticDir = existsSync(join(settings.appDir, 'index.html')) ? settings.appDir : undefined;
  if (!staticDir) {
    console.warn(`警告：未找到已构建的应用（${settings.appDir}），只提供 API。请先运行 npm run build（或用 npm start）。`);
    console.warn(`Warning: the app is not built (${settings.appDir} has no index.html); serving the API only. Run \`npm run build\` first, or use \`npm start\`.`);
  }

  const app = await buildApp({
    storage,
    staticDir,
    publicUrl: settings.publicUrl,
    dataDir: settings.dataDir,
    healthCodes: settings.healthCodes,
    rateLimits: settings.rateLimits,
    trustProxy: settings.trustProxy,
    console: consoleSettings.value,
    residentVerifier: realNameVerifier(settings.residentVerifier),
    ...(settings.residentPasskeyRpId !== undefined && { residentPasskeyRpId: settings.residentPasskeyRpId }),
    reads,
    logger: {
      level: process.env.LOG_LEVEL ?? 'info',
      // Query strings can carry an enrolment code (/enrol?code=…): log the path only.
      serializers: { req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url?.split('?')[0] }) },
    },
  });

  // Stopped before the storage closes: a run under way ends after its batch (app.close() runs onClose hooks first). One
  // process of SERVER_PROCESSES schedules it; separate servers on one PostgreSQL each do, and take turns (an advisory lock).
  if (once) {
    const retention = scheduleRetention(storage, app.log, { timeZone: settings.healthCodes.timeZone });
    app.addHook('onClose', () => retention.stop());
  }

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) process.exit(1); // a second Ctrl-C: stop waiting
    closing = true;
    app.log.info(`${signal}: closing`);
    if (once) removeServerAddress(settings.dataDir);
    // Requests under way may finish, but a client that never sends the rest of its body (a tablet whose Wi-Fi died
    // mid-upload) must not keep the server from stopping: after the grace, every connection is cut. A tablet whose push
    // was cut off sends it again, and it is stored once.
    setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    app.close()
      .then(() => Promise.all([storage, ...reads].map((s) => s.close())))
      .then(() => process.exit(0), (error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // The primary's SIGTERM reaches a worker as a message; a Ctrl-C reaches both, and closes it once.
  onPrimaryShutdown(() => {
    if (!closing) shutdown('SIGTERM');
  });

  // The route schemas no request has needed yet, compiled in the background: one that cannot compile stops the server
  // now, as it did when they were compiled before it listened, not when its route is first asked for.
  const compileSchemas = (): void => void app.compileSchemas().catch((error: unknown) => {
    console.error('路由模式无法编译 / A route schema does not compile:', error);
    process.exit(1);
  });

  if (!once) {
    await app.listen({ port: settings.port, host: settings.host });
    compileSchemas();
    return;
  }
  const { checkpoint, created } = await storage.ensureDemo();
  if (created) app.log.info(`created the demo checkpoint ${checkpoint.id} (${checkpoint.communityName} ${checkpoint.name})`);
  await app.listen({ port: settings.port, host: settings.host });
  compileSchemas();
  writeServerAddress(settings.dataDir, settings.publicUrl);
  const leadPin = await demoLeadPin(storage, settings.dataDir, checkpoint.id);
  if (leadPin.created) app.log.info(`gave the demo checkpoint a lead PIN (shown in the banner, kept in DATA_DIR/demo-pin.txt)`);
  const issued = await issueEnrolmentCode(storage, checkpoint.id);
  console.log(banner(settings, checkpoint, enrolmentUrl(settings.publicUrl, issued.code), Boolean(process.env.PUBLIC_URL?.trim()), leadPin.pin));
}

main().catch((error: unknown) => {
  const inUse = (error as { code?: unknown }).code === 'EADDRINUSE';
  console.error('服务器无法启动 / The server could not start:', error instanceof Error ? error.message : error);
  if (inUse) console.error('端口已被占用，请设置其他 PORT / The port is taken: set another PORT, e.g. PORT=8081');
  process.exit(1);
});
